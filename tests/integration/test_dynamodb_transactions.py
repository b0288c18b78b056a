"""TransactWriteItems and TransactGetItems through boto3: all-or-nothing writes, cancellation
reasons per action, ClientRequestToken idempotency, and their validation errors."""

from dynamodb_test_support import DynamoDbTestCase


class TransactionTest(DynamoDbTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ddb.create_table(
            TableName="accounts",
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )

    def balance(self, name):
        item = self.ddb.get_item(TableName="accounts", Key={"id": {"S": name}}).get("Item")
        return int(item["balance"]["N"]) if item else None

    def transfer(self, source, target, amount, **extra):
        return self.ddb.transact_write_items(
            TransactItems=[
                {"Update": {"TableName": "accounts", "Key": {"id": {"S": source}},
                            "UpdateExpression": "SET balance = balance - :a",
                            "ConditionExpression": "balance >= :a",
                            "ExpressionAttributeValues": {":a": {"N": str(amount)}}}},
                {"Update": {"TableName": "accounts", "Key": {"id": {"S": target}},
                            "UpdateExpression": "SET balance = balance + :a",
                            "ExpressionAttributeValues": {":a": {"N": str(amount)}}}},
            ],
            **extra,
        )

    def test_all_or_nothing(self):
        self.ddb.transact_write_items(TransactItems=[
            {"Put": {"TableName": "accounts", "Item": {"id": {"S": "alice"}, "balance": {"N": "100"}}}},
            {"Put": {"TableName": "accounts", "Item": {"id": {"S": "bob"}, "balance": {"N": "0"}}}},
        ])
        self.transfer("alice", "bob", 60)
        self.assertEqual((self.balance("alice"), self.balance("bob")), (40, 60))
        error = self.assert_error(
            self.transfer, "TransactionCanceledException",
            "Transaction cancelled, please refer cancellation reasons for specific reasons "
            "[ConditionalCheckFailed, None]",
            source="alice", target="bob", amount=50,
        )
        reasons = error.response["CancellationReasons"]
        self.assertEqual(reasons[0]["Code"], "ConditionalCheckFailed")
        self.assertEqual(reasons[1]["Code"], "None")
        self.assertEqual((self.balance("alice"), self.balance("bob")), (40, 60))

    def test_condition_check_delete_and_reasons(self):
        self.ddb.put_item(TableName="accounts", Item={"id": {"S": "c1"}, "balance": {"N": "1"}})
        self.ddb.put_item(TableName="accounts", Item={"id": {"S": "c2"}, "balance": {"N": "2"}})
        error = self.assert_error(
            self.ddb.transact_write_items, "TransactionCanceledException",
            "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]",
            TransactItems=[
                {"Delete": {"TableName": "accounts", "Key": {"id": {"S": "c1"}}}},
                {"ConditionCheck": {"TableName": "accounts", "Key": {"id": {"S": "c2"}},
                                    "ConditionExpression": "balance = :v",
                                    "ExpressionAttributeValues": {":v": {"N": "5"}},
                                    "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}},
            ],
        )
        self.assertEqual(error.response["CancellationReasons"][1]["Item"],
                         {"id": {"S": "c2"}, "balance": {"N": "2"}})
        self.assertEqual(self.balance("c1"), 1)
        self.ddb.transact_write_items(TransactItems=[
            {"Delete": {"TableName": "accounts", "Key": {"id": {"S": "c1"}}}},
            {"ConditionCheck": {"TableName": "accounts", "Key": {"id": {"S": "c2"}},
                                "ConditionExpression": "balance = :v",
                                "ExpressionAttributeValues": {":v": {"N": "2"}}}},
        ])
        self.assertIsNone(self.balance("c1"))

    def test_client_request_token_is_idempotent(self):
        self.ddb.put_item(TableName="accounts", Item={"id": {"S": "t1"}, "balance": {"N": "10"}})
        self.ddb.put_item(TableName="accounts", Item={"id": {"S": "t2"}, "balance": {"N": "0"}})
        for _ in range(3):
            self.transfer("t1", "t2", 5, ClientRequestToken="token-1")
        self.assertEqual((self.balance("t1"), self.balance("t2")), (5, 5))
        self.assert_error(self.transfer, "IdempotentParameterMismatchException", None,
                          source="t1", target="t2", amount=1, ClientRequestToken="token-1")

    def test_one_item_twice_is_refused(self):
        self.assert_error(
            self.ddb.transact_write_items, "ValidationException",
            "Transaction request cannot include multiple operations on one item",
            TransactItems=[
                {"Put": {"TableName": "accounts", "Item": {"id": {"S": "same"}}}},
                {"Delete": {"TableName": "accounts", "Key": {"id": {"S": "same"}}}},
            ],
        )
        self.assertIsNone(self.ddb.get_item(TableName="accounts", Key={"id": {"S": "same"}}).get("Item"))

    def test_missing_table(self):
        self.assert_error(
            self.ddb.transact_write_items, "ResourceNotFoundException", "Requested resource not found",
            TransactItems=[{"Put": {"TableName": "nope-table", "Item": {"id": {"S": "x"}}}}],
        )

    def test_transact_get(self):
        self.ddb.put_item(TableName="accounts", Item={"id": {"S": "g1"}, "balance": {"N": "7"}, "x": {"S": "y"}})
        out = self.ddb.transact_get_items(TransactItems=[
            {"Get": {"TableName": "accounts", "Key": {"id": {"S": "g1"}}, "ProjectionExpression": "balance"}},
            {"Get": {"TableName": "accounts", "Key": {"id": {"S": "absent"}}}},
        ])
        self.assertEqual(out["Responses"], [{"Item": {"balance": {"N": "7"}}}, {}])

    def test_more_than_100_actions(self):
        error = self.assert_error(
            self.ddb.transact_write_items, "ValidationException", None,
            TransactItems=[{"Put": {"TableName": "accounts", "Item": {"id": {"S": str(i)}}}} for i in range(101)],
        )
        self.assertIn("Member must have length less than or equal to 100", error.response["Error"]["Message"])
