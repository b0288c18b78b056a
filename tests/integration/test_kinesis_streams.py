"""Kinesis streams through boto3: create (provisioned and on-demand), describe, list, ListShards
with its filters and paging, waiters, delete, and the errors AWS gives."""

import time
import unittest

from eddy_harness import EddyTestCase


class KinesisStreamsTest(EddyTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kinesis = cls.eddy.client("kinesis")

    def test_create_describe_and_delete_with_waiters(self):
        started = time.monotonic()
        self.kinesis.create_stream(StreamName="lifecycle", ShardCount=2)
        # boto3's default waiter (10 s delay) must not wait: the stream is ACTIVE at once.
        self.kinesis.get_waiter("stream_exists").wait(StreamName="lifecycle")
        description = self.kinesis.describe_stream(StreamName="lifecycle")["StreamDescription"]
        self.assertEqual(description["StreamStatus"], "ACTIVE")
        self.assertEqual(description["StreamARN"],
                         "arn:aws:kinesis:us-east-1:000000000000:stream/lifecycle")
        self.assertEqual(description["RetentionPeriodHours"], 24)
        self.assertEqual(description["StreamModeDetails"], {"StreamMode": "PROVISIONED"})
        self.assertEqual(description["EncryptionType"], "NONE")
        self.assertEqual(description["EnhancedMonitoring"], [{"ShardLevelMetrics": []}])
        self.assertFalse(description["HasMoreShards"])
        self.assertEqual(len(description["Shards"]), 2)
        self.assertRegex(description["Shards"][0]["SequenceNumberRange"]["StartingSequenceNumber"],
                         r"^\d{56}$")
        self.kinesis.delete_stream(StreamName="lifecycle")
        self.kinesis.get_waiter("stream_not_exists").wait(StreamName="lifecycle")
        self.assertLess(time.monotonic() - started, 5)
        self.assert_error(self.kinesis.describe_stream, "ResourceNotFoundException",
                          "Stream lifecycle under account 000000000000 not found.",
                          StreamName="lifecycle")

    def test_on_demand_streams_start_with_four_shards(self):
        self.kinesis.create_stream(StreamName="ondemand",
                                   StreamModeDetails={"StreamMode": "ON_DEMAND"})
        summary = self.kinesis.describe_stream_summary(StreamName="ondemand")[
            "StreamDescriptionSummary"]
        self.assertEqual(summary["OpenShardCount"], 4)
        self.assertEqual(summary["StreamModeDetails"], {"StreamMode": "ON_DEMAND"})
        self.assertEqual(summary["ConsumerCount"], 0)
        self.kinesis.update_stream_mode(StreamARN=summary["StreamARN"],
                                        StreamModeDetails={"StreamMode": "PROVISIONED"})
        summary = self.kinesis.describe_stream_summary(StreamARN=summary["StreamARN"])[
            "StreamDescriptionSummary"]
        self.assertEqual(summary["StreamModeDetails"], {"StreamMode": "PROVISIONED"})

    def test_create_errors(self):
        self.kinesis.create_stream(StreamName="twice", ShardCount=1)
        self.assert_error(self.kinesis.create_stream, "ResourceInUseException",
                          "Stream twice under account 000000000000 already exists.",
                          StreamName="twice", ShardCount=1)
        self.assert_error(
            self.kinesis.create_stream, "ValidationException",
            "1 validation error detected: Value 'no/slash' at 'streamName' failed to satisfy "
            "constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
            StreamName="no/slash", ShardCount=1)
        error = self.assert_error(self.kinesis.create_stream, "LimitExceededException",
                                  StreamName="toomany", ShardCount=100000)
        self.assertIn("This request would exceed the shard limit for the account 000000000000 "
                      "in us-east-1.", error.response["Error"]["Message"])
        self.assert_error(self.kinesis.describe_stream, "ResourceNotFoundException",
                          "Stream toomany under account 000000000000 not found.",
                          StreamName="toomany")

    def test_describe_stream_pages_shards(self):
        self.kinesis.create_stream(StreamName="paged", ShardCount=5)
        first = self.kinesis.describe_stream(StreamName="paged", Limit=2)["StreamDescription"]
        self.assertEqual([s["ShardId"] for s in first["Shards"]],
                         ["shardId-000000000000", "shardId-000000000001"])
        self.assertTrue(first["HasMoreShards"])
        rest = self.kinesis.describe_stream(
            StreamName="paged", ExclusiveStartShardId="shardId-000000000001")["StreamDescription"]
        self.assertEqual(len(rest["Shards"]), 3)
        self.assertFalse(rest["HasMoreShards"])

    def test_list_streams_pages_by_name_and_token(self):
        kinesis = self.eddy.client("kinesis", region="eu-west-1")
        names = [f"list-{i:02d}" for i in range(7)]
        for name in reversed(names):
            kinesis.create_stream(StreamName=name, ShardCount=1)
        first = kinesis.list_streams(Limit=3)
        self.assertEqual(first["StreamNames"], names[:3])
        self.assertTrue(first["HasMoreStreams"])
        self.assertEqual([s["StreamName"] for s in first["StreamSummaries"]], names[:3])
        self.assertEqual(first["StreamSummaries"][0]["StreamStatus"], "ACTIVE")
        second = kinesis.list_streams(Limit=3, NextToken=first["NextToken"])
        self.assertEqual(second["StreamNames"], names[3:6])
        after = kinesis.list_streams(ExclusiveStartStreamName=names[5])
        self.assertEqual(after["StreamNames"], names[6:])
        self.assertFalse(after["HasMoreStreams"])
        self.assertNotIn("NextToken", after)
        paginated = [n for page in kinesis.get_paginator("list_streams").paginate(
            PaginationConfig={"PageSize": 2}) for n in page["StreamNames"]]
        self.assertEqual(paginated, names)
        # Streams are per region.
        self.assertNotIn("list-00", self.kinesis.list_streams()["StreamNames"])

    def test_list_shards_pages_and_filters(self):
        self.kinesis.create_stream(StreamName="shards", ShardCount=4)
        first = self.kinesis.list_shards(StreamName="shards", MaxResults=3)
        self.assertEqual(len(first["Shards"]), 3)
        second = self.kinesis.list_shards(NextToken=first["NextToken"])
        self.assertEqual([s["ShardId"] for s in second["Shards"]], ["shardId-000000000003"])
        self.assertNotIn("NextToken", second)
        after = self.kinesis.list_shards(StreamName="shards",
                                         ExclusiveStartShardId="shardId-000000000001")
        self.assertEqual(len(after["Shards"]), 2)
        self.kinesis.merge_shards(StreamName="shards", ShardToMerge="shardId-000000000000",
                                  AdjacentShardToMerge="shardId-000000000001")

        def ids(**filter_):
            return [s["ShardId"] for s in
                    self.kinesis.list_shards(StreamName="shards", ShardFilter=filter_)["Shards"]]

        self.assertEqual(ids(Type="AT_LATEST"), ["shardId-000000000002", "shardId-000000000003",
                                                 "shardId-000000000004"])
        self.assertEqual(ids(Type="AT_TRIM_HORIZON"), [f"shardId-00000000000{i}"
                                                       for i in range(4)])
        self.assertEqual(len(ids(Type="FROM_TRIM_HORIZON")), 5)
        self.assertEqual(ids(Type="AFTER_SHARD_ID", ShardId="shardId-000000000002"),
                         ["shardId-000000000003", "shardId-000000000004"])
        self.assertEqual(len(ids(Type="AT_TIMESTAMP", Timestamp=time.time() + 1)), 3)
        self.assertEqual(len(ids(Type="FROM_TIMESTAMP", Timestamp=time.time() - 3600)), 5)
        created = self.kinesis.describe_stream_summary(StreamName="shards")[
            "StreamDescriptionSummary"]["StreamCreationTimestamp"]
        self.assertEqual(len(self.kinesis.list_shards(
            StreamName="shards", StreamCreationTimestamp=created)["Shards"]), 5)
        self.assert_error(self.kinesis.list_shards, "InvalidArgumentException",
                          "NextToken and StreamName cannot be provided together.",
                          StreamName="shards", NextToken=first["NextToken"])
        self.assert_error(self.kinesis.list_shards, "InvalidArgumentException",
                          "Either NextToken or StreamName should be provided.")

    def test_describe_limits_counts_open_shards(self):
        kinesis = self.eddy.client("kinesis", region="ap-south-1")
        kinesis.create_stream(StreamName="limits", ShardCount=3)
        limits = kinesis.describe_limits()
        self.assertEqual(limits["OpenShardCount"], 3)
        self.assertEqual(limits["ShardLimit"], 500)

    def test_delete_with_consumers_needs_enforcement(self):
        self.kinesis.create_stream(StreamName="consumed", ShardCount=1)
        arn = self.kinesis.describe_stream_summary(StreamName="consumed")[
            "StreamDescriptionSummary"]["StreamARN"]
        self.kinesis.register_stream_consumer(StreamARN=arn, ConsumerName="reader")
        self.assert_error(self.kinesis.delete_stream, "ResourceInUseException",
                          StreamName="consumed")
        self.kinesis.delete_stream(StreamARN=arn, EnforceConsumerDeletion=True)
        self.assert_error(self.kinesis.describe_stream_summary, "ResourceNotFoundException",
                          StreamName="consumed")


if __name__ == "__main__":
    unittest.main()
