"""Event-source mappings end to end through boto3, with python functions running as processes:
SQS -> Lambda -> DynamoDB (a failing message left to the queue's redrive policy), Kinesis ->
Lambda and DynamoDB Streams -> Lambda, each function writing what it saw back into Eddy."""

import json
import time
import unittest

from eddy_harness import EddyTestCase
from lambda_test_support import create_function, make_zip

# Stores each record's payload in the `seen` table, keyed by source and record; fails on "poison".
RECORDER = """
import base64, json, boto3
table = boto3.resource("dynamodb").Table("seen")
def handler(event, context):
    for record in event["Records"]:
        source = record["eventSource"]
        if source == "aws:sqs":
            body, key = record["body"], record["messageId"]
        elif source == "aws:kinesis":
            body, key = base64.b64decode(record["kinesis"]["data"]).decode(), record["eventID"]
        else:
            body, key = json.dumps(record["dynamodb"]["Keys"], sort_keys=True), record["eventID"]
        if body == "poison":
            raise ValueError("poison reading")
        table.put_item(Item={"source": source, "key": key, "body": body})
    return {"ok": len(event["Records"])}
"""


class EventSourcePipelineTest(EddyTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lam = cls.eddy.client("lambda")
        cls.ddb = cls.eddy.client("dynamodb")
        cls.ddb.create_table(
            TableName="seen", BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "source", "KeyType": "HASH"},
                       {"AttributeName": "key", "KeyType": "RANGE"}],
            AttributeDefinitions=[{"AttributeName": "source", "AttributeType": "S"},
                                  {"AttributeName": "key", "AttributeType": "S"}])
        create_function(cls.lam, "recorder", make_zip({"app.py": RECORDER}), Timeout=30)

    def seen(self, source, count, timeout=30):
        """The bodies recorded from `source`, once there are `count` of them."""
        deadline = time.monotonic() + timeout
        while True:
            items = self.ddb.query(
                TableName="seen", KeyConditionExpression="#s = :s",
                ExpressionAttributeNames={"#s": "source"},
                ExpressionAttributeValues={":s": {"S": source}})["Items"]
            if len(items) >= count or time.monotonic() > deadline:
                return sorted(item["body"]["S"] for item in items)
            time.sleep(0.2)

    def test_sqs_messages_reach_dynamodb_and_poison_goes_to_the_dead_letter_queue(self):
        sqs = self.client("sqs")
        dlq_url = sqs.create_queue(QueueName="readings-dlq")["QueueUrl"]
        dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])[
            "Attributes"]["QueueArn"]
        url = sqs.create_queue(QueueName="readings", Attributes={
            "VisibilityTimeout": "1",
            "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "2"})})["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        self.lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="recorder", BatchSize=1)
        for body in ("61.5", "70.2", "poison"):
            sqs.send_message(QueueUrl=url, MessageBody=body)
        self.assertEqual(self.seen("aws:sqs", 2), ["61.5", "70.2"])
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            dead = sqs.receive_message(QueueUrl=dlq_url, WaitTimeSeconds=2).get("Messages", [])
            if dead:
                self.assertEqual(dead[0]["Body"], "poison")
                return
        self.fail("the failing message never reached the dead-letter queue")

    def test_kinesis_records_reach_the_function_in_order(self):
        kinesis = self.client("kinesis")
        kinesis.create_stream(StreamName="noise", ShardCount=1)
        kinesis.get_waiter("stream_exists").wait(StreamName="noise", WaiterConfig={"Delay": 1})
        arn = kinesis.describe_stream_summary(StreamName="noise")["StreamDescriptionSummary"]["StreamARN"]
        self.lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="recorder",
                                             StartingPosition="TRIM_HORIZON", BatchSize=10)
        for i in range(5):
            kinesis.put_record(StreamName="noise", PartitionKey="sensor", Data=f"db-{i}".encode())
        self.assertEqual(self.seen("aws:kinesis", 5), [f"db-{i}" for i in range(5)])

    def test_dynamodb_stream_records_reach_the_function(self):
        self.ddb.create_table(
            TableName="sensors", BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
        stream = self.ddb.describe_table(TableName="sensors")["Table"]["LatestStreamArn"]
        self.lam.create_event_source_mapping(EventSourceArn=stream, FunctionName="recorder",
                                             StartingPosition="LATEST")
        for sensor in ("north-1", "south-2"):
            self.ddb.put_item(TableName="sensors", Item={"id": {"S": sensor}})
        self.assertEqual(self.seen("aws:dynamodb", 2),
                         ['{"id": {"S": "north-1"}}', '{"id": {"S": "south-2"}}'])


if __name__ == "__main__":
    unittest.main()
