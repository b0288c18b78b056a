"""examples/sensor_pipeline end to end against a started eddy: every shape's outcome in DynamoDB
and Kinesis (filtered readings absent, each transformation's own result), then nothing left once
the script has cleaned up; and the script as a newcomer runs it, from the command line."""

import json
import os
import subprocess
import sys
import unittest
from decimal import Decimal
from unittest import mock

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "integration"))
from eddy_harness import REGION, SOURCE_DIR, EddyProcess  # noqa: E402

EXAMPLE_DIR = os.path.join(SOURCE_DIR, "examples", "sensor_pipeline")
sys.path.insert(0, EXAMPLE_DIR)
import pipeline  # noqa: E402

DUMMY_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
                     "AWS_DEFAULT_REGION": REGION}

# What each stage must hold, worked out by hand from pipeline.READINGS.
MONITORED_IDS = {"r01", "r02", "r03", "r04", "r05"}  # loop, pilsen, uptown; not hyde-park, o-hare
BANDS = {"r01": "loud", "r02": "moderate", "r03": "moderate", "r04": "loud", "r05": "quiet",
         "r06": "moderate", "r07": "loud", "r08": "loud"}
EXCESS_DB = {"r01": Decimal("2.4"), "r04": Decimal("11"), "r07": Decimal("5.8"),
             "r08": Decimal("18.2")}


def by_id(items):
    return {item["reading_id"]["S"]: item for item in items}


class SensorPipelineTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.eddy = EddyProcess().start()

    @classmethod
    def tearDownClass(cls):
        alive = cls.eddy.alive()
        code = cls.eddy.stop()
        if not alive or code != 0:
            raise AssertionError(f"eddy exited with {code}: {cls.eddy.log_lines}")

    def setUp(self):
        patcher = mock.patch.dict(os.environ, DUMMY_CREDENTIALS)
        patcher.start()
        self.addCleanup(patcher.stop)

    def assert_nothing_left(self, prefix):
        """No resource named with `prefix` remains in any service the pipeline used."""
        client = self.eddy.client
        functions = [f["FunctionName"] for f in client("lambda").list_functions()["Functions"]]
        mappings = client("lambda").list_event_source_mappings()["EventSourceMappings"]
        leftovers = {
            "tables": client("dynamodb").list_tables()["TableNames"],
            "queues": client("sqs").list_queues(QueueNamePrefix=prefix).get("QueueUrls", []),
            "topics": [t["TopicArn"] for t in client("sns").list_topics()["Topics"]],
            "subscriptions": [s["SubscriptionArn"]
                              for s in client("sns").list_subscriptions()["Subscriptions"]],
            "streams": client("kinesis").list_streams()["StreamNames"],
            "functions": functions,
            "mappings": [m["FunctionArn"] for m in mappings],
            "roles": [r["RoleName"] for r in client("iam").list_roles()["Roles"]],
        }
        for kind, names in leftovers.items():
            self.assertEqual([n for n in names if prefix in n], [], f"{kind} left behind")

    def test_every_shape_delivers_what_it_should_and_everything_is_deleted(self):
        inspected = []
        failures = pipeline.run(endpoint_url=self.eddy.endpoint, region_name=REGION,
                                prefix="e2e-all", timeout=60,
                                before_cleanup=lambda p: inspected.append(self.inspect(p)))
        self.assertEqual(inspected, ["done"])
        self.assertEqual(failures, [])
        self.assert_nothing_left("e2e-all")

    def inspect(self, noise):
        """Every stage's outcome, read with the test's own clients before the clean-up."""
        ddb, kinesis = self.eddy.client("dynamodb"), self.eddy.client("kinesis")

        def stage(name):
            return by_id(ddb.query(
                TableName="e2e-all-readings", KeyConditionExpression="stage = :s",
                ExpressionAttributeValues={":s": {"S": name}})["Items"])

        readings = {r["reading_id"]: r for r in pipeline.READINGS}

        # (1) Every reading sent to the queue was stored whole, from that queue.
        stored = stage("sqs")
        self.assertEqual(set(stored), set(readings))
        for reading_id, item in stored.items():
            reading = readings[reading_id]
            self.assertEqual(item["sensor_id"], {"S": reading["sensor_id"]})
            self.assertEqual(item["neighbourhood"], {"S": reading["neighbourhood"]})
            self.assertEqual(Decimal(item["db"]["N"]), Decimal(str(reading["db"])))
            self.assertEqual(item["taken_at"], {"S": reading["taken_at"]})
            self.assertEqual(item["source"], {"S": "e2e-all-readings"})

        # (2) Only monitored neighbourhoods' readings, each through its own neighbourhood's queue.
        stored = stage("by-neighbourhood")
        self.assertEqual(set(stored), MONITORED_IDS)
        for item in stored.values():
            self.assertEqual(item["source"]["S"], f"e2e-all-nbhd-{item['neighbourhood']['S']}")
        neighbourhoods = {item["neighbourhood"]["S"] for item in stored.values()}
        self.assertEqual(neighbourhoods, {"loop", "pilsen", "uptown"})

        # (3) The same readings, transformed two ways by the two functions.
        self.assertEqual({k: v["band"]["S"] for k, v in stage("bands").items()}, BANDS)
        self.assertEqual({k: Decimal(v["excess_db"]["N"]) for k, v in stage("exceedances").items()},
                         EXCESS_DB)

        # (4) The stream holds every reading in order; the live consumer and the replay saw all.
        shard = kinesis.list_shards(StreamName="e2e-all-stream")["Shards"][0]["ShardId"]
        iterator = kinesis.get_shard_iterator(StreamName="e2e-all-stream", ShardId=shard,
                                              ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        records = kinesis.get_records(ShardIterator=iterator)["Records"]
        self.assertEqual([json.loads(r["Data"]) for r in records], pipeline.READINGS)
        for name in ("kinesis", "kinesis-replay"):
            stored = stage(name)
            self.assertEqual(set(stored), set(readings), name)
            self.assertEqual({i["source"]["S"] for i in stored.values()}, {"e2e-all-stream"})
        return "done"

    def test_a_failure_midway_still_deletes_what_was_created(self):
        def fail(_):
            raise RuntimeError("stopped on purpose")

        with self.assertRaisesRegex(RuntimeError, "stopped on purpose"):
            pipeline.run(shapes=["sqs"], endpoint_url=self.eddy.endpoint, region_name=REGION,
                         prefix="e2e-fail", timeout=60, before_cleanup=fail)
        self.assert_nothing_left("e2e-fail")

    def test_the_command_line_finds_eddy_through_aws_endpoint_url(self):
        environment = dict(os.environ, AWS_ENDPOINT_URL=self.eddy.endpoint)
        done = subprocess.run([sys.executable, "pipeline.py", "sqs", "--timeout", "60"],
                              cwd=EXAMPLE_DIR, env=environment, capture_output=True, text=True,
                              timeout=300)
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        self.assertIn("sqs: 8 readings stored", done.stdout)
        self.assertTrue(done.stdout.rstrip().endswith("done"), done.stdout)
        prefix = done.stdout.split("resources are named ")[1].split("-*")[0]
        self.assert_nothing_left(prefix)

    def test_keep_leaves_the_resources_in_place(self):
        environment = dict(os.environ, AWS_ENDPOINT_URL=self.eddy.endpoint)
        done = subprocess.run([sys.executable, "pipeline.py", "--keep", "kinesis"], cwd=EXAMPLE_DIR,
                              env=environment, capture_output=True, text=True, timeout=300)
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        prefix = done.stdout.split("resources are named ")[1].split("-*")[0]
        self.assertIn(f"kept every resource named {prefix}-*", done.stdout)
        ddb, kinesis = self.eddy.client("dynamodb"), self.eddy.client("kinesis")
        replayed = ddb.query(TableName=f"{prefix}-readings", KeyConditionExpression="stage = :s",
                             ExpressionAttributeValues={":s": {"S": "kinesis-replay"}})["Items"]
        self.assertEqual(len(replayed), len(pipeline.READINGS))
        self.assertEqual(kinesis.describe_stream_summary(StreamName=f"{prefix}-stream")[
            "StreamDescriptionSummary"]["StreamStatus"], "ACTIVE")
        functions = self.eddy.client("lambda").list_functions()["Functions"]
        self.assertEqual(sorted(f["FunctionName"] for f in functions
                                if f["FunctionName"].startswith(prefix)),
                         [f"{prefix}-replay-kinesis", f"{prefix}-store-kinesis"])

    def test_an_unknown_shape_is_refused_before_anything_is_created(self):
        tables_before = self.eddy.client("dynamodb").list_tables()["TableNames"]
        environment = dict(os.environ, AWS_ENDPOINT_URL=self.eddy.endpoint)
        done = subprocess.run([sys.executable, "pipeline.py", "sqs", "carrier-pigeon"],
                              cwd=EXAMPLE_DIR, env=environment, capture_output=True, text=True,
                              timeout=60)
        self.assertEqual(done.returncode, 2)
        self.assertIn("unknown shape 'carrier-pigeon'", done.stderr)
        self.assertEqual(self.eddy.client("dynamodb").list_tables()["TableNames"], tables_before)


if __name__ == "__main__":
    unittest.main()
