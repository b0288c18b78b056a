"""Kinesis stream settings through boto3 and the AWS CLI: retention, tags (stream- and ARN-named),
consumers, encryption and enhanced monitoring, stored and described."""

import json
import os
import subprocess
import unittest

from eddy_harness import EddyTestCase


class KinesisSettingsTest(EddyTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kinesis = cls.eddy.client("kinesis")

    def create(self, name):
        self.kinesis.create_stream(StreamName=name, ShardCount=1)
        return self.kinesis.describe_stream_summary(StreamName=name)[
            "StreamDescriptionSummary"]["StreamARN"]

    def test_retention_period_changes_and_errors(self):
        self.create("retention")
        self.kinesis.increase_stream_retention_period(StreamName="retention",
                                                      RetentionPeriodHours=72)
        summary = self.kinesis.describe_stream_summary(StreamName="retention")
        self.assertEqual(summary["StreamDescriptionSummary"]["RetentionPeriodHours"], 72)
        self.assert_error(
            self.kinesis.increase_stream_retention_period, "InvalidArgumentException",
            "Requested retention period (48 hours) for stream retention can not be shorter than "
            "existing retention period (72 hours). Use DecreaseRetentionPeriod API.",
            StreamName="retention", RetentionPeriodHours=48)
        self.assert_error(
            self.kinesis.decrease_stream_retention_period, "InvalidArgumentException",
            "Minimum allowed retention period is 24 hours. Requested retention period (12 hours) "
            "is too short.",
            StreamName="retention", RetentionPeriodHours=12)
        self.assert_error(
            self.kinesis.increase_stream_retention_period, "InvalidArgumentException",
            "Maximum allowed retention period is 8760 hours. Requested retention period (9000 "
            "hours) is too long.",
            StreamName="retention", RetentionPeriodHours=9000)
        self.kinesis.decrease_stream_retention_period(StreamName="retention",
                                                      RetentionPeriodHours=24)
        summary = self.kinesis.describe_stream_summary(StreamName="retention")
        self.assertEqual(summary["StreamDescriptionSummary"]["RetentionPeriodHours"], 24)

    def test_tags_by_stream_name_and_by_arn(self):
        arn = self.create("tagged")
        self.kinesis.add_tags_to_stream(StreamName="tagged", Tags={"b": "2", "a": "1"})
        self.kinesis.tag_resource(ResourceARN=arn, Tags={"c": "3"})
        out = self.kinesis.list_tags_for_stream(StreamName="tagged")
        self.assertEqual(out["Tags"], [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"},
                                       {"Key": "c", "Value": "3"}])
        self.assertFalse(out["HasMoreTags"])
        page = self.kinesis.list_tags_for_stream(StreamName="tagged", Limit=1,
                                                 ExclusiveStartTagKey="a")
        self.assertEqual(page["Tags"], [{"Key": "b", "Value": "2"}])
        self.assertTrue(page["HasMoreTags"])
        self.kinesis.remove_tags_from_stream(StreamName="tagged", TagKeys=["a"])
        self.kinesis.untag_resource(ResourceARN=arn, TagKeys=["c"])
        self.assertEqual(self.kinesis.list_tags_for_resource(ResourceARN=arn)["Tags"],
                         [{"Key": "b", "Value": "2"}])
        self.assert_error(self.kinesis.list_tags_for_stream, "ResourceNotFoundException",
                          "Stream untagged under account 000000000000 not found.",
                          StreamName="untagged")

    def test_tags_given_at_creation(self):
        self.kinesis.create_stream(StreamName="born-tagged", ShardCount=1, Tags={"team": "x"})
        self.assertEqual(self.kinesis.list_tags_for_stream(StreamName="born-tagged")["Tags"],
                         [{"Key": "team", "Value": "x"}])

    def test_consumers_register_describe_list_deregister(self):
        arn = self.create("fanout")
        consumer = self.kinesis.register_stream_consumer(StreamARN=arn, ConsumerName="c1")[
            "Consumer"]
        self.assertEqual(consumer["ConsumerName"], "c1")
        self.assertTrue(consumer["ConsumerARN"].startswith(arn + "/consumer/c1:"))
        self.assertEqual(consumer["ConsumerStatus"], "ACTIVE")
        self.kinesis.register_stream_consumer(StreamARN=arn, ConsumerName="c2")
        self.assert_error(self.kinesis.register_stream_consumer, "ResourceInUseException",
                          StreamARN=arn, ConsumerName="c1")
        by_arn = self.kinesis.describe_stream_consumer(ConsumerARN=consumer["ConsumerARN"])
        self.assertEqual(by_arn["ConsumerDescription"]["StreamARN"], arn)
        by_name = self.kinesis.describe_stream_consumer(StreamARN=arn, ConsumerName="c1")
        self.assertEqual(by_name["ConsumerDescription"]["ConsumerARN"], consumer["ConsumerARN"])
        first = self.kinesis.list_stream_consumers(StreamARN=arn, MaxResults=1)
        self.assertEqual([c["ConsumerName"] for c in first["Consumers"]], ["c1"])
        rest = self.kinesis.list_stream_consumers(StreamARN=arn, NextToken=first["NextToken"])
        self.assertEqual([c["ConsumerName"] for c in rest["Consumers"]], ["c2"])
        summary = self.kinesis.describe_stream_summary(StreamARN=arn)["StreamDescriptionSummary"]
        self.assertEqual(summary["ConsumerCount"], 2)
        self.kinesis.deregister_stream_consumer(ConsumerARN=consumer["ConsumerARN"])
        self.assert_error(self.kinesis.describe_stream_consumer, "ResourceNotFoundException",
                          "Consumer c1, account 000000000000 not found.",
                          StreamARN=arn, ConsumerName="c1")

    def test_subscribe_to_shard_over_http1_is_refused_clearly(self):
        arn = self.create("fanout-http1")
        consumer = self.kinesis.register_stream_consumer(StreamARN=arn, ConsumerName="c")[
            "Consumer"]
        self.assert_error(
            self.kinesis.subscribe_to_shard, "InvalidArgumentException",
            "SubscribeToShard answers with an event stream, which needs HTTP/2: send the request "
            "over HTTP/2.",
            ConsumerARN=consumer["ConsumerARN"], ShardId="shardId-000000000000",
            StartingPosition={"Type": "LATEST"})
        self.assert_error(
            self.kinesis.subscribe_to_shard, "ResourceNotFoundException",
            ConsumerARN=arn + "/consumer/nobody:1", ShardId="shardId-000000000000",
            StartingPosition={"Type": "LATEST"})

    def test_encryption_is_stored_and_described(self):
        self.create("secret")
        self.kinesis.start_stream_encryption(StreamName="secret", EncryptionType="KMS",
                                             KeyId="alias/aws/kinesis")
        description = self.kinesis.describe_stream(StreamName="secret")["StreamDescription"]
        self.assertEqual(description["EncryptionType"], "KMS")
        self.assertEqual(description["KeyId"], "alias/aws/kinesis")
        out = self.kinesis.put_record(StreamName="secret", PartitionKey="k", Data=b"x")
        self.assertEqual(out["EncryptionType"], "KMS")
        self.kinesis.stop_stream_encryption(StreamName="secret", EncryptionType="KMS",
                                            KeyId="alias/aws/kinesis")
        description = self.kinesis.describe_stream(StreamName="secret")["StreamDescription"]
        self.assertEqual(description["EncryptionType"], "NONE")
        self.assertNotIn("KeyId", description)

    def test_enhanced_monitoring_is_stored_and_described(self):
        self.create("watched")
        out = self.kinesis.enable_enhanced_monitoring(
            StreamName="watched", ShardLevelMetrics=["IncomingBytes", "OutgoingRecords"])
        self.assertEqual(out["CurrentShardLevelMetrics"], [])
        self.assertEqual(out["DesiredShardLevelMetrics"], ["IncomingBytes", "OutgoingRecords"])
        out = self.kinesis.disable_enhanced_monitoring(StreamName="watched",
                                                       ShardLevelMetrics=["IncomingBytes"])
        self.assertEqual(out["DesiredShardLevelMetrics"], ["OutgoingRecords"])
        description = self.kinesis.describe_stream(StreamName="watched")["StreamDescription"]
        self.assertEqual(description["EnhancedMonitoring"],
                         [{"ShardLevelMetrics": ["OutgoingRecords"]}])
        out = self.kinesis.enable_enhanced_monitoring(StreamName="watched",
                                                      ShardLevelMetrics=["ALL"])
        self.assertEqual(len(out["DesiredShardLevelMetrics"]), 7)

    def aws(self, *args):
        env = dict(os.environ, AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test",
                   AWS_DEFAULT_REGION="us-east-1", AWS_PAGER="")
        result = subprocess.run(["aws", "--endpoint-url", self.eddy.endpoint, "kinesis", *args,
                                 "--output", "json"], capture_output=True, text=True, env=env,
                                timeout=60)
        self.assertEqual(result.returncode, 0, result.stderr)
        return json.loads(result.stdout) if result.stdout.strip() else None

    def test_aws_cli(self):
        self.aws("create-stream", "--stream-name", "cli", "--shard-count", "2")
        self.aws("wait", "stream-exists", "--stream-name", "cli")
        # CLI v1 sends a blob argument's text as its bytes, base64-encoded on the wire.
        put = self.aws("put-record", "--stream-name", "cli", "--partition-key", "k",
                       "--data", "hello")
        iterator = self.aws("get-shard-iterator", "--stream-name", "cli", "--shard-id",
                            put["ShardId"], "--shard-iterator-type", "TRIM_HORIZON")
        records = self.aws("get-records", "--shard-iterator", iterator["ShardIterator"])
        self.assertEqual(records["Records"][0]["Data"], "aGVsbG8=")
        self.assertEqual(records["Records"][0]["SequenceNumber"], put["SequenceNumber"])
        self.assertIn("cli", self.aws("list-streams")["StreamNames"])
        self.assertEqual(len(self.aws("list-shards", "--stream-name", "cli")["Shards"]), 2)
        self.aws("delete-stream", "--stream-name", "cli")


if __name__ == "__main__":
    unittest.main()
