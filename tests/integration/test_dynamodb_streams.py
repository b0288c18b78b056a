"""DynamoDB Streams through boto3: the records every write path makes in each view type, shard
iterators of every type, disabled and re-enabled streams, and AWS's errors."""

import unittest

from dynamodb_test_support import DynamoDbTestCase


class StreamsTestCase(DynamoDbTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.streams = cls.eddy.client("dynamodbstreams")

    def stream_table(self, view_type="NEW_AND_OLD_IMAGES", **extra):
        name = self.create_table(
            StreamSpecification={"StreamEnabled": True, "StreamViewType": view_type}, **extra
        )
        arn = self.ddb.describe_table(TableName=name)["Table"]["LatestStreamArn"]
        return name, arn

    def shard_of(self, arn):
        shards = self.streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]
        self.assertEqual(len(shards), 1)
        return shards[0]

    def iterator(self, arn, kind="TRIM_HORIZON", **extra):
        shard = self.shard_of(arn)
        return self.streams.get_shard_iterator(
            StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType=kind, **extra
        )["ShardIterator"]

    def records(self, arn, kind="TRIM_HORIZON", **extra):
        return self.streams.get_records(ShardIterator=self.iterator(arn, kind, **extra))["Records"]


class StreamRecordTest(StreamsTestCase):
    def test_insert_modify_remove_with_new_and_old_images(self):
        name, arn = self.stream_table()
        self.ddb.put_item(TableName=name, Item={"id": {"S": "a"}, "v": {"N": "1"}})
        self.ddb.update_item(TableName=name, Key={"id": {"S": "a"}}, UpdateExpression="SET v = :v",
                             ExpressionAttributeValues={":v": {"N": "2"}})
        self.ddb.delete_item(TableName=name, Key={"id": {"S": "a"}})
        records = self.records(arn)
        self.assertEqual([r["eventName"] for r in records], ["INSERT", "MODIFY", "REMOVE"])
        insert, modify, remove = records
        for record in records:
            self.assertEqual(record["eventVersion"], "1.1")
            self.assertEqual(record["eventSource"], "aws:dynamodb")
            self.assertEqual(record["awsRegion"], "us-east-1")
            self.assertRegex(record["eventID"], r"^[0-9a-f]{32}$")
            self.assertEqual(record["dynamodb"]["Keys"], {"id": {"S": "a"}})
            self.assertEqual(record["dynamodb"]["StreamViewType"], "NEW_AND_OLD_IMAGES")
            self.assertGreater(record["dynamodb"]["SizeBytes"], 0)
            self.assertIn("ApproximateCreationDateTime", record["dynamodb"])
            self.assertNotIn("userIdentity", record)
        self.assertEqual(insert["dynamodb"]["NewImage"], {"id": {"S": "a"}, "v": {"N": "1"}})
        self.assertNotIn("OldImage", insert["dynamodb"])
        self.assertEqual(modify["dynamodb"]["OldImage"], {"id": {"S": "a"}, "v": {"N": "1"}})
        self.assertEqual(modify["dynamodb"]["NewImage"], {"id": {"S": "a"}, "v": {"N": "2"}})
        self.assertEqual(remove["dynamodb"]["OldImage"], {"id": {"S": "a"}, "v": {"N": "2"}})
        self.assertNotIn("NewImage", remove["dynamodb"])
        numbers = [int(r["dynamodb"]["SequenceNumber"]) for r in records]
        self.assertEqual(numbers, sorted(numbers))
        self.assertEqual(len(set(numbers)), 3)
        self.assertTrue(all(len(r["dynamodb"]["SequenceNumber"]) >= 21 for r in records))

    def test_each_view_type_carries_its_images(self):
        expected = {
            "KEYS_ONLY": (False, False),
            "NEW_IMAGE": (True, False),
            "OLD_IMAGE": (False, True),
            "NEW_AND_OLD_IMAGES": (True, True),
        }
        for view_type, (has_new, has_old) in expected.items():
            with self.subTest(view_type=view_type):
                name, arn = self.stream_table(view_type, range_key=("r", "N"))
                key = {"id": {"S": "k"}, "r": {"N": "7"}}
                self.ddb.put_item(TableName=name, Item={**key, "x": {"S": "one"}})
                self.ddb.put_item(TableName=name, Item={**key, "x": {"S": "two"}})
                modify = self.records(arn)[1]["dynamodb"]
                self.assertEqual(modify["Keys"], key)
                self.assertEqual(modify["StreamViewType"], view_type)
                self.assertEqual("NewImage" in modify, has_new)
                self.assertEqual("OldImage" in modify, has_old)
                if has_new:
                    self.assertEqual(modify["NewImage"]["x"], {"S": "two"})
                if has_old:
                    self.assertEqual(modify["OldImage"]["x"], {"S": "one"})

    def test_a_write_that_changes_nothing_makes_no_record(self):
        # AWS: a PutItem or UpdateItem that does not change the item writes no stream record.
        name, arn = self.stream_table()
        item = {"id": {"S": "same"}, "v": {"N": "1"}}
        self.ddb.put_item(TableName=name, Item=item)
        self.ddb.put_item(TableName=name, Item=item)
        self.ddb.update_item(TableName=name, Key={"id": {"S": "same"}}, UpdateExpression="SET v = :v",
                             ExpressionAttributeValues={":v": {"N": "1"}})
        self.ddb.delete_item(TableName=name, Key={"id": {"S": "missing"}})
        self.assertEqual([r["eventName"] for r in self.records(arn)], ["INSERT"])

    def test_batch_and_transaction_writes(self):
        name, arn = self.stream_table("KEYS_ONLY")
        self.ddb.batch_write_item(RequestItems={name: [
            {"PutRequest": {"Item": {"id": {"S": "b1"}}}},
            {"PutRequest": {"Item": {"id": {"S": "b2"}}}},
        ]})
        self.ddb.batch_write_item(RequestItems={name: [{"DeleteRequest": {"Key": {"id": {"S": "b1"}}}}]})
        self.ddb.transact_write_items(TransactItems=[
            {"Put": {"TableName": name, "Item": {"id": {"S": "t1"}}}},
            {"Update": {"TableName": name, "Key": {"id": {"S": "b2"}}, "UpdateExpression": "SET w = :w",
                        "ExpressionAttributeValues": {":w": {"S": "x"}}}},
            {"Delete": {"TableName": name, "Key": {"id": {"S": "b1-gone"}}}},
        ])
        events = [(r["eventName"], r["dynamodb"]["Keys"]["id"]["S"]) for r in self.records(arn)]
        self.assertEqual(events[:3], [("INSERT", "b1"), ("INSERT", "b2"), ("REMOVE", "b1")])
        self.assertEqual(sorted(events[3:]), [("INSERT", "t1"), ("MODIFY", "b2")])

    def test_failed_condition_writes_nothing(self):
        name, arn = self.stream_table()
        self.ddb.put_item(TableName=name, Item={"id": {"S": "c"}})
        with self.assertRaises(self.ddb.exceptions.ConditionalCheckFailedException):
            self.ddb.put_item(TableName=name, Item={"id": {"S": "c"}, "v": {"N": "1"}},
                              ConditionExpression="attribute_not_exists(id)")
        self.assertEqual(len(self.records(arn)), 1)

    def test_table_without_stream_and_writes_before_enabling_have_no_records(self):
        name = self.create_table()
        self.ddb.put_item(TableName=name, Item={"id": {"S": "early"}})
        self.assertEqual(self.streams.list_streams(TableName=name)["Streams"], [])
        arn = self.ddb.update_table(
            TableName=name, StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"}
        )["TableDescription"]["LatestStreamArn"]
        self.ddb.put_item(TableName=name, Item={"id": {"S": "late"}})
        records = self.records(arn)
        self.assertEqual([r["dynamodb"]["Keys"]["id"]["S"] for r in records], ["late"])


