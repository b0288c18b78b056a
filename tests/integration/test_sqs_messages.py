"""SQS messages through boto3: send and receive with attributes and digests, visibility,
delays, deletes, batches with partial failures, limits, and long polling."""

import hashlib
import threading
import time
import unittest
import uuid

from botocore.exceptions import ClientError

from eddy_harness import EddyTestCase


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


class SqsMessageTest(EddyTestCase):
    def setUp(self):
        self.sqs = self.client("sqs")

    def queue(self, **attributes):
        return self.sqs.create_queue(QueueName=unique("q"), Attributes=attributes)["QueueUrl"]

    def error_of(self, call, **kwargs):
        with self.assertRaises(ClientError) as raised:
            call(**kwargs)
        return raised.exception.response["Error"]

    def test_send_receive_delete(self):
        url = self.queue()
        sent = self.sqs.send_message(QueueUrl=url, MessageBody="message")
        self.assertEqual(sent["MD5OfMessageBody"], "78e731027d8fd50ed642340b7c9a63b3")
        self.assertNotIn("SequenceNumber", sent)
        received = self.sqs.receive_message(QueueUrl=url, AttributeNames=["All"])["Messages"]
        self.assertEqual(len(received), 1)
        message = received[0]
        self.assertEqual(message["MessageId"], sent["MessageId"])
        self.assertEqual(message["Body"], "message")
        self.assertEqual(message["MD5OfBody"], sent["MD5OfMessageBody"])
        self.assertEqual(set(message["Attributes"]),
                         {"SenderId", "SentTimestamp", "ApproximateReceiveCount", "ApproximateFirstReceiveTimestamp"})
        self.assertEqual(message["Attributes"]["ApproximateReceiveCount"], "1")
        self.assertAlmostEqual(int(message["Attributes"]["SentTimestamp"]) / 1000, time.time(), delta=30)
        self.sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
        self.sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
        self.assertEqual(self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessagesNotVisible"])
                         ["Attributes"]["ApproximateNumberOfMessagesNotVisible"], "0")

    def test_message_attributes_round_trip_with_matching_digests(self):
        url = self.queue()
        attributes = {
            "text": {"DataType": "String", "StringValue": "h\u00e9llo \u2603"},
            "number": {"DataType": "Number", "StringValue": "1614717034367"},
            "custom": {"DataType": "Number.float", "StringValue": "2.5"},
            "blob": {"DataType": "Binary",
                     "BinaryValue": b"traceparent\x1e00-774062d6c37081a5a0b9b5b88e30627c-2d2482211f6489da-01"},
        }
        sent = self.sqs.send_message(QueueUrl=url, MessageBody="test", MessageAttributes=attributes)
        message = self.sqs.receive_message(QueueUrl=url, MessageAttributeNames=["All"])["Messages"][0]
        self.assertEqual(message["MessageAttributes"], attributes)
        self.assertEqual(message["MD5OfMessageAttributes"], sent["MD5OfMessageAttributes"])

        url2 = self.queue()
        binary = {"attr1": {"DataType": "Binary",
                            "BinaryValue": b"traceparent\x1e00-774062d6c37081a5a0b9b5b88e30627c-2d2482211f6489da-01"}}
        self.assertEqual(self.sqs.send_message(QueueUrl=url2, MessageBody="test", MessageAttributes=binary)
                         ["MD5OfMessageAttributes"], "8cbe4db156db8a94db8b801b7addb984")

    def test_message_attribute_name_filters(self):
        url = self.queue(VisibilityTimeout="0")
        sent = self.sqs.send_message(QueueUrl=url, MessageBody="msg", MessageAttributes={
            "Help.Me": {"DataType": "String", "StringValue": "Me"},
            "Hello": {"DataType": "String", "StringValue": "There"},
            "General": {"DataType": "String", "StringValue": "Kenobi"}})
        self.assertEqual(sent["MD5OfMessageAttributes"], "4c360f3fdafd970e05fae2f149d997f5")

        def receive(names):
            return self.sqs.receive_message(QueueUrl=url, MessageAttributeNames=names)["Messages"][0]

        self.assertNotIn("MessageAttributes", receive([]))
        for everything in (["All"], ["*"], [".*"]):
            self.assertEqual(receive(everything)["MD5OfMessageAttributes"], "4c360f3fdafd970e05fae2f149d997f5")
        self.assertNotIn("MessageAttributes", receive(["Foo", "Help"]))
        self.assertEqual(receive(["Hello", "General"])["MD5OfMessageAttributes"], "fca026605781cb4126a1e9044df24232")
        self.assertEqual(receive(["Foo", "Hello"])["MD5OfMessageAttributes"], "a311262e065454b75da111d535b8dacd")
        prefixed = receive(["Hel.*"])
        self.assertEqual(set(prefixed["MessageAttributes"]), {"Hello", "Help.Me"})
        self.assertEqual(prefixed["MD5OfMessageAttributes"], "83fee93c1bcd8b9a5a923ffacdc636c7")

    def test_system_attributes(self):
        url = self.queue()
        trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
        sent = self.sqs.send_message(QueueUrl=url, MessageBody="test", MessageSystemAttributes={
            "AWSTraceHeader": {"DataType": "String", "StringValue": trace}})
        self.assertEqual(sent["MD5OfMessageSystemAttributes"], "5ae4d5d7636402d80f4eb6d213245a88")
        message = self.sqs.receive_message(QueueUrl=url, MessageSystemAttributeNames=["AWSTraceHeader"])["Messages"][0]
        self.assertEqual(message["Attributes"], {"AWSTraceHeader": trace})

    def test_invalid_messages_are_rejected(self):
        url = self.queue()
        error = self.error_of(self.sqs.send_message, QueueUrl=url, MessageBody="")
        self.assertEqual(error["Code"], "MissingParameter")
        self.assertEqual(error["Message"], "The request must contain the parameter MessageBody.")
        error = self.error_of(self.sqs.send_message, QueueUrl=url, MessageBody=f"Invalid-{chr(0)}-{chr(8)}-{chr(19)}-{chr(65535)}")
        self.assertEqual(error["Code"], "InvalidMessageContents")
        error = self.error_of(self.sqs.send_message, QueueUrl=url, MessageBody="test", MessageAttributes={
            "ErrorDetails": {"StringValue": "", "DataType": "String"}})
        self.assertEqual(error, {"Type": "Sender", "Code": "InvalidParameterValue", "QueryErrorCode": "InvalidParameterValue",
                                 "Message": "Message (user) attribute 'ErrorDetails' must contain a non-empty value of type 'String'."})
        for name in ["aWs.x", "AMAZON.x", ".x", "Invalid-!-attr", "L" * 257, "Invalid."]:
            with self.subTest(name=name):
                error = self.error_of(self.sqs.send_message, QueueUrl=url, MessageBody="test",
                                      MessageAttributes={name: {"StringValue": "Valid", "DataType": "String"}})
                self.assertEqual(error["Code"], "InvalidParameterValue")
        error = self.error_of(self.sqs.send_message, QueueUrl=url, MessageBody="test",
                              MessageAttributes={"a": {"StringValue": "v", "DataType": "Invalid"}})
        self.assertEqual(error["Code"], "InvalidParameterValue")

    def test_size_limit_counts_attributes(self):
        url = self.queue()
        attributes = {"k": {"DataType": "String", "StringValue": "x"}}
        self.sqs.send_message(QueueUrl=url, MessageBody="a" * (1048576 - 8), MessageAttributes=attributes)
        error = self.error_of(self.sqs.send_message, QueueUrl=url, MessageBody="a" * (1048576 - 7), MessageAttributes=attributes)
        self.assertEqual(error["Message"], "One or more parameters are invalid. Reason: Message must be shorter than 1048576 bytes.")
        self.sqs.set_queue_attributes(QueueUrl=url, Attributes={"MaximumMessageSize": "1024"})
        self.sqs.send_message(QueueUrl=url, MessageBody="a" * 1024)
        error = self.error_of(self.sqs.send_message, QueueUrl=url, MessageBody="a" * 1017, MessageAttributes=attributes)
        self.assertEqual(error["Message"], "One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.")

    def test_receive_parameter_errors(self):
        url = self.queue()
        error = self.error_of(self.sqs.receive_message, QueueUrl=url, MaxNumberOfMessages=11)
        self.assertEqual(error["Message"], "Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.")
        error = self.error_of(self.sqs.receive_message, QueueUrl=url, WaitTimeSeconds=21)
        self.assertEqual(error["Message"], "Value 21 for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.")

    def test_visibility_timeout_and_receive_counts(self):
        url = self.queue(VisibilityTimeout="1")
        self.sqs.send_message(QueueUrl=url, MessageBody="foobar")
        first = self.sqs.receive_message(QueueUrl=url)["Messages"][0]
        self.assertNotIn("Messages", self.sqs.receive_message(QueueUrl=url))
        second = self.sqs.receive_message(QueueUrl=url, WaitTimeSeconds=5, AttributeNames=["ApproximateReceiveCount"])["Messages"][0]
        self.assertNotEqual(first["ReceiptHandle"], second["ReceiptHandle"])
        self.assertEqual(second["Attributes"]["ApproximateReceiveCount"], "2")

    def test_receive_of_ten_marks_each_and_answers_awkward_text_intact(self):
        # Ten at once are marked received in one statement and answered as hand-written JSON.
        url = self.queue()
        bodies = [f'{{"n":{i},"q":"\\"quoted\\"","t":"tab\there\nline\r \u00e9\u2603\U0001F600"}}' for i in range(10)]
        for body in bodies:
            self.sqs.send_message(QueueUrl=url, MessageBody=body, MessageAttributes={
                "city": {"DataType": "String", "StringValue": "Z\u00fcrich \"old\"\ttown"}})
        first = self.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=0,
                                         AttributeNames=["All"], MessageAttributeNames=["All"])["Messages"]
        second = self.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=0,
                                          AttributeNames=["ApproximateReceiveCount"])["Messages"]
        self.assertEqual(sorted(m["Body"] for m in first), sorted(bodies))
        for message in first:
            # boto3 checks MD5OfBody and MD5OfMessageAttributes itself; check them here too.
            self.assertEqual(message["MD5OfBody"], hashlib.md5(message["Body"].encode()).hexdigest())
            self.assertEqual(message["MessageAttributes"]["city"]["StringValue"], "Z\u00fcrich \"old\"\ttown")
            self.assertEqual(message["Attributes"]["ApproximateReceiveCount"], "1")
        self.assertEqual({m["Attributes"]["ApproximateReceiveCount"] for m in second}, {"2"})
        handles = [m["ReceiptHandle"] for m in first + second]
        self.assertEqual(len(set(handles)), 20)
        self.sqs.delete_message_batch(QueueUrl=url, Entries=[
            {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(second)])
        self.assertNotIn("Messages", self.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10))

    def test_receive_marks_only_its_own_messages_when_queues_interleave(self):
        # Sent alternately, each queue's messages are every other row: a receive must mark its
        # five and none of the other queue's between them (a consecutive run is marked as a range).
        first, second = self.queue(), self.queue()
        for i in range(5):
            self.sqs.send_message(QueueUrl=first, MessageBody=f"first {i}")
            self.sqs.send_message(QueueUrl=second, MessageBody=f"second {i}")
        taken = self.sqs.receive_message(QueueUrl=first, MaxNumberOfMessages=10, VisibilityTimeout=60)
        self.assertEqual(sorted(m["Body"] for m in taken["Messages"]), [f"first {i}" for i in range(5)])
        counts = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
        self.assertEqual(self.sqs.get_queue_attributes(QueueUrl=first, AttributeNames=counts)["Attributes"],
                         {"ApproximateNumberOfMessages": "0", "ApproximateNumberOfMessagesNotVisible": "5"})
        self.assertEqual(self.sqs.get_queue_attributes(QueueUrl=second, AttributeNames=counts)["Attributes"],
                         {"ApproximateNumberOfMessages": "5", "ApproximateNumberOfMessagesNotVisible": "0"})
        others = self.sqs.receive_message(QueueUrl=second, MaxNumberOfMessages=10,
                                          AttributeNames=["ApproximateReceiveCount"])["Messages"]
        self.assertEqual(sorted(m["Body"] for m in others), [f"second {i}" for i in range(5)])
        self.assertEqual({m["Attributes"]["ApproximateReceiveCount"] for m in others}, {"1"})

    def test_bodies_with_one_character_escapes_arrive_exactly(self):
        # ASCII-only text whose request JSON escapes quotes, backslashes, tabs and line ends (a
        # JSON document as the body, the usual case), in the body and in an attribute value.
        url = self.queue()
        bodies = ['{"sensor":"s-17","db":71.5}', '"\\"', "back\\slash/\n\r\t end",
                  '{"nested":"{\\"deep\\":\\"x\\"}"}']
        for body in bodies:
            sent = self.sqs.send_message(QueueUrl=url, MessageBody=body, MessageAttributes={
                "note": {"DataType": "String", "StringValue": 'say "hi"\\'}})
            self.assertEqual(sent["MD5OfMessageBody"], hashlib.md5(body.encode()).hexdigest())
        received = self.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10,
                                            MessageAttributeNames=["All"])["Messages"]
        self.assertEqual(sorted(m["Body"] for m in received), sorted(bodies))
        for message in received:
            self.assertEqual(message["MessageAttributes"]["note"]["StringValue"], 'say "hi"\\')

    def test_change_message_visibility(self):
        url = self.queue()
        self.sqs.send_message(QueueUrl=url, MessageBody="test")
        handle_1 = self.sqs.receive_message(QueueUrl=url, VisibilityTimeout=0)["Messages"][0]["ReceiptHandle"]
        self.assertEqual(len(self.sqs.receive_message(QueueUrl=url, VisibilityTimeout=3)["Messages"]), 1)
        self.sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=handle_1, VisibilityTimeout=0)
        latest = self.sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1)["Messages"][0]["ReceiptHandle"]
        self.sqs.delete_message(QueueUrl=url, ReceiptHandle=latest)
        error = self.error_of(self.sqs.change_message_visibility, QueueUrl=url, ReceiptHandle=latest, VisibilityTimeout=42)
        self.assertEqual(error["Code"], "InvalidParameterValue")
        self.assertEqual(error["Message"], f"Value {latest} for parameter ReceiptHandle is invalid. Reason: "
                                           "Message does not exist or is not available for visibility timeout change.")
        with self.assertRaises(self.sqs.exceptions.ReceiptHandleIsInvalid):
            self.sqs.change_message_visibility(QueueUrl=url, ReceiptHandle="INVALID", VisibilityTimeout=60)
        self.sqs.send_message(QueueUrl=url, MessageBody="visible")
        visible = self.sqs.receive_message(QueueUrl=url, VisibilityTimeout=0)["Messages"][0]["ReceiptHandle"]
        with self.assertRaises(self.sqs.exceptions.MessageNotInflight) as raised:
            self.sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=visible, VisibilityTimeout=5)
        self.assertEqual(raised.exception.response["Error"]["Code"], "AWS.SimpleQueueService.MessageNotInflight")

    def test_delete_with_garbage_handle(self):
        url = self.queue()
        with self.assertRaises(self.sqs.exceptions.ReceiptHandleIsInvalid) as raised:
            self.sqs.delete_message(QueueUrl=url, ReceiptHandle="garbage")
        self.assertEqual(raised.exception.response["Error"]["Message"],
                         'The input receipt handle "garbage" is not a valid receipt handle.')

    def test_delays(self):
        url = self.queue()
        self.sqs.send_message(QueueUrl=url, MessageBody="ed")
        self.sqs.send_message(QueueUrl=url, MessageBody="foo", DelaySeconds=1)
        counts = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=[
            "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"])
        self.assertEqual(counts["Attributes"], {"ApproximateNumberOfMessages": "1",
                                                "ApproximateNumberOfMessagesNotVisible": "0",
                                                "ApproximateNumberOfMessagesDelayed": "1"})
        self.assertEqual(self.sqs.receive_message(QueueUrl=url)["Messages"][0]["Body"], "ed")
        self.assertNotIn("Messages", self.sqs.receive_message(QueueUrl=url))
        started = time.monotonic()
        self.assertEqual(self.sqs.receive_message(QueueUrl=url, WaitTimeSeconds=5)["Messages"][0]["Body"], "foo")
        self.assertLess(time.monotonic() - started, 3)

    def test_send_message_batch_with_partial_failure(self):
        url = self.queue()
        entries = [{"Id": str(i), "MessageBody": str(i)} for i in range(9)] + [{"Id": "9", "MessageBody": "\x01"}]
        result = self.sqs.send_message_batch(QueueUrl=url, Entries=entries)
        self.assertEqual(len(result["Successful"]), 9)
        for entry in result["Successful"]:
            self.assertEqual(entry["MD5OfMessageBody"], hashlib.md5(entry["Id"].encode()).hexdigest())
        self.assertEqual(result["Failed"], [{"Id": "9", "SenderFault": True, "Code": "InvalidMessageContents",
                                             "Message": result["Failed"][0]["Message"]}])
        bodies = set()
        for _ in range(5):
            for message in self.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []):
                bodies.add(message["Body"])
        self.assertEqual(bodies, {str(i) for i in range(9)})

    def test_batch_request_errors(self):
        url = self.queue()
        twenty = [{"Id": f"message-{i}", "MessageBody": f"messageBody-{i}"} for i in range(20)]
        with self.assertRaises(self.sqs.exceptions.TooManyEntriesInBatchRequest) as raised:
            self.sqs.send_message_batch(QueueUrl=url, Entries=twenty)
        self.assertEqual(raised.exception.response["Error"]["Code"], "AWS.SimpleQueueService.TooManyEntriesInBatchRequest")
        self.assertEqual(raised.exception.response["Error"]["Message"], "Maximum number of entries per request are 10. You have sent 20.")
        with self.assertRaises(self.sqs.exceptions.EmptyBatchRequest):
            self.sqs.send_message_batch(QueueUrl=url, Entries=[])
        with self.assertRaises(self.sqs.exceptions.BatchEntryIdsNotDistinct):
            self.sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": "a", "MessageBody": "1"}, {"Id": "a", "MessageBody": "2"}])
        for bad in ["", "testLongId" * 10, "invalid:id"]:
            with self.subTest(id=bad):
                with self.assertRaises(self.sqs.exceptions.InvalidBatchEntryId) as raised:
                    self.sqs.delete_message_batch(QueueUrl=url, Entries=[{"Id": bad, "ReceiptHandle": "testHandle1"}])
                self.assertEqual(raised.exception.response["Error"]["Code"], "AWS.SimpleQueueService.InvalidBatchEntryId")
        attributes = {"k": {"DataType": "String", "StringValue": "x"}}
        with self.assertRaises(self.sqs.exceptions.BatchRequestTooLong) as raised:
            self.sqs.send_message_batch(QueueUrl=url, Entries=[
                {"Id": "1", "MessageBody": "a" * (1048576 - 8), "MessageAttributes": attributes},
                {"Id": "2", "MessageBody": "a"}])
        self.assertEqual(raised.exception.response["Error"]["Message"],
                         "Batch requests cannot be longer than 1048576 bytes. You have sent 1048577 bytes.")

    def test_delete_and_change_visibility_batches(self):
        url = self.queue()
        self.sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": str(i), "MessageBody": f"m{i}"} for i in range(4)])
        messages = []
        while len(messages) < 4:
            messages += self.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
        changed = self.sqs.change_message_visibility_batch(QueueUrl=url, Entries=[
            {"Id": "a", "ReceiptHandle": messages[0]["ReceiptHandle"], "VisibilityTimeout": 0},
            {"Id": "b", "ReceiptHandle": "garbage", "VisibilityTimeout": 0}])
        self.assertEqual(changed["Successful"], [{"Id": "a"}])
        self.assertEqual(changed["Failed"][0]["Code"], "ReceiptHandleIsInvalid")
        self.assertTrue(changed["Failed"][0]["SenderFault"])
        deleted = self.sqs.delete_message_batch(QueueUrl=url, Entries=[
            {"Id": f"d{i}", "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages[1:])] +
            [{"Id": "bad", "ReceiptHandle": "garbage"}])
        self.assertEqual(sorted(e["Id"] for e in deleted["Successful"]), ["d0", "d1", "d2"])
        self.assertEqual([e["Id"] for e in deleted["Failed"]], ["bad"])
        remaining = self.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
        self.assertEqual([m["Body"] for m in remaining], [messages[0]["Body"]])


class SqsLongPollTest(EddyTestCase):
    def setUp(self):
        self.sqs = self.client("sqs")

    def test_waiting_receive_returns_as_soon_as_another_client_sends(self):
        url = self.sqs.create_queue(QueueName=unique("poll"))["QueueUrl"]
        sender = self.client("sqs")
        timer = threading.Timer(0.5, lambda: sender.send_message(QueueUrl=url, MessageBody="foobared"))
        started = time.monotonic()
        timer.start()
        response = self.sqs.receive_message(QueueUrl=url, WaitTimeSeconds=10)
        elapsed = time.monotonic() - started
        timer.join()
        self.assertEqual(len(response["Messages"]), 1)
        self.assertGreaterEqual(elapsed, 0.4)
        self.assertLess(elapsed, 2.0, "the poll should end right after the send, well before 10 s")

    def test_queue_wait_time_attribute_applies(self):
        url = self.sqs.create_queue(QueueName=unique("poll"), Attributes={"ReceiveMessageWaitTimeSeconds": "10"})["QueueUrl"]
        sender = self.client("sqs")
        timer = threading.Timer(0.5, lambda: sender.send_message(QueueUrl=url, MessageBody="x"))
        started = time.monotonic()
        timer.start()
        self.assertEqual(len(self.sqs.receive_message(QueueUrl=url)["Messages"]), 1)
        self.assertLess(time.monotonic() - started, 2.0)
        timer.join()  # the receiver can have the message before the sender has its answer

    def test_empty_poll_lasts_wait_time_seconds(self):
        url = self.sqs.create_queue(QueueName=unique("poll"))["QueueUrl"]
        started = time.monotonic()
        self.assertNotIn("Messages", self.sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1))
        self.assertGreaterEqual(time.monotonic() - started, 0.95)

    def test_present_messages_do_not_wait(self):
        url = self.sqs.create_queue(QueueName=unique("poll"))["QueueUrl"]
        self.sqs.send_message(QueueUrl=url, MessageBody="foobar1")
        self.sqs.send_message(QueueUrl=url, MessageBody="foobar2")
        started = time.monotonic()
        response = self.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=3, WaitTimeSeconds=5)
        self.assertLess(time.monotonic() - started, 1)
        self.assertGreaterEqual(len(response["Messages"]), 1)

    def test_many_concurrent_polls(self):
        url = self.sqs.create_queue(QueueName=unique("crowd"))["QueueUrl"]
        results = []
        lock = threading.Lock()

        def poll():
            client = self.client("sqs")
            messages = client.receive_message(QueueUrl=url, WaitTimeSeconds=10).get("Messages", [])
            with lock:
                results.extend(messages)

        threads = [threading.Thread(target=poll) for _ in range(30)]
        for t in threads:
            t.start()
        time.sleep(0.5)
        started = time.monotonic()
        self.sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": str(i), "MessageBody": str(i)} for i in range(10)])
        self.sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": str(i), "MessageBody": str(i + 10)} for i in range(10)])
        self.sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": str(i), "MessageBody": str(i + 20)} for i in range(10)])
        for t in threads:
            t.join(15)
        self.assertLess(time.monotonic() - started, 5)
        self.assertEqual(sorted(int(m["Body"]) for m in results), list(range(30)))


if __name__ == "__main__":
    unittest.main()
