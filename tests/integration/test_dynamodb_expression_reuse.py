"""Write expressions repeated across requests (parsed once, then reused): each request still gets
its own values, names and errors, whatever an earlier request with the same text gave."""

from dynamodb_test_support import DynamoDbTestCase


class ExpressionReuseTest(DynamoDbTestCase):
    def test_the_same_update_with_other_values_applies_each_request_s_values(self):
        name = self.create_table()
        key = {"id": {"S": "counter"}}
        update = "SET hits = if_not_exists(hits, :zero) + :step, #l = :label"
        for step, label in (("1", "a"), ("1", "a"), ("5", "b"), ("1", "a")):
            self.ddb.update_item(
                TableName=name, Key=key, UpdateExpression=update,
                ExpressionAttributeNames={"#l": "label"},
                ExpressionAttributeValues={":zero": {"N": "0"}, ":step": {"N": step},
                                           ":label": {"S": label}})
        item = self.ddb.get_item(TableName=name, Key=key)["Item"]
        self.assertEqual(item["hits"], {"N": "8"})
        self.assertEqual(item["label"], {"S": "a"})

    def test_the_same_text_with_other_names_writes_the_named_attribute(self):
        name = self.create_table()
        key = {"id": {"S": "named"}}
        for attribute in ("first", "second"):
            self.ddb.update_item(TableName=name, Key=key, UpdateExpression="SET #a = :v",
                                 ExpressionAttributeNames={"#a": attribute},
                                 ExpressionAttributeValues={":v": {"S": attribute}})
        item = self.ddb.get_item(TableName=name, Key=key)["Item"]
        self.assertEqual(item["first"], {"S": "first"})
        self.assertEqual(item["second"], {"S": "second"})

    def test_a_condition_reused_is_evaluated_against_each_item(self):
        name = self.create_table()
        condition = "attribute_not_exists(id)"
        self.ddb.put_item(TableName=name, Item={"id": {"S": "a"}}, ConditionExpression=condition)
        self.ddb.put_item(TableName=name, Item={"id": {"S": "b"}}, ConditionExpression=condition)
        self.assert_error(self.ddb.put_item, "ConditionalCheckFailedException",
                          "The conditional request failed", TableName=name,
                          Item={"id": {"S": "a"}, "x": {"S": "y"}}, ConditionExpression=condition)
        self.ddb.delete_item(TableName=name, Key={"id": {"S": "a"}},
                             ConditionExpression="attribute_exists(id)")
        self.assert_error(self.ddb.delete_item, "ConditionalCheckFailedException",
                          "The conditional request failed", TableName=name,
                          Key={"id": {"S": "a"}}, ConditionExpression="attribute_exists(id)")

    def test_errors_follow_each_request_not_the_one_parsed_before(self):
        name = self.create_table()
        key = {"id": {"S": "errors"}}
        good = {"TableName": name, "Key": key, "UpdateExpression": "SET v = :v",
                "ExpressionAttributeValues": {":v": {"N": "1"}}}
        self.ddb.update_item(**good)
        # The same text with an extra value: unused, refused, and nothing written.
        self.assert_error(
            self.ddb.update_item, "ValidationException",
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}",
            **dict(good, ExpressionAttributeValues={":v": {"N": "2"}, ":w": {"N": "3"}}))
        # The same text with its value missing.
        self.assert_error(
            self.ddb.update_item, "ValidationException",
            "Invalid UpdateExpression: An expression attribute value used in expression is not "
            "defined; attribute value: :v",
            **dict(good, ExpressionAttributeValues={":x": {"N": "2"}}))
        # The same text and values, now beside a legacy parameter.
        self.assert_error(
            self.ddb.update_item, "ValidationException",
            "Can not use both expression and non-expression parameters in the same request: "
            "Non-expression parameters: {Expected} Expression parameters: {UpdateExpression}",
            **dict(good, Expected={"v": {"Exists": True, "Value": {"N": "1"}}}))
        self.ddb.update_item(**good)
        self.assertEqual(self.ddb.get_item(TableName=name, Key=key)["Item"]["v"], {"N": "1"})

    def test_large_and_nested_values_are_applied_every_time(self):
        name = self.create_table()
        key = {"id": {"S": "large"}}
        for fill in ("a", "b"):
            self.ddb.update_item(
                TableName=name, Key=key, UpdateExpression="SET big = :big, nested = :nested",
                ExpressionAttributeValues={":big": {"S": fill * 3000},
                                           ":nested": {"M": {"f": {"S": fill}}}})
        item = self.ddb.get_item(TableName=name, Key=key)["Item"]
        self.assertEqual(item["big"], {"S": "b" * 3000})
        self.assertEqual(item["nested"], {"M": {"f": {"S": "b"}}})

    def test_a_put_condition_then_the_same_text_as_an_update_condition(self):
        name = self.create_table()
        values = {":v": {"N": "1"}}
        self.ddb.put_item(TableName=name, Item={"id": {"S": "a"}, "v": {"N": "1"}},
                          ConditionExpression="attribute_not_exists(v) OR v = :v",
                          ExpressionAttributeValues=values)
        self.ddb.update_item(TableName=name, Key={"id": {"S": "a"}}, UpdateExpression="SET w = :v",
                             ConditionExpression="attribute_not_exists(v) OR v = :v",
                             ExpressionAttributeValues=values)
        item = self.ddb.get_item(TableName=name, Key={"id": {"S": "a"}})["Item"]
        self.assertEqual(item["w"], {"N": "1"})


if __name__ == "__main__":
    import unittest

    unittest.main()
