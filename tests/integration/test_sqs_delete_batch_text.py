"""DeleteMessageBatch over the JSON protocol is read from the request's text and answers JSON text.
A request the text reader does not take (the same JSON with its member names escaped) goes the
json-value path: both answer alike, byte for byte, errors included, and the messages deleted are
gone."""

import json
import uuid

from eddy_harness import EddyTestCase
from sqs_test_support import escaped_names, post


class SqsDeleteBatchTextTest(EddyTestCase):
    def delete_batch(self, text):
        response, data = post(self.eddy.port, text.encode("utf-8"), {
            "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "AmazonSQS.DeleteMessageBatch"})
        return response.status, data

    def handles(self, url, count):
        sqs = self.client("sqs")
        sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": str(i), "MessageBody": f"m{i}"} for i in range(count)])
        handles = []
        while len(handles) < count:
            answer = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=60)
            handles += [m["ReceiptHandle"] for m in answer.get("Messages", [])]
        return handles

    def test_text_and_json_paths_answer_alike(self):
        sqs = self.client("sqs")
        url = sqs.create_queue(QueueName=f"delete-{uuid.uuid4().hex[:8]}")["QueueUrl"]
        fifo = sqs.create_queue(QueueName=f"delete-{uuid.uuid4().hex[:8]}.fifo",
                                Attributes={"FifoQueue": "true", "ContentBasedDeduplication": "true"})["QueueUrl"]
        handles = self.handles(url, 4)
        sqs.send_message(QueueUrl=fifo, MessageBody="f", MessageGroupId="g")
        fifo_handle = sqs.receive_message(QueueUrl=fifo, VisibilityTimeout=60)["Messages"][0]["ReceiptHandle"]
        requests = [
            {"QueueUrl": url, "Entries": [{"Id": f"e{i}", "ReceiptHandle": h} for i, h in enumerate(handles[:3])]},
            {"QueueUrl": url, "Entries": [{"Id": "good", "ReceiptHandle": handles[3]},
                                          {"Id": "bad", "ReceiptHandle": "not-a-handle"},
                                          {"Id": "empty", "ReceiptHandle": ""}]},
            {"QueueUrl": url, "Entries": [{"Id": "same", "ReceiptHandle": handles[0]}] * 2},
            {"QueueUrl": url, "Entries": [{"Id": str(i), "ReceiptHandle": handles[0]} for i in range(11)]},
            {"QueueUrl": url, "Entries": [{"Id": "not valid", "ReceiptHandle": handles[0]}]},
            {"QueueUrl": url, "Entries": []},
            {"QueueUrl": url + "-missing", "Entries": [{"Id": "a", "ReceiptHandle": handles[0]}]},
            {"QueueUrl": fifo, "Entries": [{"Id": "f", "ReceiptHandle": fifo_handle}]},
        ]
        for request in requests:
            with self.subTest(request=json.dumps(request)[:160]):
                text = json.dumps(request)
                by_text = self.delete_batch(text)
                # Deleting again succeeds: the json path answers a second time alike.
                self.assertEqual(by_text, self.delete_batch(escaped_names(text)))
                if by_text[0] == 200:
                    answer = json.loads(by_text[1])
                    self.assertEqual(by_text[1].decode(),
                                     json.dumps(answer, sort_keys=True, separators=(",", ":")))
        attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        self.assertEqual((attributes["ApproximateNumberOfMessages"],
                          attributes["ApproximateNumberOfMessagesNotVisible"]), ("0", "0"))
        self.assertEqual(sqs.get_queue_attributes(QueueUrl=fifo, AttributeNames=["All"])["Attributes"][
            "ApproximateNumberOfMessagesNotVisible"], "0")
