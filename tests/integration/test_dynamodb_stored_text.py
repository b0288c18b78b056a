"""Items are stored as JSON text and read back by Eddy's own writer and reader of that text: every
way a string can need escaping, and text beyond ASCII, must come back byte for byte through every
read (GetItem, Query, Scan, BatchGetItem, a GSI, ReturnValues) and through an update."""

from dynamodb_test_support import DynamoDbTestCase

CONTROL = "".join(chr(c) for c in range(1, 0x20)) + "\x7f"
AWKWARD = [
    'quote " and backslash \\ and slash /',
    "control " + CONTROL,
    "Grüße, 東京, 😀",
    "\\u0041 is not an escape here",
    "",
]


class StoredTextTest(DynamoDbTestCase):
    def setUp(self):
        self.table = self.create_table(
            hash_key=("pk", "S"), range_key=("sk", "N"), more_definitions={"g": "S"},
            GlobalSecondaryIndexes=[{
                "IndexName": "by-g",
                "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "ALL"},
            }])

    def item(self, n, text):
        return {
            "pk": {"S": "p"},
            "sk": {"N": str(n)},
            "g": {"S": "g " + text if text else "g"},
            "text": {"S": text} if text else {"NULL": True},
            "nested": {"M": {text or "empty": {"L": [{"S": text}, {"SS": [text + "a", text + "b"]}]}}},
            "key \"with\" \n escapes": {"BOOL": True},
        }

    def test_awkward_text_reads_back_through_every_read(self):
        items = [self.item(n, text) for n, text in enumerate(AWKWARD)]
        for item in items:
            self.ddb.put_item(TableName=self.table, Item=item)
        for n, item in enumerate(items):
            got = self.ddb.get_item(TableName=self.table, Key={"pk": {"S": "p"}, "sk": {"N": str(n)}})
            self.assertEqual(got["Item"], item)
        queried = self.ddb.query(TableName=self.table, KeyConditionExpression="pk = :p",
                                 ExpressionAttributeValues={":p": {"S": "p"}})["Items"]
        self.assertEqual(queried, items)
        scanned = self.ddb.scan(TableName=self.table)["Items"]
        self.assertEqual(scanned, items)
        batch = self.ddb.batch_get_item(RequestItems={self.table: {
            "Keys": [{"pk": {"S": "p"}, "sk": {"N": str(n)}} for n in range(len(items))]}})
        self.assertCountEqual(batch["Responses"][self.table], items)
        for item in items:
            by_index = self.ddb.query(TableName=self.table, IndexName="by-g",
                                      KeyConditionExpression="g = :g",
                                      ExpressionAttributeValues={":g": item["g"]})["Items"]
            self.assertEqual(by_index, [item])

    def test_awkward_text_survives_update_and_return_values(self):
        first = self.item(0, AWKWARD[0])
        self.ddb.put_item(TableName=self.table, Item=first)
        replaced = self.ddb.put_item(TableName=self.table, Item=self.item(0, AWKWARD[1]),
                                     ReturnValues="ALL_OLD")
        self.assertEqual(replaced["Attributes"], first)
        updated = self.ddb.update_item(
            TableName=self.table, Key={"pk": {"S": "p"}, "sk": {"N": "0"}},
            UpdateExpression="SET #t = :t", ExpressionAttributeNames={"#t": "text"},
            ExpressionAttributeValues={":t": {"S": AWKWARD[2] + CONTROL}}, ReturnValues="ALL_NEW")
        self.assertEqual(updated["Attributes"]["text"], {"S": AWKWARD[2] + CONTROL})
        got = self.ddb.get_item(TableName=self.table, Key={"pk": {"S": "p"}, "sk": {"N": "0"}})["Item"]
        self.assertEqual(got, updated["Attributes"])
        self.assertEqual(got["nested"], self.item(0, AWKWARD[1])["nested"])

