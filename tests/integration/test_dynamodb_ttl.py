"""Time to live through boto3: an item whose TTL attribute is in the past is deleted by the
background sweep; items without it, with a future expiry or with a non-number stay."""

import time

from dynamodb_test_support import DynamoDbTestCase


class TimeToLiveSweepTest(DynamoDbTestCase):
    def test_expired_items_are_swept(self):
        name = self.create_table(
            more_definitions={"g": "S"},
            GlobalSecondaryIndexes=[{"IndexName": "by-g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                     "Projection": {"ProjectionType": "ALL"}}],
        )
        now = int(time.time())
        self.ddb.put_item(TableName=name, Item={"id": {"S": "before-enable"}, "exp": {"N": str(now - 60)}})
        self.ddb.update_time_to_live(TableName=name, TimeToLiveSpecification={"Enabled": True, "AttributeName": "exp"})
        items = {
            "expired": {"exp": {"N": str(now - 10)}, "g": {"S": "x"}},
            "future": {"exp": {"N": str(now + 3600)}},
            "no-ttl": {},
            "text-ttl": {"exp": {"S": "soon"}},
            "ancient": {"exp": {"N": str(now - 6 * 365 * 86400)}},
        }
        for key, attributes in items.items():
            self.ddb.put_item(TableName=name, Item={"id": {"S": key}, **attributes})
        deadline = time.time() + 10
        remaining = None
        while time.time() < deadline:
            remaining = {i["id"]["S"] for i in self.ddb.scan(TableName=name)["Items"]}
            if "expired" not in remaining and "before-enable" not in remaining:
                break
            time.sleep(0.2)
        self.assertEqual(remaining, {"future", "no-ttl", "text-ttl", "ancient"})
        index = self.ddb.scan(TableName=name, IndexName="by-g")
        self.assertEqual(index["Count"], 0)