class ShardIteratorTest(StreamsTestCase):
    def write(self, name, count, start=0):
        for i in range(start, start + count):
            self.ddb.put_item(TableName=name, Item={"id": {"S": f"i{i:03d}"}})

    def test_iterator_types(self):
        name, arn = self.stream_table("KEYS_ONLY")
        self.write(name, 3)
        all_records = self.records(arn)
        numbers = [r["dynamodb"]["SequenceNumber"] for r in all_records]
        self.assertEqual(len(numbers), 3)
        at = self.records(arn, "AT_SEQUENCE_NUMBER", SequenceNumber=numbers[1])
        self.assertEqual([r["dynamodb"]["SequenceNumber"] for r in at], numbers[1:])
        after = self.records(arn, "AFTER_SEQUENCE_NUMBER", SequenceNumber=numbers[1])
        self.assertEqual([r["dynamodb"]["SequenceNumber"] for r in after], numbers[2:])
        latest = self.iterator(arn, "LATEST")
        self.assertEqual(self.streams.get_records(ShardIterator=latest)["Records"], [])
        self.write(name, 1, start=10)
        page = self.streams.get_records(ShardIterator=latest)
        self.assertEqual([r["dynamodb"]["Keys"]["id"]["S"] for r in page["Records"]], ["i010"])

    def test_limit_and_next_iterator_read_in_order(self):
        name, arn = self.stream_table("KEYS_ONLY")
        self.write(name, 7)
        iterator = self.iterator(arn)
        seen = []
        for _ in range(5):
            page = self.streams.get_records(ShardIterator=iterator, Limit=3)
            self.assertLessEqual(len(page["Records"]), 3)
            seen += [r["dynamodb"]["Keys"]["id"]["S"] for r in page["Records"]]
            iterator = page["NextShardIterator"]
        self.assertEqual(seen, [f"i{i:03d}" for i in range(7)])
        # An open shard always hands out a next iterator, which sees later writes.
        self.write(name, 1, start=50)
        page = self.streams.get_records(ShardIterator=iterator)
        self.assertEqual([r["dynamodb"]["Keys"]["id"]["S"] for r in page["Records"]], ["i050"])

    def test_describe_stream_shard_and_sequence_range(self):
        name, arn = self.stream_table("NEW_IMAGE", range_key=("r", "S"))
        description = self.streams.describe_stream(StreamArn=arn)["StreamDescription"]
        self.assertEqual(description["StreamArn"], arn)
        self.assertEqual(description["StreamStatus"], "ENABLED")
        self.assertEqual(description["StreamViewType"], "NEW_IMAGE")
        self.assertEqual(description["TableName"], name)
        self.assertEqual(description["KeySchema"], [{"AttributeName": "id", "KeyType": "HASH"},
                                                    {"AttributeName": "r", "KeyType": "RANGE"}])
        self.assertEqual(description["StreamLabel"], arn.rsplit("/", 1)[1])
        self.assertIn("CreationRequestDateTime", description)
        shard = description["Shards"][0]
        self.assertRegex(shard["ShardId"], r"^shardId-\d{20}-[0-9a-f]{8}$")
        self.assertNotIn("ParentShardId", shard)
        self.assertIn("StartingSequenceNumber", shard["SequenceNumberRange"])
        self.assertNotIn("EndingSequenceNumber", shard["SequenceNumberRange"])
        self.ddb.put_item(TableName=name, Item={"id": {"S": "x"}, "r": {"S": "y"}})
        first = self.records(arn)[0]["dynamodb"]["SequenceNumber"]
        self.assertLessEqual(int(shard["SequenceNumberRange"]["StartingSequenceNumber"]), int(first))
        after = self.streams.describe_stream(StreamArn=arn, ExclusiveStartShardId=shard["ShardId"])
        self.assertEqual(after["StreamDescription"]["Shards"], [])


