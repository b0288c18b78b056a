"""SQS dead-letter queues through boto3: RedrivePolicy, RedriveAllowPolicy,
ListDeadLetterSourceQueues and message move tasks."""

import json
import time
import unittest
import uuid

from botocore.exceptions import ClientError

from eddy_harness import EddyTestCase


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


class SqsDeadLetterTest(EddyTestCase):
    def setUp(self):
        self.sqs = self.client("sqs")

    def arn(self, url):
        return self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]

    def with_dlq(self, max_receive_count, **attributes):
        dlq = self.sqs.create_queue(QueueName=unique("dlq"))["QueueUrl"]
        policy = json.dumps({"deadLetterTargetArn": self.arn(dlq), "maxReceiveCount": max_receive_count})
        source = self.sqs.create_queue(QueueName=unique("src"), Attributes={"RedrivePolicy": policy, **attributes})["QueueUrl"]
        return source, dlq

    def wait_for(self, condition, timeout=10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return True
            time.sleep(0.05)
        return condition()

    def test_message_moves_after_max_receive_count(self):
        source, dlq = self.with_dlq(1, VisibilityTimeout="0")
        sent = self.sqs.send_message(QueueUrl=source, MessageBody="test")
        first = self.sqs.receive_message(QueueUrl=source).get("Messages")
        second = self.sqs.receive_message(QueueUrl=source).get("Messages")
        self.assertIsNotNone(first)
        self.assertIsNone(second)
        dead = self.sqs.receive_message(QueueUrl=dlq, AttributeNames=["All"])["Messages"][0]
        self.assertEqual(dead["MessageId"], sent["MessageId"])
        self.assertEqual(dead["Attributes"]["DeadLetterQueueSourceArn"], self.arn(source))

    def test_redrive_policy_validation_and_storage(self):
        dummy = json.dumps({"deadLetterTargetArn": "dummy", "maxReceiveCount": 42})
        with self.assertRaises(ClientError) as raised:
            self.sqs.create_queue(QueueName=unique("bad"), Attributes={"RedrivePolicy": dummy})
        self.assertEqual(raised.exception.response["Error"]["Message"],
                         f"Value {dummy} for parameter RedrivePolicy is invalid. Reason: Invalid value for deadLetterTargetArn.")
        dlq = self.sqs.create_queue(QueueName=unique("dlq"))["QueueUrl"]
        url = self.sqs.create_queue(QueueName=unique("ok"))["QueueUrl"]
        for policy in [{"deadLetterTargetArn": self.arn(dlq)}, {"maxReceiveCount": 5},
                       {"deadLetterTargetArn": self.arn(dlq), "maxReceiveCount": "invalid"},
                       {"deadLetterTargetArn": self.arn(dlq), "maxReceiveCount": 1001}]:
            with self.subTest(policy=policy):
                with self.assertRaises(ClientError) as raised:
                    self.sqs.set_queue_attributes(QueueUrl=url, Attributes={"RedrivePolicy": json.dumps(policy)})
                self.assertEqual(raised.exception.response["Error"]["Code"], "InvalidParameterValue")
        self.sqs.set_queue_attributes(QueueUrl=url, Attributes={"RedrivePolicy": json.dumps(
            {"deadLetterTargetArn": self.arn(dlq), "maxReceiveCount": "10"})})
        stored = json.loads(self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["RedrivePolicy"])["Attributes"]["RedrivePolicy"])
        self.assertEqual(stored, {"deadLetterTargetArn": self.arn(dlq), "maxReceiveCount": 10})

    def test_redrive_allow_policy_is_enforced(self):
        dlq = self.sqs.create_queue(QueueName=unique("dlq"))["QueueUrl"]
        self.sqs.set_queue_attributes(QueueUrl=dlq, Attributes={"RedriveAllowPolicy": json.dumps({"redrivePermission": "denyAll"})})
        policy = json.dumps({"deadLetterTargetArn": self.arn(dlq), "maxReceiveCount": 3})
        with self.assertRaises(ClientError) as raised:
            self.sqs.create_queue(QueueName=unique("src"), Attributes={"RedrivePolicy": policy})
        self.assertEqual(raised.exception.response["Error"]["Code"], "InvalidParameterValue")
        self.assertEqual(json.loads(self.sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["RedriveAllowPolicy"])
                                    ["Attributes"]["RedriveAllowPolicy"]), {"redrivePermission": "denyAll"})

    def test_list_dead_letter_source_queues(self):
        dlq = self.sqs.create_queue(QueueName=unique("dlq"))["QueueUrl"]
        policy = json.dumps({"deadLetterTargetArn": self.arn(dlq), "maxReceiveCount": 50})
        sources = sorted(self.sqs.create_queue(QueueName=unique("src"), Attributes={"RedrivePolicy": policy})["QueueUrl"]
                         for _ in range(3))
        self.assertEqual(sorted(self.sqs.list_dead_letter_source_queues(QueueUrl=dlq)["queueUrls"]), sources)
        paged = []
        for page in self.sqs.get_paginator("list_dead_letter_source_queues").paginate(
                QueueUrl=dlq, PaginationConfig={"PageSize": 2}):
            paged += page["queueUrls"]
        self.assertEqual(sorted(paged), sources)

    def test_move_task_returns_messages_to_their_source(self):
        source, dlq = self.with_dlq(1, VisibilityTimeout="0")
        for i in range(5):
            self.sqs.send_message(QueueUrl=source, MessageBody=f"m{i}")
        for _ in range(3):
            self.sqs.receive_message(QueueUrl=source, MaxNumberOfMessages=10)
        self.assertTrue(self.wait_for(lambda: self.sqs.get_queue_attributes(
            QueueUrl=dlq, AttributeNames=["ApproximateNumberOfMessages"])["Attributes"]["ApproximateNumberOfMessages"] == "5"))
        handle = self.sqs.start_message_move_task(SourceArn=self.arn(dlq))["TaskHandle"]
        self.assertTrue(handle)
        self.assertTrue(self.wait_for(lambda: self.sqs.list_message_move_tasks(SourceArn=self.arn(dlq))["Results"][0]["Status"] == "COMPLETED"))
        task = self.sqs.list_message_move_tasks(SourceArn=self.arn(dlq))["Results"][0]
        self.assertEqual(task["ApproximateNumberOfMessagesMoved"], 5)
        self.assertEqual(task["ApproximateNumberOfMessagesToMove"], 5)
        self.assertNotIn("TaskHandle", task)
        bodies = []
        for _ in range(3):
            bodies += [m["Body"] for m in self.sqs.receive_message(QueueUrl=source, MaxNumberOfMessages=10).get("Messages", [])]
        self.assertEqual(sorted(bodies), [f"m{i}" for i in range(5)])

    def test_move_task_with_rate_and_cancel(self):
        source, dlq = self.with_dlq(3)
        target = self.sqs.create_queue(QueueName=unique("target"))["QueueUrl"]
        self.sqs.send_message_batch(QueueUrl=dlq, Entries=[{"Id": str(i), "MessageBody": str(i)} for i in range(10)])
        handle = self.sqs.start_message_move_task(SourceArn=self.arn(dlq), DestinationArn=self.arn(target),
                                                  MaxNumberOfMessagesPerSecond=1)["TaskHandle"]
        with self.assertRaises(ClientError) as raised:
            self.sqs.start_message_move_task(SourceArn=self.arn(dlq))
        self.assertEqual(raised.exception.response["Error"]["Message"],
                         "There is already a task running. Only one active task is allowed for a source queue arn at a given time.")
        running = self.sqs.list_message_move_tasks(SourceArn=self.arn(dlq))["Results"][0]
        self.assertEqual(running["Status"], "RUNNING")
        self.assertEqual(running["TaskHandle"], handle)
        self.assertEqual(running["MaxNumberOfMessagesPerSecond"], 1)
        time.sleep(1.5)
        moved = self.sqs.cancel_message_move_task(TaskHandle=handle)["ApproximateNumberOfMessagesMoved"]
        self.assertGreaterEqual(moved, 1)
        self.assertLess(moved, 10)
        self.assertEqual(self.sqs.list_message_move_tasks(SourceArn=self.arn(dlq))["Results"][0]["Status"], "CANCELLED")

    def test_move_task_errors(self):
        plain = self.sqs.create_queue(QueueName=unique("plain"))["QueueUrl"]
        with self.assertRaises(ClientError) as raised:
            self.sqs.start_message_move_task(SourceArn=self.arn(plain))
        self.assertEqual(raised.exception.response["Error"]["Message"], "Source queue must be configured as a Dead Letter Queue.")
        with self.assertRaises(self.sqs.exceptions.ResourceNotFoundException) as raised:
            self.sqs.start_message_move_task(SourceArn="arn:aws:sqs:us-east-1:000000000000:" + unique("nope"))
        self.assertEqual(raised.exception.response["ResponseMetadata"]["HTTPStatusCode"], 404)
        with self.assertRaises(ClientError) as raised:
            self.sqs.cancel_message_move_task(TaskHandle="garbage")
        self.assertEqual(raised.exception.response["Error"]["Message"], "Value for parameter TaskHandle is invalid.")
        source, dlq = self.with_dlq(2)
        with self.assertRaises(self.sqs.exceptions.ResourceNotFoundException) as raised:
            self.sqs.start_message_move_task(SourceArn=self.arn(dlq), DestinationArn="arn:aws:sqs:us-east-1:000000000000:" + unique("gone"))
        self.assertEqual(raised.exception.response["Error"]["Message"],
                         "The resource that you specified for the DestinationArn parameter doesn't exist.")


if __name__ == "__main__":
    unittest.main()
