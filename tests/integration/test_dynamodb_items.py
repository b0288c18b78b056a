"""PutItem, GetItem and DeleteItem through boto3's client and resource APIs: conditions,
ReturnValues, ReturnValuesOnConditionCheckFailure, consumed capacity, projections, legacy
parameters, and AWS's key and size errors."""

import json
import urllib.error
import urllib.request

from boto3.dynamodb.conditions import Attr
from botocore.exceptions import ClientError

from dynamodb_test_support import DynamoDbTestCase


class PutGetDeleteTest(DynamoDbTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.table = "items"
        cls.ddb.create_table(
            TableName=cls.table,
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )

    def test_put_then_get_round_trips_every_type(self):
        item = {
            "id": {"S": "all-types"},
            "s": {"S": "text"},
            "n": {"N": "1.50"},
            "b": {"B": b"\x00\x01"},
            "t": {"BOOL": True},
            "z": {"NULL": True},
            "m": {"M": {"inner": {"L": [{"N": "1e3"}, {"S": "x"}]}}},
            "ss": {"SS": ["a", "b"]},
            "ns": {"NS": ["1", "2.0"]},
            "bs": {"BS": [b"a"]},
        }
        self.ddb.put_item(TableName=self.table, Item=item)
        got = self.ddb.get_item(TableName=self.table, Key={"id": {"S": "all-types"}})["Item"]
        self.assertEqual(got["n"], {"N": "1.5"})
        self.assertEqual(got["m"]["M"]["inner"]["L"][0], {"N": "1000"})
        self.assertEqual(got["b"], {"B": b"\x00\x01"})
        self.assertEqual(sorted(got["ns"]["NS"]), ["1", "2"])
        self.assertEqual(got["z"], {"NULL": True})

    def test_plain_overwrites_keep_counts_sizes_and_the_latest_item(self):
        # A plain PutItem on a table without indexes or streams does not read the item it
        # replaces; the stored item, the table's counts and later reads must not notice.
        name = self.create_table()

        def described(table):
            table = self.ddb.describe_table(TableName=table)["Table"]
            return [table["ItemCount"], table["TableSizeBytes"]]

        for pad in ("small", "x" * 700, "mid" * 20):
            self.ddb.put_item(TableName=name, Item={"id": {"S": "a"}, "pad": {"S": pad}})
        self.ddb.put_item(TableName=name, Item={"id": {"S": "b"}, "n": {"N": "1"}})
        self.ddb.put_item(TableName=name, Item={"id": {"S": "b"}, "n": {"N": "22"}})
        fresh = self.create_table()
        self.ddb.put_item(TableName=fresh, Item={"id": {"S": "a"}, "pad": {"S": "mid" * 20}})
        self.ddb.put_item(TableName=fresh, Item={"id": {"S": "b"}, "n": {"N": "22"}})
        self.assertEqual(described(name), described(fresh))
        self.assertEqual(described(name)[0], 2)
        old = self.ddb.put_item(TableName=name, Item={"id": {"S": "a"}}, ReturnValues="ALL_OLD")
        self.assertEqual(old["Attributes"], {"id": {"S": "a"}, "pad": {"S": "mid" * 20}})

    def test_plain_deletes_keep_counts_and_sizes(self):
        # A plain DeleteItem (and a batch delete) on a table without indexes or streams does not
        # read the item it removes; the counts must still follow, and a missing key change nothing.
        name = self.create_table()

        def described():
            table = self.ddb.describe_table(TableName=name)["Table"]
            return (table["ItemCount"], table["TableSizeBytes"])

        for key, pad in (("a", "x" * 50), ("b", "yy"), ("c", "z")):
            self.ddb.put_item(TableName=name, Item={"id": {"S": key}, "pad": {"S": pad}})
        self.assertEqual(described(), (3, (3 + 3 + 50) + (3 + 3 + 2) + (3 + 3 + 1)))
        self.ddb.delete_item(TableName=name, Key={"id": {"S": "a"}})
        self.ddb.delete_item(TableName=name, Key={"id": {"S": "missing"}})
        self.assertEqual(described(), (2, (3 + 3 + 2) + (3 + 3 + 1)))
        self.ddb.batch_write_item(RequestItems={name: [
            {"DeleteRequest": {"Key": {"id": {"S": "b"}}}},
            {"DeleteRequest": {"Key": {"id": {"S": "gone"}}}},
        ]})
        self.assertEqual(described(), (1, 3 + 3 + 1))
        self.assertNotIn("Item", self.ddb.get_item(TableName=name, Key={"id": {"S": "a"}}))
        self.assertNotIn("Item", self.ddb.get_item(TableName=name, Key={"id": {"S": "b"}}))
        # A key of the wrong type is still refused before anything is deleted.
        self.assert_error(self.ddb.delete_item, "ValidationException",
                          "One or more parameter values were invalid: Type mismatch for key id "
                          "expected: S actual: N", TableName=name, Key={"id": {"N": "1"}})
        self.assertEqual(described(), (1, 3 + 3 + 1))

    def test_get_missing_item_has_no_item(self):
        self.assertNotIn("Item", self.ddb.get_item(TableName=self.table, Key={"id": {"S": "missing"}}))

    def test_projection_expression(self):
        self.ddb.put_item(
            TableName=self.table,
            Item={"id": {"S": "proj"}, "a": {"S": "1"}, "b": {"M": {"c": {"N": "2"}, "d": {"N": "3"}}}},
        )
        got = self.ddb.get_item(
            TableName=self.table,
            Key={"id": {"S": "proj"}},
            ProjectionExpression="a, #b.c",
            ExpressionAttributeNames={"#b": "b"},
            ConsistentRead=True,
        )["Item"]
        self.assertEqual(got, {"a": {"S": "1"}, "b": {"M": {"c": {"N": "2"}}}})
        legacy = self.ddb.get_item(TableName=self.table, Key={"id": {"S": "proj"}}, AttributesToGet=["a"])
        self.assertEqual(legacy["Item"], {"a": {"S": "1"}})

    def test_put_return_values_all_old(self):
        key = {"id": {"S": "rv"}}
        first = self.ddb.put_item(TableName=self.table, Item={**key, "v": {"N": "1"}}, ReturnValues="ALL_OLD")
        self.assertNotIn("Attributes", first)
        second = self.ddb.put_item(TableName=self.table, Item={**key, "v": {"N": "2"}}, ReturnValues="ALL_OLD")
        self.assertEqual(second["Attributes"], {**key, "v": {"N": "1"}})
        self.assert_error(
            self.ddb.put_item, "ValidationException", "ReturnValues can only be ALL_OLD or NONE",
            TableName=self.table, Item=key, ReturnValues="ALL_NEW",
        )

    def test_conditional_put_and_delete(self):
        key = {"id": {"S": "cond"}}
        self.ddb.put_item(TableName=self.table, Item={**key, "v": {"N": "1"}},
                          ConditionExpression="attribute_not_exists(id)")
        self.assert_error(
            self.ddb.put_item, "ConditionalCheckFailedException", "The conditional request failed",
            TableName=self.table, Item={**key, "v": {"N": "2"}}, ConditionExpression="attribute_not_exists(id)",
        )
        error = self.assert_error(
            self.ddb.delete_item, "ConditionalCheckFailedException", "The conditional request failed",
            TableName=self.table, Key=key, ConditionExpression="v = :two",
            ExpressionAttributeValues={":two": {"N": "2"}}, ReturnValuesOnConditionCheckFailure="ALL_OLD",
        )
        self.assertEqual(error.response["Item"], {**key, "v": {"N": "1"}})
        self.assertEqual(self.ddb.get_item(TableName=self.table, Key=key)["Item"]["v"], {"N": "1"})
        deleted = self.ddb.delete_item(
            TableName=self.table, Key=key, ConditionExpression="v = :one",
            ExpressionAttributeValues={":one": {"N": "1"}}, ReturnValues="ALL_OLD",
        )
        self.assertEqual(deleted["Attributes"], {**key, "v": {"N": "1"}})
        self.assertNotIn("Item", self.ddb.get_item(TableName=self.table, Key=key))

    def test_legacy_expected(self):
        key = {"id": {"S": "expected"}}
        self.ddb.put_item(TableName=self.table, Item={**key, "v": {"N": "1"}},
                          Expected={"id": {"Exists": False}})
        self.assert_error(
            self.ddb.put_item, "ConditionalCheckFailedException", "The conditional request failed",
            TableName=self.table, Item=key, Expected={"v": {"Value": {"N": "5"}}},
        )
        self.ddb.put_item(TableName=self.table, Item=key, Expected={"v": {"Value": {"N": "1"}}})
        self.assert_error(
            self.ddb.put_item, "ValidationException",
            "Can not use both expression and non-expression parameters in the same request: "
            "Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}",
            TableName=self.table, Item=key, Expected={"v": {"Exists": False}},
            ConditionExpression="attribute_not_exists(v)",
        )

    def test_consumed_capacity_follows_item_size(self):
        big = {"id": {"S": "cap"}, "data": {"S": "x" * 1500}}
        put = self.ddb.put_item(TableName=self.table, Item=big, ReturnConsumedCapacity="TOTAL")
        self.assertEqual(put["ConsumedCapacity"], {"TableName": self.table, "CapacityUnits": 2.0})
        get = self.ddb.get_item(TableName=self.table, Key={"id": {"S": "cap"}}, ReturnConsumedCapacity="TOTAL")
        self.assertEqual(get["ConsumedCapacity"]["CapacityUnits"], 0.5)
        strong = self.ddb.get_item(TableName=self.table, Key={"id": {"S": "cap"}},
                                   ConsistentRead=True, ReturnConsumedCapacity="INDEXES")
        self.assertEqual(strong["ConsumedCapacity"]["CapacityUnits"], 1.0)
        self.assertEqual(strong["ConsumedCapacity"]["Table"], {"CapacityUnits": 1.0})
        huge = {"id": {"S": "cap"}, "data": {"S": "x" * 9000}}
        self.assertEqual(
            self.ddb.put_item(TableName=self.table, Item=huge, ReturnConsumedCapacity="TOTAL")
            ["ConsumedCapacity"]["CapacityUnits"], 9.0)

    def test_key_errors(self):
        self.assert_error(
            self.ddb.get_item, "ValidationException",
            "One or more parameter values were invalid: Type mismatch for key id expected: S actual: N",
            TableName=self.table, Key={"id": {"N": "1"}},
        )
        self.assert_error(
            self.ddb.get_item, "ValidationException", "The provided key element does not match the schema",
            TableName=self.table, Key={"other": {"S": "1"}},
        )
        self.assert_error(
            self.ddb.get_item, "ValidationException", "The provided key element does not match the schema",
            TableName=self.table, Key={"id": {"S": "1"}, "extra": {"S": "2"}},
        )
        self.assert_error(
            self.ddb.put_item, "ValidationException",
            "One or more parameter values were invalid: Missing the key id in the item",
            TableName=self.table, Item={"other": {"S": "1"}},
        )
        self.assert_error(
            self.ddb.put_item, "ValidationException",
            "One or more parameter values were invalid: Type mismatch for key id expected: S actual: N",
            TableName=self.table, Item={"id": {"N": "1"}},
        )
        self.assert_error(
            self.ddb.put_item, "ValidationException",
            "One or more parameter values are not valid. The AttributeValue for a key attribute "
            "cannot contain an empty string value. Key: id",
            TableName=self.table, Item={"id": {"S": ""}},
        )

    def test_item_over_400_kb_is_refused_and_nothing_changes(self):
        self.assert_error(
            self.ddb.put_item, "ValidationException", "Item size has exceeded the maximum allowed size",
            TableName=self.table, Item={"id": {"S": "big"}, "data": {"S": "x" * (400 * 1024)}},
        )
        self.assertNotIn("Item", self.ddb.get_item(TableName=self.table, Key={"id": {"S": "big"}}))

    def test_missing_table(self):
        self.assert_error(
            self.ddb.put_item, "ResourceNotFoundException", "Requested resource not found",
            TableName="no-such-table", Item={"id": {"S": "1"}},
        )
        self.assert_error(
            self.ddb.get_item, "ResourceNotFoundException", "Requested resource not found",
            TableName="no-such-table", Key={"id": {"S": "1"}},
        )

    def test_unused_expression_values(self):
        self.assert_error(
            self.ddb.put_item, "ValidationException",
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}",
            TableName=self.table, Item={"id": {"S": "u"}}, ConditionExpression="attribute_not_exists(id)",
            ExpressionAttributeValues={":unused": {"S": "x"}},
        )

    def test_table_arn_as_table_name(self):
        arn = self.ddb.describe_table(TableName=self.table)["Table"]["TableArn"]
        self.ddb.put_item(TableName=arn, Item={"id": {"S": "by-arn"}})
        self.assertIn("Item", self.ddb.get_item(TableName=self.table, Key={"id": {"S": "by-arn"}}))


