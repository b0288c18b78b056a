"""Kinesis resharding through boto3: SplitShard, MergeShards and UpdateShardCount close parents,
open children with AWS's lineage and ids, and readers reach the children through ChildShards."""

import unittest

from eddy_harness import EddyTestCase

MAX_HASH = 2**128 - 1


class KinesisReshardingTest(EddyTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kinesis = cls.eddy.client("kinesis")

    def shards(self, name):
        return {s["ShardId"]: s for s in
                self.kinesis.describe_stream(StreamName=name)["StreamDescription"]["Shards"]}

    def drain(self, iterator):
        """Every record from the iterator to the end of its (closed) shard, and ChildShards."""
        records = []
        while True:
            out = self.kinesis.get_records(ShardIterator=iterator)
            records += out["Records"]
            if "NextShardIterator" not in out:
                return records, out.get("ChildShards", [])
            self.assertTrue(out["Records"] or out["NextShardIterator"])
            if not out["Records"]:
                return records, None  # an open shard: nothing more now
            iterator = out["NextShardIterator"]

    def test_split_closes_the_parent_and_reads_continue_in_children(self):
        self.kinesis.create_stream(StreamName="split", ShardCount=1)
        self.kinesis.put_record(StreamName="split", PartitionKey="before", Data=b"old")
        iterator = self.kinesis.get_shard_iterator(
            StreamName="split", ShardId="shardId-000000000000",
            ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        middle = str(2**127)
        self.kinesis.split_shard(StreamName="split", ShardToSplit="shardId-000000000000",
                                 NewStartingHashKey=middle)
        shards = self.shards("split")
        self.assertEqual(sorted(shards), ["shardId-000000000000", "shardId-000000000001",
                                          "shardId-000000000002"])
        parent = shards["shardId-000000000000"]
        self.assertIn("EndingSequenceNumber", parent["SequenceNumberRange"])
        low, high = shards["shardId-000000000001"], shards["shardId-000000000002"]
        self.assertEqual(low["ParentShardId"], "shardId-000000000000")
        self.assertEqual(high["ParentShardId"], "shardId-000000000000")
        self.assertNotIn("AdjacentParentShardId", low)
        self.assertEqual(low["HashKeyRange"], {"StartingHashKey": "0",
                                               "EndingHashKey": str(2**127 - 1)})
        self.assertEqual(high["HashKeyRange"], {"StartingHashKey": middle,
                                                "EndingHashKey": str(MAX_HASH)})
        self.assertGreater(int(low["SequenceNumberRange"]["StartingSequenceNumber"]),
                           int(parent["SequenceNumberRange"]["StartingSequenceNumber"]))
        out = self.kinesis.put_record(StreamName="split", PartitionKey="x", Data=b"new",
                                      ExplicitHashKey=middle)
        self.assertEqual(out["ShardId"], "shardId-000000000002")
        records, children = self.drain(iterator)
        self.assertEqual([r["Data"] for r in records], [b"old"])
        self.assertEqual(sorted(c["ShardId"] for c in children),
                         ["shardId-000000000001", "shardId-000000000002"])
        for child in children:
            self.assertEqual(child["ParentShards"], ["shardId-000000000000"])
        child_iterator = self.kinesis.get_shard_iterator(
            StreamName="split", ShardId="shardId-000000000002",
            ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        self.assertEqual([r["Data"] for r in
                          self.kinesis.get_records(ShardIterator=child_iterator)["Records"]],
                         [b"new"])
        self.assert_error(
            self.kinesis.split_shard, "InvalidArgumentException",
            f"NewStartingHashKey 1 used in SplitShard() on shard shardId-000000000001 in stream "
            f"split under account 000000000000 is not both greater than one plus the shard's "
            f"StartingHashKey 0 and less than the shard's EndingHashKey {2**127 - 1}.",
            StreamName="split", ShardToSplit="shardId-000000000001", NewStartingHashKey="1")
        self.assert_error(
            self.kinesis.split_shard, "ResourceNotFoundException",
            "Could not find shard shardId-000000000042 in stream split under account "
            "000000000000.",
            StreamName="split", ShardToSplit="shardId-000000000042", NewStartingHashKey="5")

    def test_merge_joins_adjacent_shards(self):
        self.kinesis.create_stream(StreamName="merge", ShardCount=3)
        self.assert_error(
            self.kinesis.merge_shards, "InvalidArgumentException",
            "Shards shardId-000000000000 and shardId-000000000002 in stream merge under account "
            "000000000000 are not an adjacent pair of shards eligible for merging",
            StreamName="merge", ShardToMerge="shardId-000000000000",
            AdjacentShardToMerge="shardId-000000000002")
        self.kinesis.merge_shards(StreamName="merge", ShardToMerge="shardId-000000000002",
                                  AdjacentShardToMerge="shardId-000000000001")
        merged = self.shards("merge")["shardId-000000000003"]
        self.assertEqual(merged["ParentShardId"], "shardId-000000000002")
        self.assertEqual(merged["AdjacentParentShardId"], "shardId-000000000001")
        self.assertEqual(merged["HashKeyRange"]["StartingHashKey"],
                         "113427455640312821154458202477256070485")
        self.assertEqual(merged["HashKeyRange"]["EndingHashKey"], str(MAX_HASH))
        iterator = self.kinesis.get_shard_iterator(
            StreamName="merge", ShardId="shardId-000000000001",
            ShardIteratorType="LATEST")["ShardIterator"]
        out = self.kinesis.get_records(ShardIterator=iterator)
        self.assertNotIn("NextShardIterator", out)
        self.assertEqual(out["ChildShards"], [{
            "ShardId": "shardId-000000000003",
            "ParentShards": ["shardId-000000000001", "shardId-000000000002"],
            "HashKeyRange": merged["HashKeyRange"]}])
        error = self.assert_error(self.kinesis.merge_shards, "ResourceInUseException",
                                  StreamName="merge", ShardToMerge="shardId-000000000001",
                                  AdjacentShardToMerge="shardId-000000000000")
        self.assertIn("has already been merged or split", error.response["Error"]["Message"])

    def test_update_shard_count_scales_uniformly(self):
        self.kinesis.create_stream(StreamName="scale", ShardCount=2)
        out = self.kinesis.update_shard_count(StreamName="scale", TargetShardCount=4,
                                              ScalingType="UNIFORM_SCALING")
        self.assertEqual(out["CurrentShardCount"], 2)
        self.assertEqual(out["TargetShardCount"], 4)
        shards = self.shards("scale")
        open_shards = [s for s in shards.values()
                       if "EndingSequenceNumber" not in s["SequenceNumberRange"]]
        self.assertEqual(len(open_shards), 4)
        self.assertEqual(sorted(s["ShardId"] for s in open_shards),
                         [f"shardId-00000000000{i}" for i in range(2, 6)])
        starts = sorted(int(s["HashKeyRange"]["StartingHashKey"]) for s in open_shards)
        self.assertEqual(starts, [i * 2**126 for i in range(4)])
        self.assertEqual(shards["shardId-000000000002"]["ParentShardId"], "shardId-000000000000")
        self.assertEqual(shards["shardId-000000000005"]["ParentShardId"], "shardId-000000000001")
        self.assert_error(self.kinesis.update_shard_count, "LimitExceededException",
                          StreamName="scale", TargetShardCount=9, ScalingType="UNIFORM_SCALING")
        summary = self.kinesis.describe_stream_summary(StreamName="scale")
        self.assertEqual(summary["StreamDescriptionSummary"]["OpenShardCount"], 4)

    def test_on_demand_streams_cannot_be_resharded(self):
        self.kinesis.create_stream(StreamName="auto", StreamModeDetails={"StreamMode": "ON_DEMAND"})
        self.assert_error(
            self.kinesis.update_shard_count, "ValidationException",
            "Request is invalid. Stream auto under account 000000000000 is in On-Demand mode.",
            StreamName="auto", TargetShardCount=5, ScalingType="UNIFORM_SCALING")


if __name__ == "__main__":
    unittest.main()