class StreamLifecycleTest(StreamsTestCase):
    def test_disabled_stream_stays_readable_and_reenabling_makes_a_new_one(self):
        name, first_arn = self.stream_table("KEYS_ONLY")
        self.ddb.put_item(TableName=name, Item={"id": {"S": "one"}})
        iterator = self.iterator(first_arn)
        self.ddb.update_table(TableName=name, StreamSpecification={"StreamEnabled": False})
        self.ddb.put_item(TableName=name, Item={"id": {"S": "while-off"}})
        old = self.streams.describe_stream(StreamArn=first_arn)["StreamDescription"]
        self.assertEqual(old["StreamStatus"], "DISABLED")
        ending = old["Shards"][0]["SequenceNumberRange"]["EndingSequenceNumber"]
        page = self.streams.get_records(ShardIterator=iterator)
        self.assertEqual([r["dynamodb"]["Keys"]["id"]["S"] for r in page["Records"]], ["one"])
        self.assertEqual(page["Records"][0]["dynamodb"]["SequenceNumber"], ending)
        # A closed shard read to its end has no next iterator.
        self.assertNotIn("NextShardIterator", page)

        second_arn = self.ddb.update_table(
            TableName=name, StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"}
        )["TableDescription"]["LatestStreamArn"]
        self.assertNotEqual(second_arn, first_arn)
        self.ddb.put_item(TableName=name, Item={"id": {"S": "two"}})
        self.assertEqual([r["dynamodb"]["Keys"]["id"]["S"] for r in self.records(second_arn)], ["two"])
        self.assertEqual(len(self.records(first_arn)), 1)
        listed = self.streams.list_streams(TableName=name)["Streams"]
        self.assertEqual({s["StreamArn"] for s in listed}, {first_arn, second_arn})
        for stream in listed:
            self.assertEqual(stream["TableName"], name)
            self.assertEqual(stream["StreamLabel"], stream["StreamArn"].rsplit("/", 1)[1])
        shard = self.shard_of(first_arn)
        latest = self.streams.get_shard_iterator(StreamArn=first_arn, ShardId=shard["ShardId"],
                                                 ShardIteratorType="LATEST")["ShardIterator"]
        page = self.streams.get_records(ShardIterator=latest)
        self.assertEqual(page["Records"], [])
        self.assertNotIn("NextShardIterator", page)

    def test_deleting_the_table_disables_its_stream(self):
        name, arn = self.stream_table()
        self.ddb.put_item(TableName=name, Item={"id": {"S": "kept"}})
        self.ddb.delete_table(TableName=name)
        description = self.streams.describe_stream(StreamArn=arn)["StreamDescription"]
        self.assertEqual(description["StreamStatus"], "DISABLED")
        self.assertEqual([r["eventName"] for r in self.records(arn)], ["INSERT"])

    def test_list_streams_pages(self):
        arns = sorted(self.stream_table("KEYS_ONLY")[1] for _ in range(3))
        everything = self.streams.list_streams()["Streams"]
        self.assertTrue(set(arns) <= {s["StreamArn"] for s in everything})
        collected, start = [], {}
        while True:
            page = self.streams.list_streams(Limit=2, **start)
            self.assertLessEqual(len(page["Streams"]), 2)
            collected += [s["StreamArn"] for s in page["Streams"]]
            if "LastEvaluatedStreamArn" not in page:
                break
            start = {"ExclusiveStartStreamArn": page["LastEvaluatedStreamArn"]}
        self.assertEqual(collected, [s["StreamArn"] for s in everything])
        self.assertEqual(len(collected), len(set(collected)))

    def test_streams_are_per_region(self):
        _, arn = self.stream_table()
        other = self.eddy.client("dynamodbstreams", region="eu-west-1")
        self.assertNotIn(arn, {s["StreamArn"] for s in other.list_streams()["Streams"]})
        self.assert_error(other.describe_stream, "ResourceNotFoundException",
                          f"Requested resource not found: Stream: {arn} not found", StreamArn=arn)