class MalformedRequestTest(DynamoDbTestCase):
    def raw(self, operation, body):
        request = urllib.request.Request(
            self.eddy.endpoint + "/", data=json.dumps(body).encode(), method="POST",
            headers={
                "Content-Type": "application/x-amz-json-1.0",
                "X-Amz-Target": f"DynamoDB_20120810.{operation}",
                "Authorization": "AWS4-HMAC-SHA256 Credential=test/20261126/us-east-1/dynamodb/"
                                 "aws4_request, SignedHeaders=host, Signature=0",
            })
        try:
            with urllib.request.urlopen(request) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def test_members_of_the_wrong_type_are_client_errors(self):
        name = self.create_table()
        for operation, body in [
            ("PutItem", {"TableName": 1, "Item": {"id": {"S": "a"}}}),
            ("GetItem", {"TableName": name, "Key": {"id": {"S": "a"}}, "AttributesToGet": 5}),
            ("DescribeTable", {"TableName": ["x"]}),
            ("ListTables", {"ExclusiveStartTableName": {}}),
        ]:
            with self.subTest(operation):
                status, body = self.raw(operation, body)
                self.assertEqual(status, 400)
                self.assertEqual(body["__type"], "com.amazonaws.dynamodb.v20120810#SerializationException")
        status, body = self.raw("PutItem", {"TableName": name, "Item": {"id": {"S": "after"}}})
        self.assertEqual(status, 200)


class ResourceApiTest(DynamoDbTestCase):
    def test_table_resource_put_get_delete_with_conditions(self):
        name = self.create_table(hash_key=("pk", "S"), range_key=("sk", "N"))
        table = self.resource.Table(name)
        table.put_item(Item={"pk": "a", "sk": 1, "count": 5, "tags": {"x", "y"}})
        item = table.get_item(Key={"pk": "a", "sk": 1})["Item"]
        self.assertEqual(item["count"], 5)
        self.assertEqual(item["tags"], {"x", "y"})
        with self.assertRaises(ClientError) as raised:
            table.put_item(Item={"pk": "a", "sk": 1}, ConditionExpression=Attr("pk").not_exists())
        self.assertEqual(raised.exception.response["Error"]["Code"], "ConditionalCheckFailedException")
        table.delete_item(Key={"pk": "a", "sk": 1}, ConditionExpression=Attr("count").gt(4))
        self.assertNotIn("Item", table.get_item(Key={"pk": "a", "sk": 1}))
