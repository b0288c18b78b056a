"""UpdateItem through boto3: SET/REMOVE/ADD/DELETE, every ReturnValues mode, conditions, creating
an item that did not exist, the key-attribute rule, and the legacy AttributeUpdates form."""

from decimal import Decimal

from boto3.dynamodb.conditions import Attr

from dynamodb_test_support import DynamoDbTestCase


class UpdateItemTest(DynamoDbTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.table = "updates"
        cls.ddb.create_table(
            TableName=cls.table,
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )

    def key(self, name):
        return {"id": {"S": name}}

    def test_update_creates_missing_item(self):
        out = self.ddb.update_item(
            TableName=self.table, Key=self.key("new"), UpdateExpression="SET v = :v",
            ExpressionAttributeValues={":v": {"N": "1"}}, ReturnValues="ALL_NEW",
        )
        self.assertEqual(out["Attributes"], {"id": {"S": "new"}, "v": {"N": "1"}})
        bare = self.ddb.update_item(TableName=self.table, Key=self.key("bare"), ReturnValues="ALL_NEW")
        self.assertEqual(bare["Attributes"], {"id": {"S": "bare"}})

    def test_return_values_modes(self):
        key = self.key("modes")
        self.ddb.put_item(TableName=self.table, Item={**key, "a": {"N": "1"}, "b": {"S": "keep"}})
        update = dict(TableName=self.table, Key=key, UpdateExpression="SET a = a + :one",
                      ExpressionAttributeValues={":one": {"N": "1"}})
        self.assertNotIn("Attributes", self.ddb.update_item(**update))
        self.assertEqual(self.ddb.update_item(**update, ReturnValues="UPDATED_OLD")["Attributes"], {"a": {"N": "2"}})
        self.assertEqual(self.ddb.update_item(**update, ReturnValues="UPDATED_NEW")["Attributes"], {"a": {"N": "4"}})
        self.assertEqual(
            self.ddb.update_item(**update, ReturnValues="ALL_OLD")["Attributes"],
            {**key, "a": {"N": "4"}, "b": {"S": "keep"}},
        )
        self.assertEqual(
            self.ddb.update_item(**update, ReturnValues="ALL_NEW")["Attributes"],
            {**key, "a": {"N": "6"}, "b": {"S": "keep"}},
        )

    def test_remove_add_delete_and_nested(self):
        key = self.key("clauses")
        self.ddb.put_item(
            TableName=self.table,
            Item={**key, "gone": {"S": "x"}, "tags": {"SS": ["a", "b"]}, "m": {"M": {"n": {"N": "1"}}}},
        )
        out = self.ddb.update_item(
            TableName=self.table, Key=key,
            UpdateExpression="REMOVE gone SET m.n = :two ADD hits :one DELETE tags :a",
            ExpressionAttributeValues={":two": {"N": "2"}, ":one": {"N": "1"}, ":a": {"SS": ["a"]}},
            ReturnValues="ALL_NEW",
        )["Attributes"]
        self.assertNotIn("gone", out)
        self.assertEqual(out["m"], {"M": {"n": {"N": "2"}}})
        self.assertEqual(out["hits"], {"N": "1"})
        self.assertEqual(out["tags"], {"SS": ["b"]})

    def test_updated_new_of_nested_path(self):
        key = self.key("nested")
        self.ddb.put_item(TableName=self.table, Item={**key, "m": {"M": {"a": {"N": "1"}, "b": {"N": "1"}}}})
        out = self.ddb.update_item(
            TableName=self.table, Key=key, UpdateExpression="SET m.a = :v",
            ExpressionAttributeValues={":v": {"N": "9"}}, ReturnValues="UPDATED_NEW",
        )
        self.assertEqual(out["Attributes"], {"m": {"M": {"a": {"N": "9"}}}})

    def test_condition_failure_changes_nothing(self):
        key = self.key("guarded")
        self.ddb.put_item(TableName=self.table, Item={**key, "v": {"N": "1"}})
        error = self.assert_error(
            self.ddb.update_item, "ConditionalCheckFailedException", "The conditional request failed",
            TableName=self.table, Key=key, UpdateExpression="SET v = :v", ConditionExpression="v > :v",
            ExpressionAttributeValues={":v": {"N": "10"}}, ReturnValuesOnConditionCheckFailure="ALL_OLD",
        )
        self.assertEqual(error.response["Item"], {**key, "v": {"N": "1"}})
        self.assertEqual(self.ddb.get_item(TableName=self.table, Key=key)["Item"]["v"], {"N": "1"})

    def test_key_attributes_cannot_be_updated(self):
        self.assert_error(
            self.ddb.update_item, "ValidationException",
            "One or more parameter values were invalid: Cannot update attribute id. This attribute "
            "is part of the key",
            TableName=self.table, Key=self.key("k"), UpdateExpression="SET id = :v",
            ExpressionAttributeValues={":v": {"S": "other"}},
        )

    def test_legacy_attribute_updates(self):
        key = self.key("legacy")
        out = self.ddb.update_item(
            TableName=self.table, Key=key,
            AttributeUpdates={"n": {"Action": "ADD", "Value": {"N": "3"}}, "s": {"Action": "PUT", "Value": {"S": "x"}}},
            ReturnValues="ALL_NEW",
        )["Attributes"]
        self.assertEqual(out, {**key, "n": {"N": "3"}, "s": {"S": "x"}})

    def test_resource_api_counter(self):
        table = self.resource.Table(self.table)
        for _ in range(3):
            table.update_item(
                Key={"id": "counter"}, UpdateExpression="ADD hits :one",
                ExpressionAttributeValues={":one": 1},
                ConditionExpression=Attr("locked").not_exists(),
            )
        self.assertEqual(table.get_item(Key={"id": "counter"})["Item"]["hits"], Decimal(3))
