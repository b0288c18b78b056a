"""FIFO topics end to end: MessageGroupId and deduplication rules, sequence numbers, five-minute
deduplication at the topic, group order into FIFO queues, standard queues on FIFO topics, and
PublishBatch on FIFO topics."""

import hashlib
import json
import unittest

from botocore.exceptions import ClientError

from eddy_harness import EddyTestCase
from sns_test_support import drain, subscribe_queue


class FifoTest(EddyTestCase):
    def setUp(self):
        self.sns = self.client("sns")
        self.sqs = self.client("sqs")

    def fifo_topic(self, name, content_based=False):
        attributes = {"FifoTopic": "true"}
        if content_based:
            attributes["ContentBasedDeduplication"] = "true"
        return self.sns.create_topic(Name=f"{name}.fifo", Attributes=attributes)["TopicArn"]

    def assert_error(self, call, message, **kwargs):
        with self.assertRaises(ClientError) as caught:
            call(**kwargs)
        self.assertEqual(caught.exception.response["Error"]["Code"], "InvalidParameter")
        self.assertEqual(caught.exception.response["Error"]["Message"], message)

    def test_required_parameters(self):
        topic = self.fifo_topic("rules")
        self.assert_error(self.sns.publish,
                          "Invalid parameter: The MessageGroupId parameter is required for FIFO topics",
                          TopicArn=topic, Message="m")
        self.assert_error(self.sns.publish,
                          "Invalid parameter: The topic should either have ContentBasedDeduplication "
                          "enabled or MessageDeduplicationId provided explicitly",
                          TopicArn=topic, Message="m", MessageGroupId="g")
        self.assert_error(self.sns.publish_batch,
                          "Invalid parameter: The MessageGroupId parameter is required for FIFO topics",
                          TopicArn=topic, PublishBatchRequestEntries=[
                              {"Id": "1", "Message": "m", "MessageDeduplicationId": "d"}])

    def test_delivery_with_sequence_numbers_and_dedup_ids(self):
        topic = self.fifo_topic("ordered")
        queue, subscription = subscribe_queue(self.sns, self.sqs, topic, "ordered-q.fifo")
        raw_queue, _ = subscribe_queue(self.sns, self.sqs, topic, "ordered-raw.fifo",
                                       RawMessageDelivery="true")
        replies = [self.sns.publish(TopicArn=topic, Message=f"m{i}", MessageGroupId="g1",
                                    MessageDeduplicationId=f"d{i}") for i in range(5)]
        sequence_numbers = [r["SequenceNumber"] for r in replies]
        self.assertTrue(all(len(number) == 20 for number in sequence_numbers))
        self.assertEqual(sequence_numbers, sorted(sequence_numbers, key=int))
        self.assertEqual(len(set(sequence_numbers)), 5)

        received = []
        while len(received) < 5:  # one group: a batch at a time, in order
            batch = drain(self.sqs, queue, expect=1)
            self.assertTrue(batch)
            received += batch
        bodies = [json.loads(m["Body"]) for m in received]
        self.assertEqual([b["Message"] for b in bodies], [f"m{i}" for i in range(5)])
        first = bodies[0]
        self.assertEqual(list(first), ["Type", "MessageId", "SequenceNumber", "TopicArn", "Message",
                                       "Timestamp", "UnsubscribeURL"])
        self.assertEqual(first["SequenceNumber"], sequence_numbers[0])
        self.assertEqual(first["UnsubscribeURL"],
                         f"{self.eddy.endpoint}/?Action=Unsubscribe&SubscriptionArn={subscription}")
        self.assertEqual(received[0]["Attributes"]["MessageGroupId"], "g1")
        self.assertEqual(received[0]["Attributes"]["MessageDeduplicationId"], "d0")
        raw = []
        while len(raw) < 5:
            raw += drain(self.sqs, raw_queue, expect=1)
        self.assertEqual([m["Body"] for m in raw], [f"m{i}" for i in range(5)])

    def test_topic_deduplicates_for_five_minutes(self):
        topic = self.fifo_topic("dedup", content_based=True)
        queue, _ = subscribe_queue(self.sns, self.sqs, topic, "dedup-q.fifo")
        standard, _ = subscribe_queue(self.sns, self.sqs, topic, "dedup-standard")
        first = self.sns.publish(TopicArn=topic, Message="Test", MessageGroupId="g")
        again = self.sns.publish(TopicArn=topic, Message="Test", MessageGroupId="g")
        # A duplicate is accepted and answered as the first publish was, but not delivered.
        self.assertEqual(again["MessageId"], first["MessageId"])
        self.assertEqual(again["SequenceNumber"], first["SequenceNumber"])
        [message] = drain(self.sqs, queue, expect=1)
        self.assertEqual(message["Attributes"]["MessageDeduplicationId"],
                         hashlib.sha256(b"Test").hexdigest())
        # Deduplication happens at the topic: the standard queue got it once too.
        self.assertEqual(len(drain(self.sqs, standard, expect=1)), 1)
        # An explicit id overrides the content hash.
        self.sns.publish(TopicArn=topic, Message="Test", MessageGroupId="g", MessageDeduplicationId="other")
        self.assertEqual(len(drain(self.sqs, standard, expect=1)), 1)

    def test_standard_queue_on_fifo_topic_gets_no_fifo_attributes(self):
        topic = self.fifo_topic("to-standard")
        queue, _ = subscribe_queue(self.sns, self.sqs, topic, "to-standard-q")
        self.sns.publish(TopicArn=topic, Message="Test", MessageGroupId="g", MessageDeduplicationId="d")
        [message] = drain(self.sqs, queue, expect=1)
        self.assertNotIn("MessageGroupId", message["Attributes"])
        body = json.loads(message["Body"])
        self.assertIn("SequenceNumber", body)
        self.assertNotIn("Signature", body)

    def test_publish_batch_on_fifo_topic(self):
        topic = self.fifo_topic("batch", content_based=True)
        queue, _ = subscribe_queue(self.sns, self.sqs, topic, "batch-q.fifo", RawMessageDelivery="true")
        entries = [{"Id": str(i), "Message": f"batch {i}", "MessageGroupId": "complexMessageGroupId"}
                   for i in range(3)]
        reply = self.sns.publish_batch(TopicArn=topic, PublishBatchRequestEntries=entries)
        self.assertEqual([e["Id"] for e in reply["Successful"]], ["0", "1", "2"])
        numbers = [int(e["SequenceNumber"]) for e in reply["Successful"]]
        self.assertEqual(numbers, sorted(numbers))
        again = self.sns.publish_batch(TopicArn=topic, PublishBatchRequestEntries=entries)
        self.assertEqual([e["MessageId"] for e in again["Successful"]],
                         [e["MessageId"] for e in reply["Successful"]])
        received = []
        while len(received) < 3:
            received += drain(self.sqs, queue, expect=1)
        self.assertEqual([m["Body"] for m in received], ["batch 0", "batch 1", "batch 2"])
        self.assertEqual(drain(self.sqs, queue), [])


if __name__ == "__main__":
    unittest.main()
