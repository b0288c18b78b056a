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

    def test_plain_sets_under_a_presence_condition(self):
        # The shape UpdateItem works on the stored text: whole top-level attributes set to values,
        # under attribute_exists / attribute_not_exists alone, answering nothing.
        table = self.create_table(hash_key=("pk", "S"), range_key=("sk", "N"))
        key = {"pk": {"S": "p"}, "sk": {"N": "1"}}
        item = {**key, "db": {"N": "71.5"}, "m": {"M": {"q": {"S": 'a "}{," b'}}}, "zz": {"B": b"\x00\x01"}}
        self.ddb.put_item(TableName=table, Item=item)
        update = dict(TableName=table, Key=key, ConditionExpression="attribute_exists(pk)",
                      UpdateExpression="SET db = :d, aa = :s, #u = :l",
                      ExpressionAttributeNames={"#u": "über"},
                      ExpressionAttributeValues={":d": {"N": "072.50"}, ":s": {"S": 'x"\\y'},
                                                 ":l": {"L": [{"N": "1"}, {"NULL": True}]}})
        self.assertNotIn("Attributes", self.ddb.update_item(**update))
        expected = {**item, "db": {"N": "72.5"}, "aa": {"S": 'x"\\y'}, "über": {"L": [{"N": "1"}, {"NULL": True}]}}
        self.assertEqual(self.ddb.get_item(TableName=table, Key=key)["Item"], expected)
        # TableSizeBytes follows: the same as for the updated item put whole.
        put_whole = self.create_table(hash_key=("pk", "S"), range_key=("sk", "N"))
        self.ddb.put_item(TableName=put_whole, Item=expected)
        self.assertEqual(self.ddb.describe_table(TableName=table)["Table"]["TableSizeBytes"],
                         self.ddb.describe_table(TableName=put_whole)["Table"]["TableSizeBytes"])
        # A condition that fails changes nothing, and answers the old item when asked.
        with self.assertRaises(self.ddb.exceptions.ConditionalCheckFailedException) as failed:
            self.ddb.update_item(**{**update, "ConditionExpression": "attribute_not_exists(db)"},
                                 ReturnValuesOnConditionCheckFailure="ALL_OLD")
        self.assertEqual(failed.exception.response["Item"], expected)
        with self.assertRaises(self.ddb.exceptions.ConditionalCheckFailedException) as failed:
            self.ddb.update_item(**{**update, "Key": {"pk": {"S": "absent"}, "sk": {"N": "1"}}})
        self.assertNotIn("Item", failed.exception.response)
        self.assertEqual(self.ddb.get_item(TableName=table, Key=key)["Item"], expected)
        # attribute_not_exists of an attribute the item lacks holds.
        self.ddb.update_item(**{**update, "ConditionExpression": "attribute_not_exists(nothing)",
                                "ExpressionAttributeValues": {":d": {"N": "1"}, ":s": {"S": "s"},
                                                              ":l": {"L": []}}})
        self.assertEqual(self.ddb.get_item(TableName=table, Key=key)["Item"],
                         {**expected, "db": {"N": "1"}, "aa": {"S": "s"}, "über": {"L": []}})

    def test_counters_and_set_if_absent_under_a_presence_condition(self):
        # Counting writes (if_not_exists(a, :z) + :n, a - :n, ADD a :n) and set-if-absent are
        # worked on the stored text too: exact decimals, sizes as for the item put whole, and the
        # errors only the stored value shows still AWS's.
        table = self.create_table(hash_key=("pk", "S"))
        key = {"pk": {"S": "c"}}
        self.ddb.put_item(TableName=table, Item={**key, "note": {"S": "n"}, "big": {"N": "0.1"}})
        count = dict(TableName=table, Key=key, ConditionExpression="attribute_exists(pk)",
                     UpdateExpression="SET hits = if_not_exists(hits, :zero) + :one, "
                                      "since = if_not_exists(since, :t) ADD big :wide, down :one",
                     ExpressionAttributeValues={":zero": {"N": "0"}, ":one": {"N": "1"},
                                                ":t": {"S": "first"},
                                                ":wide": {"N": "99999999999999999999999999999999999.2"}})
        for _ in range(3):
            self.assertNotIn("Attributes", self.ddb.update_item(**count))
        self.ddb.update_item(TableName=table, Key=key, UpdateExpression="SET down = down - :half",
                             ExpressionAttributeValues={":half": {"N": "0.5"}})
        expected = {**key, "note": {"S": "n"}, "hits": {"N": "3"}, "since": {"S": "first"},
                    "big": {"N": "299999999999999999999999999999999997.7"}, "down": {"N": "2.5"}}
        self.assertEqual(self.ddb.get_item(TableName=table, Key=key)["Item"], expected)
        put_whole = self.create_table(hash_key=("pk", "S"))
        self.ddb.put_item(TableName=put_whole, Item=expected)
        self.assertEqual(self.ddb.describe_table(TableName=table)["Table"]["TableSizeBytes"],
                         self.ddb.describe_table(TableName=put_whole)["Table"]["TableSizeBytes"])
        # A sum with a string, a missing operand and a 39th digit: AWS's errors, nothing changed.
        for expression, values, message in [
            ("SET note = if_not_exists(note, :zero) + :one", {":zero": {"N": "0"}, ":one": {"N": "1"}},
             "An operand in the update expression has an incorrect data type"),
            ("SET nothing = nothing + :one", {":one": {"N": "1"}},
             "The provided expression refers to an attribute that does not exist in the item"),
            ("ADD big :huge", {":huge": {"N": "9.9999999999999999999999999999999999999E+125"}},
             "Attempting to store more than 38 significant digits in a Number"),
        ]:
            with self.assertRaises(self.ddb.exceptions.ClientError) as failed:
                self.ddb.update_item(TableName=table, Key=key, UpdateExpression=expression,
                                     ConditionExpression="attribute_exists(pk)",
                                     ExpressionAttributeValues=values)
            self.assertEqual(failed.exception.response["Error"]["Code"], "ValidationException")
            self.assertEqual(failed.exception.response["Error"]["Message"], message)
        self.assertEqual(self.ddb.get_item(TableName=table, Key=key)["Item"], expected)
        # Under attribute_not_exists(pk) an item that is there fails and keeps its counts.
        with self.assertRaises(self.ddb.exceptions.ConditionalCheckFailedException):
            self.ddb.update_item(**{**count, "ConditionExpression": "attribute_not_exists(pk)"})
        self.assertEqual(self.ddb.get_item(TableName=table, Key=key)["Item"], expected)
