"""SQS FIFO queues through boto3: group ordering, in-flight group locking, deduplication,
sequence numbers, ReceiveRequestAttemptId and FIFO-specific errors."""

import time
import unittest
import uuid

from botocore.exceptions import ClientError

from eddy_harness import EddyTestCase


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:10]}.fifo"


class SqsFifoTest(EddyTestCase):
    def setUp(self):
        self.sqs = self.client("sqs")

    def fifo(self, **attributes):
        attributes = {"FifoQueue": "true", "ContentBasedDeduplication": "true", **attributes}
        return self.sqs.create_queue(QueueName=unique("fifo"), Attributes=attributes)["QueueUrl"]

    def bodies(self, url, **kwargs):
        return [m["Body"] for m in self.sqs.receive_message(QueueUrl=url, **kwargs).get("Messages", [])]

    def send(self, url, body, group, **kwargs):
        return self.sqs.send_message(QueueUrl=url, MessageBody=body, MessageGroupId=group, **kwargs)

    def test_groups_come_out_together_and_in_order(self):
        url = self.fifo()
        self.send(url, "g1-m1", "group-1")
        self.send(url, "g2-m1", "group-2")
        self.send(url, "g1-m2", "group-1")
        self.send(url, "g1-m3", "group-1")
        self.assertEqual(self.bodies(url, MaxNumberOfMessages=10), ["g1-m1", "g1-m2", "g1-m3", "g2-m1"])

    def test_group_in_flight_is_locked_until_visible_again(self):
        url = self.fifo(VisibilityTimeout="1")
        for body in ["g1-m1", "g1-m2", "g1-m3", "g1-m4"]:
            self.send(url, body, "group-1")
        self.send(url, "g2-m1", "group-2")
        self.send(url, "g3-m1", "group-3")
        self.assertEqual(self.bodies(url, MaxNumberOfMessages=2), ["g1-m1", "g1-m2"])
        self.assertEqual(self.bodies(url, MaxNumberOfMessages=1), ["g2-m1"])
        time.sleep(1.5)
        self.assertEqual(self.bodies(url, MaxNumberOfMessages=10, VisibilityTimeout=0),
                         ["g3-m1", "g1-m1", "g1-m2", "g1-m3", "g1-m4", "g2-m1"])

    def test_deleting_releases_the_group(self):
        url = self.fifo()
        self.send(url, "g1-m1", "group-1")
        self.send(url, "g2-m1", "group-2")
        self.send(url, "g1-m2", "group-1")
        self.send(url, "g2-m2", "group-2")
        self.send(url, "g1-m3", "group-1")
        self.send(url, "g1-m4", "group-1")
        self.send(url, "g3-m1", "group-3")
        first = self.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=2)["Messages"]
        self.assertEqual([m["Body"] for m in first], ["g1-m1", "g1-m2"])
        self.sqs.delete_message(QueueUrl=url, ReceiptHandle=first[0]["ReceiptHandle"])
        self.assertEqual(self.bodies(url, MaxNumberOfMessages=10, VisibilityTimeout=0), ["g2-m1", "g2-m2", "g3-m1"])
        self.sqs.delete_message(QueueUrl=url, ReceiptHandle=first[1]["ReceiptHandle"])
        self.assertIn("g1-m3", self.bodies(url, MaxNumberOfMessages=10))

    def test_visibility_change_frees_only_that_message(self):
        url = self.fifo(VisibilityTimeout="30")
        self.send(url, "g1-m1", "group-1")
        self.send(url, "g1-m2", "group-1")
        self.send(url, "g2-m1", "group-2")
        first = self.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=2)["Messages"]
        self.sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=first[0]["ReceiptHandle"], VisibilityTimeout=0)
        self.assertEqual(self.bodies(url, MaxNumberOfMessages=3, WaitTimeSeconds=2), ["g2-m1", "g1-m1"])

    def test_deduplication_by_content_and_by_id(self):
        url = self.fifo()
        one = self.send(url, '{"foo": "bar"}', "group-1")
        two = self.send(url, '{"foo": "bar"}', "group-2")
        self.assertEqual(one["MessageId"], two["MessageId"])
        messages = self.sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1)["Messages"]
        self.assertEqual(len(messages), 1)
        self.sqs.delete_message(QueueUrl=url, ReceiptHandle=messages[0]["ReceiptHandle"])
        self.send(url, '{"foo": "bar"}', "group-1")
        self.assertEqual(self.bodies(url, WaitTimeSeconds=1), [])
        explicit = self.sqs.create_queue(QueueName=unique("ids"), Attributes={"FifoQueue": "true"})["QueueUrl"]
        self.send(explicit, "first", "g", MessageDeduplicationId="dedup1")
        self.send(explicit, "second", "g", MessageDeduplicationId="dedup1")
        self.send(explicit, "third", "g", MessageDeduplicationId="dedup2")
        self.assertEqual(self.bodies(explicit, MaxNumberOfMessages=10), ["first", "third"])

    def test_sequence_numbers_and_system_attributes(self):
        url = self.fifo(VisibilityTimeout="0", DeduplicationScope="messageGroup", FifoThroughputLimit="perMessageGroupId")
        sent = [self.send(url, f"message-{i}", "group", MessageDeduplicationId=f"m{i}") for i in range(3)]
        numbers = [int(s["SequenceNumber"]) for s in sent]
        self.assertEqual(numbers, sorted(numbers))
        self.assertEqual(len(set(numbers)), 3)
        self.assertTrue(all(len(s["SequenceNumber"]) >= 20 for s in sent))
        message = self.sqs.receive_message(QueueUrl=url, AttributeNames=["All"])["Messages"][0]
        self.assertEqual(set(message["Attributes"]), {
            "ApproximateFirstReceiveTimestamp", "ApproximateReceiveCount", "MessageDeduplicationId",
            "MessageGroupId", "SenderId", "SentTimestamp", "SequenceNumber"})
        self.assertEqual(message["Attributes"]["MessageDeduplicationId"], "m0")
        self.assertEqual(message["Attributes"]["SequenceNumber"], sent[0]["SequenceNumber"])
        again = self.sqs.receive_message(QueueUrl=url, AttributeNames=["All"])["Messages"][0]
        self.assertEqual(again["Attributes"]["ApproximateReceiveCount"], "2")

    def test_fifo_send_errors(self):
        url = self.sqs.create_queue(QueueName=unique("strict"), Attributes={"FifoQueue": "true"})["QueueUrl"]
        with self.assertRaises(ClientError) as raised:
            self.sqs.send_message(QueueUrl=url, MessageBody="x", MessageGroupId="g")
        self.assertEqual(raised.exception.response["Error"]["Code"], "InvalidParameterValue")
        self.assertEqual(raised.exception.response["Error"]["Message"],
                         "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly")
        with self.assertRaises(ClientError) as raised:
            self.sqs.send_message(QueueUrl=url, MessageBody="x", MessageDeduplicationId="d")
        self.assertEqual(raised.exception.response["Error"]["Code"], "MissingParameter")
        with self.assertRaises(ClientError) as raised:
            self.sqs.send_message(QueueUrl=url, MessageBody="x", MessageGroupId="g", MessageDeduplicationId="d", DelaySeconds=2)
        self.assertEqual(raised.exception.response["Error"]["Message"],
                         "Value 2 for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.")
        with self.assertRaises(ClientError) as raised:
            self.sqs.send_message_batch(QueueUrl=url, Entries=[
                {"Id": "a", "MessageBody": "x", "MessageGroupId": "g", "MessageDeduplicationId": "1"},
                {"Id": "b", "MessageBody": "x", "MessageGroupId": "g"}])
        self.assertEqual(raised.exception.response["Error"]["Message"],
                         "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly")
        with self.assertRaises(ClientError) as raised:
            self.sqs.send_message(QueueUrl=url, MessageBody="x", MessageGroupId="a" * 129, MessageDeduplicationId="d")
        self.assertEqual(raised.exception.response["Error"]["Message"],
                         f"Value {'a' * 129} for parameter MessageGroupId is invalid. Reason: MessageGroupId can only "
                         "include alphanumeric and punctuation characters. 1 to 128 in length.")

    def test_expired_receipt_handle_cannot_delete(self):
        url = self.fifo(VisibilityTimeout="1")
        self.send(url, "g1-m1", "1")
        handle = self.sqs.receive_message(QueueUrl=url)["Messages"][0]["ReceiptHandle"]
        time.sleep(1.5)
        with self.assertRaises(ClientError) as raised:
            self.sqs.delete_message(QueueUrl=url, ReceiptHandle=handle)
        self.assertEqual(raised.exception.response["Error"]["Message"],
                         f"Value {handle} for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired.")

    def test_receive_request_attempt_id_returns_the_same_messages(self):
        url = self.fifo()
        self.send(url, "a", "g1")
        self.send(url, "b", "g2")
        first = self.sqs.receive_message(QueueUrl=url, ReceiveRequestAttemptId="attempt-1")["Messages"]
        retried = self.sqs.receive_message(QueueUrl=url, ReceiveRequestAttemptId="attempt-1")["Messages"]
        self.assertEqual(retried, first)
        other = self.sqs.receive_message(QueueUrl=url, ReceiveRequestAttemptId="attempt-2")["Messages"]
        self.assertEqual([m["Body"] for m in other], ["b"])

    def test_batch_send_keeps_order(self):
        url = self.fifo()
        result = self.sqs.send_message_batch(QueueUrl=url, Entries=[
            {"Id": str(i), "MessageBody": f"m{i}", "MessageGroupId": "g"} for i in range(10)])
        numbers = [int(e["SequenceNumber"]) for e in result["Successful"]]
        self.assertEqual(numbers, sorted(numbers))
        self.assertEqual(self.bodies(url, MaxNumberOfMessages=10), [f"m{i}" for i in range(10)])


if __name__ == "__main__":
    unittest.main()
