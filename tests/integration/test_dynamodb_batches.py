"""BatchGetItem and BatchWriteItem through boto3's client and the resource's batch_writer:
limits, duplicates, missing tables, projections, and consumed capacity."""

from dynamodb_test_support import DynamoDbTestCase


class BatchTest(DynamoDbTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for name in ("left", "right"):
            cls.ddb.create_table(
                TableName=name,
                KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                BillingMode="PAY_PER_REQUEST",
            )

    def test_write_then_get_across_tables(self):
        out = self.ddb.batch_write_item(
            RequestItems={
                "left": [{"PutRequest": {"Item": {"id": {"S": f"l{i}"}, "v": {"N": str(i)}}}} for i in range(10)],
                "right": [{"PutRequest": {"Item": {"id": {"S": f"r{i}"}}}} for i in range(5)],
            },
            ReturnConsumedCapacity="TOTAL",
        )
        self.assertEqual(out["UnprocessedItems"], {})
        self.assertEqual(sorted(c["TableName"] for c in out["ConsumedCapacity"]), ["left", "right"])
        got = self.ddb.batch_get_item(
            RequestItems={
                "left": {"Keys": [{"id": {"S": "l1"}}, {"id": {"S": "l2"}}, {"id": {"S": "nope"}}],
                         "ProjectionExpression": "v"},
                "right": {"Keys": [{"id": {"S": "r4"}}], "ConsistentRead": True},
            }
        )
        self.assertEqual(sorted(i["v"]["N"] for i in got["Responses"]["left"]), ["1", "2"])
        self.assertEqual(got["Responses"]["right"], [{"id": {"S": "r4"}}])
        self.assertEqual(got["UnprocessedKeys"], {})
        self.ddb.batch_write_item(RequestItems={"left": [{"DeleteRequest": {"Key": {"id": {"S": "l1"}}}}]})
        self.assertNotIn("Item", self.ddb.get_item(TableName="left", Key={"id": {"S": "l1"}}))

    def test_limits(self):
        self.assert_error(
            self.ddb.batch_get_item, "ValidationException", "Too many items requested for the BatchGetItem call",
            RequestItems={"left": {"Keys": [{"id": {"S": str(i)}} for i in range(101)]}},
        )
        error = self.assert_error(
            self.ddb.batch_write_item, "ValidationException", None,
            RequestItems={"left": [{"PutRequest": {"Item": {"id": {"S": str(i)}}}} for i in range(26)]},
        )
        self.assertIn("Member must have length less than or equal to 25", error.response["Error"]["Message"])
        self.assert_error(
            self.ddb.batch_write_item, "ValidationException", "Too many items requested for the BatchWriteItem call",
            RequestItems={
                "left": [{"PutRequest": {"Item": {"id": {"S": str(i)}}}} for i in range(20)],
                "right": [{"PutRequest": {"Item": {"id": {"S": str(i)}}}} for i in range(6)],
            },
        )
        self.assertNotIn("Item", self.ddb.get_item(TableName="left", Key={"id": {"S": "0"}}))

    def test_duplicates_refused_whole(self):
        self.assert_error(
            self.ddb.batch_write_item, "ValidationException", "Provided list of item keys contains duplicates",
            RequestItems={"left": [
                {"PutRequest": {"Item": {"id": {"S": "dup-first"}}}},
                {"PutRequest": {"Item": {"id": {"S": "dup"}}}},
                {"DeleteRequest": {"Key": {"id": {"S": "dup"}}}},
            ]},
        )
        self.assertNotIn("Item", self.ddb.get_item(TableName="left", Key={"id": {"S": "dup-first"}}))
        self.assert_error(
            self.ddb.batch_get_item, "ValidationException", "Provided list of item keys contains duplicates",
            RequestItems={"left": {"Keys": [{"id": {"S": "a"}}, {"id": {"S": "a"}}]}},
        )

    def test_missing_table(self):
        self.assert_error(
            self.ddb.batch_write_item, "ResourceNotFoundException", "Requested resource not found",
            RequestItems={"nope-table": [{"PutRequest": {"Item": {"id": {"S": "x"}}}}]},
        )
        self.assert_error(
            self.ddb.batch_get_item, "ResourceNotFoundException", "Requested resource not found",
            RequestItems={"nope-table": {"Keys": [{"id": {"S": "x"}}]}},
        )

    def test_missing_table_undoes_the_writes_and_counts_before_it(self):
        # Tables are written in name order: "counted-first" is written before "nope-later" is
        # found missing, and the failure undoes its items and its counts alike.
        self.ddb.create_table(
            TableName="counted-first",
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        self.assert_error(
            self.ddb.batch_write_item, "ResourceNotFoundException", "Requested resource not found",
            RequestItems={
                "counted-first": [{"PutRequest": {"Item": {"id": {"S": f"c{i}"}}}} for i in range(3)],
                "nope-later": [{"PutRequest": {"Item": {"id": {"S": "x"}}}}],
            },
        )
        self.assertNotIn("Item", self.ddb.get_item(TableName="counted-first", Key={"id": {"S": "c0"}}))
        described = self.ddb.describe_table(TableName="counted-first")["Table"]
        self.assertEqual((described["ItemCount"], described["TableSizeBytes"]), (0, 0))
        self.ddb.put_item(TableName="counted-first", Item={"id": {"S": "c0"}})
        described = self.ddb.describe_table(TableName="counted-first")["Table"]
        self.assertEqual((described["ItemCount"], described["TableSizeBytes"]), (1, 4))
        # A batch put over an existing item replaces it and its size, counted once.
        self.ddb.batch_write_item(RequestItems={"counted-first": [
            {"PutRequest": {"Item": {"id": {"S": "c0"}, "pad": {"S": "x" * 10}}}},
            {"PutRequest": {"Item": {"id": {"S": "c1"}}}},
        ]})
        described = self.ddb.describe_table(TableName="counted-first")["Table"]
        self.assertEqual((described["ItemCount"], described["TableSizeBytes"]), (2, 17 + 4))
        self.assertEqual(self.ddb.get_item(TableName="counted-first", Key={"id": {"S": "c0"}})["Item"],
                         {"id": {"S": "c0"}, "pad": {"S": "x" * 10}})

    def test_batch_writer_many_items(self):
        table = self.resource.Table("right")
        with table.batch_writer(overwrite_by_pkeys=["id"]) as writer:
            for i in range(120):
                writer.put_item(Item={"id": f"bw-{i}", "n": i})
        self.assertEqual(table.scan(Select="COUNT", FilterExpression="begins_with(id, :p)",
                                    ExpressionAttributeValues={":p": "bw-"})["Count"], 120)