class StreamErrorTest(StreamsTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # botocore checks lengths and minimums itself; let the server see the bad values.
        cls.streams = cls.eddy.client("dynamodbstreams", parameter_validation=False)
    def test_unknown_stream(self):
        arn = "arn:aws:dynamodb:us-east-1:000000000000:table/nope/stream/2024-11-18T14:36:44.149"
        message = f"Requested resource not found: Stream: {arn} not found"
        self.assert_error(self.streams.describe_stream, "ResourceNotFoundException", message,
                          StreamArn=arn)
        self.assert_error(self.streams.get_shard_iterator, "ResourceNotFoundException", message,
                          StreamArn=arn, ShardId="shardId-00000001700000000000-abcdef12",
                          ShardIteratorType="LATEST")

    def test_unknown_shard(self):
        _, arn = self.stream_table()
        self.assert_error(self.streams.get_shard_iterator, "ResourceNotFoundException",
                          StreamArn=arn, ShardId="shardId-00000001700000000000-abcdef12",
                          ShardIteratorType="LATEST")

    def test_bad_iterators(self):
        self.assert_error(self.streams.get_records, "ValidationException", "Invalid ShardIterator",
                          ShardIterator="not-an-iterator")
        _, arn = self.stream_table()
        good = self.iterator(arn)
        tampered = good[:-4] + ("AAAA" if not good.endswith("AAAA") else "BBBB")
        self.assert_error(self.streams.get_records, "ValidationException", "Invalid ShardIterator",
                          ShardIterator=tampered)

    def test_bad_sequence_numbers(self):
        name, arn = self.stream_table()
        shard = self.shard_of(arn)["ShardId"]
        self.ddb.put_item(TableName=name, Item={"id": {"S": "s"}})
        self.assert_error(self.streams.get_shard_iterator, "ValidationException",
                          StreamArn=arn, ShardId=shard, ShardIteratorType="AT_SEQUENCE_NUMBER")
        self.assert_error(self.streams.get_shard_iterator, "ValidationException",
                          StreamArn=arn, ShardId=shard, ShardIteratorType="AFTER_SEQUENCE_NUMBER",
                          SequenceNumber="9" * 30)
        self.assert_error(
            self.streams.get_shard_iterator, "ValidationException",
            "1 validation error detected: Value '12' at 'sequenceNumber' failed to satisfy "
            "constraint: Member must have length greater than or equal to 21",
            StreamArn=arn, ShardId=shard, ShardIteratorType="AT_SEQUENCE_NUMBER", SequenceNumber="12")

    def test_limits_and_enums(self):
        _, arn = self.stream_table()
        iterator = self.iterator(arn)
        self.assert_error(
            self.streams.get_records, "ValidationException",
            "1 validation error detected: Value '1001' at 'limit' failed to satisfy constraint: "
            "Member must have value less than or equal to 1000",
            ShardIterator=iterator, Limit=1001)
        self.assert_error(
            self.streams.list_streams, "ValidationException",
            "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: "
            "Member must have value greater than or equal to 1",
            Limit=0)
        shard = self.shard_of(arn)["ShardId"]
        self.assert_error(
            self.streams.get_shard_iterator, "ValidationException",
            "1 validation error detected: Value 'SOMEWHERE' at 'shardIteratorType' failed to "
            "satisfy constraint: Member must satisfy enum value set: [TRIM_HORIZON, LATEST, "
            "AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER]",
            StreamArn=arn, ShardId=shard, ShardIteratorType="SOMEWHERE")


if __name__ == "__main__":
    unittest.main()
