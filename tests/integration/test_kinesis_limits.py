"""Kinesis per-shard throughput limits: off by default, on with --kinesis-throughput-limits or
EDDY_KINESIS_THROUGHPUT_LIMITS=1, where a shard takes 1000 records a second and says
ProvisionedThroughputExceededException beyond."""

import os
import unittest
from unittest import mock

from eddy_harness import EddyProcess

BATCH = [{"PartitionKey": "k", "Data": b"x"} for _ in range(500)]


def throttled_entries(kinesis, stream, batches=10):
    """Puts batches of 500 records to a 1-shard stream back to back; the throttled entries."""
    kinesis.create_stream(StreamName=stream, ShardCount=1)
    throttled = []
    for _ in range(batches):
        out = kinesis.put_records(StreamName=stream, Records=BATCH)
        throttled += [r for r in out["Records"] if "ErrorCode" in r]
        if out["FailedRecordCount"]:
            return throttled
    return throttled


class KinesisLimitsTest(unittest.TestCase):
    def test_limits_are_off_by_default(self):
        with EddyProcess() as eddy:
            self.assertEqual(throttled_entries(eddy.client("kinesis"), "free"), [])

    def test_the_flag_turns_limits_on(self):
        with EddyProcess(extra_args=["--kinesis-throughput-limits"]) as eddy:
            kinesis = eddy.client("kinesis")
            throttled = throttled_entries(kinesis, "limited")
            self.assertTrue(throttled)
            self.assertEqual(throttled[0]["ErrorCode"], "ProvisionedThroughputExceededException")
            self.assertEqual(throttled[0]["ErrorMessage"],
                             "Rate exceeded for shard shardId-000000000000 in stream limited "
                             "under account 000000000000.")

    def test_the_environment_turns_limits_on(self):
        with mock.patch.dict(os.environ, {"EDDY_KINESIS_THROUGHPUT_LIMITS": "1"}):
            with EddyProcess() as eddy:
                self.assertTrue(throttled_entries(eddy.client("kinesis"), "env-limited"))


if __name__ == "__main__":
    unittest.main()
