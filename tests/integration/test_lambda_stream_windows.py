"""Stream mappings' ParallelizationFactor and TumblingWindowInSeconds end to end through boto3,
with python functions running as processes and reporting to SQS what they saw."""

import base64
import json
import time
import unittest

from eddy_harness import EddyTestCase
from lambda_test_support import create_function, make_zip

# Sums the readings of its window in the state; the final invocation reports the window's total.
WINDOW_TOTAL = """
import base64, boto3, json
sqs = boto3.client("sqs")
def handler(event, context):
    state = event.get("state") or {}
    total = state.get("total", 0) + sum(int(base64.b64decode(r["kinesis"]["data"])) for r in event["Records"])
    if event["isFinalInvokeForWindow"]:
        url = sqs.get_queue_url(QueueName="window-totals")["QueueUrl"]
        sqs.send_message(QueueUrl=url, MessageBody=json.dumps({
            "total": total, "window": event["window"], "shardId": event["shardId"],
            "eventSourceARN": event["eventSourceARN"], "records": len(event["Records"])}))
    return {"state": {"total": total}}
"""

# Reports each batch's readings per partition key to a FIFO queue, one message group per key, so
# the queue keeps the order in which the function saw each key's readings.
KEYED_REPORTER = """
import base64, boto3, json, uuid
sqs = boto3.client("sqs")
def handler(event, context):
    url = sqs.get_queue_url(QueueName="keyed-batches.fifo")["QueueUrl"]
    by_key = {}
    for r in event["Records"]:
        by_key.setdefault(r["kinesis"]["partitionKey"], []).append(int(base64.b64decode(r["kinesis"]["data"])))
    for key, readings in by_key.items():
        sqs.send_message(QueueUrl=url, MessageBody=json.dumps([key, readings, len(event["Records"])]),
                         MessageGroupId=key, MessageDeduplicationId=str(uuid.uuid4()))
"""


class StreamWindowsTest(EddyTestCase):
    def setUp(self):
        self.lam = self.client("lambda")
        self.sqs = self.client("sqs")
        self.kinesis = self.client("kinesis")

    def stream(self, name):
        self.kinesis.create_stream(StreamName=name, ShardCount=1)
        self.kinesis.get_waiter("stream_exists").wait(StreamName=name, WaiterConfig={"Delay": 1})
        return self.kinesis.describe_stream_summary(StreamName=name)[
            "StreamDescriptionSummary"]["StreamARN"]

    def messages(self, url, count, timeout=30):
        got, deadline = [], time.monotonic() + timeout
        while len(got) < count and time.monotonic() < deadline:
            for message in self.sqs.receive_message(
                    QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", []):
                got.append(json.loads(message["Body"]))
                self.sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
        return got

    def test_a_tumbling_window_ends_with_a_final_invocation_holding_its_state(self):
        url = self.sqs.create_queue(QueueName="window-totals")["QueueUrl"]
        create_function(self.lam, "window-total", make_zip({"app.py": WINDOW_TOTAL}), Timeout=30)
        arn = self.stream("window-readings")
        self.lam.create_event_source_mapping(
            EventSourceArn=arn, FunctionName="window-total", StartingPosition="TRIM_HORIZON",
            BatchSize=2, TumblingWindowInSeconds=2)
        for reading in [5, 7, 11]:
            self.kinesis.put_record(StreamName="window-readings", PartitionKey="p",
                                    Data=str(reading).encode())
        # The three readings fall in one window unless a window boundary passed between the puts
        # (a loaded machine): then each window reports its own part, perhaps in one receive.
        reports = self.messages(url, 1, timeout=20)
        deadline = time.monotonic() + 10
        while sum(r["total"] for r in reports) < 23 and time.monotonic() < deadline:
            reports += self.messages(url, 1, timeout=2)
        self.assertEqual(sum(r["total"] for r in reports), 23, reports)
        self.assertLessEqual(len(reports), 3, reports)
        self.assertEqual(len({r["window"]["start"] for r in reports}), len(reports), reports)
        for report in reports:
            self.assertEqual(report["records"], 0)
            self.assertEqual(report["shardId"], "shardId-000000000000")
            self.assertEqual(report["eventSourceARN"], arn)
            start, end = (time.strptime(report["window"][k], "%Y-%m-%dT%H:%M:%SZ")
                          for k in ("start", "end"))
            self.assertEqual(time.mktime(end) - time.mktime(start), 2)

    def test_parallelization_factor_keeps_each_partition_key_in_order(self):
        url = self.sqs.create_queue(QueueName="keyed-batches.fifo",
                                    Attributes={"FifoQueue": "true"})["QueueUrl"]
        create_function(self.lam, "keyed-reporter", make_zip({"app.py": KEYED_REPORTER}), Timeout=30)
        arn = self.stream("keyed-readings")
        for i in range(40):
            self.kinesis.put_record(StreamName="keyed-readings", PartitionKey=f"sensor-{i % 5}",
                                    Data=str(i).encode())
        self.lam.create_event_source_mapping(
            EventSourceArn=arn, FunctionName="keyed-reporter", StartingPosition="TRIM_HORIZON",
            BatchSize=3, ParallelizationFactor=5)
        by_key = {}
        deadline = time.monotonic() + 30
        while sum(len(v) for v in by_key.values()) < 40 and time.monotonic() < deadline:
            for key, readings, batch_size in self.messages(url, 1, timeout=2):
                self.assertLessEqual(batch_size, 3)
                by_key.setdefault(key, []).extend(readings)
        self.assertEqual(sorted(by_key), [f"sensor-{k}" for k in range(5)])
        for key, readings in by_key.items():
            k = int(key.split("-")[1])
            self.assertEqual(readings, list(range(k, 40, 5)), key)

if __name__ == "__main__":
    unittest.main()
