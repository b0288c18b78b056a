"""SendMessage over the JSON protocol is read straight from the request's text, and anything the
reader does not fully understand goes the json-value path every other protocol takes. These tests
send the same requests three ways: as plain JSON (the text reader), as JSON whose member names are
written with a \\u escape (equal JSON the reader leaves to the json path), and as a query-protocol
form; and check the answers, the errors and the messages as received are the same."""

import base64
import json
import re
import unittest
import urllib.parse
import uuid
import xml.etree.ElementTree as ET

from eddy_harness import EddyTestCase
from sqs_test_support import NS, escaped_names, post

MESSAGE_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def query_form(url, request):
    form = {"Action": "SendMessage", "Version": "2012-11-05", "QueueUrl": url}
    for key in ("MessageBody", "DelaySeconds", "MessageGroupId", "MessageDeduplicationId"):
        if key in request:
            form[key] = str(request[key])
    for prefix, member in (("MessageAttribute", "MessageAttributes"),
                           ("MessageSystemAttribute", "MessageSystemAttributes")):
        for i, (name, value) in enumerate(request.get(member, {}).items(), start=1):
            form[f"{prefix}.{i}.Name"] = name
            for part, text in value.items():
                form[f"{prefix}.{i}.Value.{part}"] = text
    return form


class SqsSendTextTest(EddyTestCase):
    def post(self, body, headers):
        return post(self.eddy.port, body, headers)

    def send_json_text(self, text):
        """(status, answer without its MessageId, error code) for a JSON-protocol SendMessage."""
        response, data = self.post(text.encode("utf-8") if isinstance(text, str) else text, {
            "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "AmazonSQS.SendMessage"})
        answer = json.loads(data)
        if response.status == 200:
            self.assertRegex(answer.pop("MessageId"), MESSAGE_ID)
            return 200, answer, None
        query_error = response.getheader("x-amzn-query-error", "")
        code = query_error.split(";")[0] or answer["__type"].split("#")[-1]
        return response.status, answer["message"], code

    def send_query(self, url, request):
        response, data = self.post(urllib.parse.urlencode(query_form(url, request)),
                                   {"Content-Type": "application/x-www-form-urlencoded"})
        root = ET.fromstring(data)
        if response.status != 200:
            error = root.find("sqs:Error", NS)
            return response.status, error.find("sqs:Message", NS).text, error.find("sqs:Code", NS).text
        result = root.find("sqs:SendMessageResult", NS)
        answer = {}
        for child in result:
            name = child.tag.split("}")[1]
            if name == "MessageId":
                self.assertRegex(child.text, MESSAGE_ID)
            else:
                answer[name] = child.text
        return 200, answer, None

    def three_queues(self, fifo=False):
        sqs = self.client("sqs")
        attributes = {"FifoQueue": "true"} if fifo else {}
        suffix = ".fifo" if fifo else ""
        return [sqs.create_queue(QueueName=f"{path}-{uuid.uuid4().hex[:8]}{suffix}",
                                 Attributes=attributes)["QueueUrl"] for path in ("text", "json", "query")]

    def received(self, url):
        sqs = self.client("sqs")
        messages = []
        while True:
            batch = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, MessageAttributeNames=["All"],
                                        MessageSystemAttributeNames=["AWSTraceHeader"]).get("Messages", [])
            if not batch:
                return messages
            for message in batch:
                sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
                messages.append({key: message.get(key) for key in
                                 ("Body", "MD5OfBody", "MD5OfMessageAttributes", "MessageAttributes", "Attributes")})

    def assert_same_everywhere(self, requests, fifo=False, query=True):
        """Each request gives the same answer or error on all three paths, and leaves the same messages."""
        text_url, json_url, query_url = self.three_queues(fifo)
        for request in requests:
            with self.subTest(request=json.dumps(request)[:200]):
                # Raw UTF-8 here; the json path's copy has every non-ASCII character \u-escaped.
                by_text = self.send_json_text(json.dumps({"QueueUrl": text_url, **request}, ensure_ascii=False))
                by_json = self.send_json_text(escaped_names(json.dumps({"QueueUrl": json_url, **request})))
                self.assertEqual(by_text, by_json)
                if query:
                    self.assertEqual(by_text, self.send_query(query_url, request))
        stored = self.received(text_url)
        self.assertEqual(stored, self.received(json_url))
        if query:
            self.assertEqual(stored, self.received(query_url))
        return stored

    def test_valid_messages_answer_and_store_alike(self):
        requests = [
            {"MessageBody": "hello"},
            {"MessageBody": json.dumps({"sensor": "s-17", "db": 71.5, "quote": "\"x\""}),
             "MessageAttributes": {"city": {"DataType": "String", "StringValue": "Chicago"}}},
            {"MessageBody": "unicode é 中 😀 𝄞 \t\n\r end", "DelaySeconds": 0},
            {"MessageBody": "x" * 200_000},
            {"MessageBody": "typed", "MessageAttributes": {
                "s": {"DataType": "String", "StringValue": "v 😀"},
                "n": {"DataType": "Number", "StringValue": "-1.5e3"},
                "custom": {"DataType": "Number.float", "StringValue": "3.14"},
                "b": {"DataType": "Binary", "BinaryValue": base64.b64encode(b"\x00\x01\xff").decode()},
                "Zeta": {"DataType": "String.label", "StringValue": "last? no: upper case sorts first"},
                "émoji": {"DataType": "String", "StringValue": "non-ASCII name"}}},
            {"MessageBody": "traced", "MessageSystemAttributes": {
                "AWSTraceHeader": {"DataType": "String", "StringValue": "Root=1-5759e988-bd862e3fe1be46a994272793"}}},
            {"MessageBody": "grouped on a standard queue", "MessageGroupId": "g1"},
        ]
        stored = self.assert_same_everywhere(requests)
        self.assertEqual(len(stored), len(requests))
        self.assertEqual(stored[1]["MessageAttributes"]["city"]["StringValue"], "Chicago")

    def test_text_with_escapes_reads_as_json_parse_reads_it(self):
        # ensure_ascii writes every non-ASCII character as \u escapes, astral ones as surrogate pairs.
        text_url, json_url, _ = self.three_queues()
        body = 'q" b\\ s/ é 中 😀 𝄞 \u2028 end'
        attributes = {"a": {"DataType": "String", "StringValue": "😀 \"quoted\""}}
        for url, write in ((text_url, lambda t: t), (json_url, escaped_names)):
            text = write(json.dumps({"QueueUrl": url, "MessageBody": body, "MessageAttributes": attributes},
                                    ensure_ascii=True).replace("/", "\\/"))
            self.assertEqual(self.send_json_text(text)[0], 200)
        stored = self.received(text_url)
        self.assertEqual(stored, self.received(json_url))
        self.assertEqual(stored[0]["Body"], body)
        self.assertEqual(stored[0]["MessageAttributes"]["a"]["StringValue"], "😀 \"quoted\"")

    def test_invalid_values_fail_alike(self):
        requests = [
            {"MessageBody": ""},
            {"MessageBody": "bell \u0007"},
            {"MessageBody": "\uffff"},
            {"MessageBody": "x" * 1_048_577},
            {"MessageBody": "x", "DelaySeconds": 901},
            {"MessageBody": "x", "DelaySeconds": -1},
            {"MessageBody": "x", "MessageDeduplicationId": "d1"},
            {"MessageBody": "x", "MessageGroupId": "has space"},
            {"MessageBody": "x", "MessageAttributes": {"AWS.reserved": {"DataType": "String", "StringValue": "v"}}},
            {"MessageBody": "x", "MessageAttributes": {"a..b": {"DataType": "String", "StringValue": "v"}}},
            {"MessageBody": "x", "MessageAttributes": {"a b": {"DataType": "String", "StringValue": "v"}}},
            {"MessageBody": "x", "MessageAttributes": {"n" * 256: {"DataType": "String", "StringValue": "v"}}},
            {"MessageBody": "x", "MessageAttributes": {"a": {"DataType": "Text", "StringValue": "v"}}},
            {"MessageBody": "x", "MessageAttributes": {"a": {"DataType": "String"}}},
            {"MessageBody": "x", "MessageAttributes": {"a": {"DataType": "Number", "StringValue": "1x"}}},
            {"MessageBody": "x", "MessageAttributes": {"a": {"DataType": "Binary", "BinaryValue": "!!"}}},
            {"MessageBody": "x", "MessageAttributes": {"a": {"DataType": "String", "StringValue": "\u0001"}}},
            {"MessageBody": "x", "MessageAttributes": {f"a{i}": {"DataType": "String", "StringValue": "v"}
                                                       for i in range(11)}},
            {"MessageBody": "x", "MessageSystemAttributes": {"Other": {"DataType": "String", "StringValue": "v"}}},
            {"MessageBody": "x", "MessageSystemAttributes": {"AWSTraceHeader": {"DataType": "Number",
                                                                                "StringValue": "1"}}},
        ]
        self.assertEqual(self.assert_same_everywhere(requests), [])

    def test_fifo_rules_apply_alike(self):
        requests = [
            {"MessageBody": "no group"},
            {"MessageBody": "no dedup id", "MessageGroupId": "g"},
            {"MessageBody": "delayed", "MessageGroupId": "g", "MessageDeduplicationId": "d0", "DelaySeconds": 5},
            {"MessageBody": "first", "MessageGroupId": "g", "MessageDeduplicationId": "d1"},
            {"MessageBody": "duplicate", "MessageGroupId": "g", "MessageDeduplicationId": "d1"},
            {"MessageBody": "second", "MessageGroupId": "g", "MessageDeduplicationId": "d2"},
        ]
        # FIFO answers carry a SequenceNumber, which differs between queues: compare without it.
        text_url, json_url, _ = self.three_queues(fifo=True)
        for request in requests:
            with self.subTest(request=request):
                by_text = self.send_json_text(json.dumps({"QueueUrl": text_url, **request}))
                by_json = self.send_json_text(escaped_names(json.dumps({"QueueUrl": json_url, **request})))
                for answer in (by_text, by_json):
                    if answer[0] == 200:
                        self.assertRegex(answer[1].pop("SequenceNumber"), r"^\d{20}$")
                self.assertEqual(by_text, by_json)
        stored = []
        for url in (text_url, json_url):
            stored.append([m["Body"] for m in self.received(url)])
        self.assertEqual(stored[0], ["first", "second"])  # "duplicate" was accepted, not stored
        self.assertEqual(stored[0], stored[1])

    def test_requests_the_reader_leaves_to_json_parse(self):
        url = self.three_queues()[0]
        prefix = '{"QueueUrl":"%s",' % url
        cases = [
            (prefix + '"MessageBody":5}', 200),
            (prefix + '"MessageBody":"x","DelaySeconds":"5"}', 400),
            (prefix + '"MessageBody":"x","DelaySeconds":1.5}', 400),
            (prefix + '"MessageBody":"x","DelaySeconds":null}', 200),
            (prefix + '"MessageBody":"first","MessageBody":"last"}', 200),
            (prefix + '"MessageBody":"x","Unknown":{"a":[1,2]}}', 200),
            (prefix + '"MessageBody":"lone \\ud800"}', 400),
            (prefix.encode() + b'"MessageBody":"bad \xc0\x80 utf-8"}', 400),
            (prefix + '"MessageBody":"x"', 400),
            (prefix + '"MessageBody":"x"} trailing', 400),
        ]
        for text, status in cases:
            with self.subTest(text=text):
                self.assertEqual(self.send_json_text(text)[0], status)
        bodies = sorted(m["Body"] for m in self.received(url))
        self.assertEqual(bodies, ["5", "last", "x", "x"])
        # Malformed JSON gets the same error SendMessage gave before it read text itself.
        self.assertEqual(self.send_json_text(prefix + '"MessageBody":"x"'),
                         (400, "The request body is not valid JSON.", "SerializationException"))

    def call_json_text(self, operation, text):
        """(status, answer, error code) for a JSON-protocol request with this body."""
        response, data = self.post(text.encode("utf-8"), {
            "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": f"AmazonSQS.{operation}"})
        answer = json.loads(data)
        if response.status == 200:
            return 200, answer, None
        query_error = response.getheader("x-amzn-query-error", "")
        return response.status, answer["message"], query_error.split(";")[0] or answer["__type"].split("#")[-1]

    def test_receive_and_delete_read_from_text_alike(self):
        sqs = self.client("sqs")
        text_url, json_url, _ = self.three_queues()
        for url in (text_url, json_url):
            for i in range(3):
                sqs.send_message(QueueUrl=url, MessageBody=f"m{i}", MessageAttributes={
                    "city": {"DataType": "String", "StringValue": "Chicago"},
                    "n": {"DataType": "Number", "StringValue": str(i)}})
        invalid = [
            {"MaxNumberOfMessages": 0}, {"MaxNumberOfMessages": 11}, {"MaxNumberOfMessages": -1},
            {"VisibilityTimeout": -1}, {"VisibilityTimeout": 43201}, {"WaitTimeSeconds": 21},
            {"ReceiveRequestAttemptId": "has space"}, {"ReceiveRequestAttemptId": ""},
            {"MaxNumberOfMessages": 11, "VisibilityTimeout": -1},
        ]
        for request in invalid:
            with self.subTest(request=request):
                by_text = self.call_json_text("ReceiveMessage", json.dumps({"QueueUrl": text_url, **request}))
                by_json = self.call_json_text("ReceiveMessage",
                                              escaped_names(json.dumps({"QueueUrl": json_url, **request})))
                self.assertEqual(by_text[0], 400)
                self.assertEqual(by_text, by_json)
        self.assertEqual(self.call_json_text("ReceiveMessage", '{"QueueUrl":"http://localhost/000000000000/none"}'),
                         self.call_json_text("ReceiveMessage", '{"\u0051ueueUrl":"http://localhost/000000000000/none"}'))
        self.assertEqual(self.call_json_text("ReceiveMessage", '{"QueueUrl":""}'),
                         (400, "The request must contain the parameter QueueUrl.", "MissingParameter"))

        request = {"MaxNumberOfMessages": 10, "VisibilityTimeout": 0, "AttributeNames": ["SentTimestamp"],
                   "MessageSystemAttributeNames": ["ApproximateReceiveCount"], "MessageAttributeNames": ["ci.*"]}
        received = []
        for url, write in ((text_url, lambda t: t), (json_url, escaped_names)):
            status, answer, _ = self.call_json_text("ReceiveMessage", write(json.dumps({"QueueUrl": url, **request})))
            self.assertEqual(status, 200)
            received.append(answer["Messages"])
        for text_message, json_message in zip(*received):
            self.assertEqual(sorted(text_message["Attributes"]), ["ApproximateReceiveCount", "SentTimestamp"])
            self.assertEqual(text_message["MessageAttributes"], {"city": {"DataType": "String", "StringValue": "Chicago"}})
            for key in ("Body", "MD5OfBody", "MD5OfMessageAttributes", "MessageAttributes"):
                self.assertEqual(text_message[key], json_message[key])
        self.assertEqual([m["Body"] for m in received[0]], ["m0", "m1", "m2"])

        for url, write, messages in ((text_url, lambda t: t, received[0]), (json_url, escaped_names, received[1])):
            self.assertEqual(self.call_json_text("DeleteMessage", write(json.dumps({"QueueUrl": url, "ReceiptHandle": ""}))),
                             (400, "The request must contain the parameter ReceiptHandle.", "MissingParameter"))
            status, message, code = self.call_json_text(
                "DeleteMessage", write(json.dumps({"QueueUrl": url, "ReceiptHandle": "not-a-handle"})))
            self.assertEqual((status, code), (400, "ReceiptHandleIsInvalid"))
            for message in messages:
                self.assertEqual(self.call_json_text("DeleteMessage", write(json.dumps(
                    {"QueueUrl": url, "ReceiptHandle": message["ReceiptHandle"]}))), (200, {}, None))
        self.assertEqual(self.received(text_url), [])
        self.assertEqual(self.received(json_url), [])

    def test_boto3_and_javascript_style_clients_round_trip(self):
        sqs = self.client("sqs")
        url = sqs.create_queue(QueueName=f"sdk-{uuid.uuid4().hex[:8]}")["QueueUrl"]
        body = json.dumps({"nested": {"quote": "\"", "emoji": "😀"}}, ensure_ascii=False)
        answer = sqs.send_message(QueueUrl=url, MessageBody=body, MessageAttributes={
            "bin": {"DataType": "Binary", "BinaryValue": b"\x00\xfe"},
            "num": {"DataType": "Number", "StringValue": "42"}})
        message = sqs.receive_message(QueueUrl=url, MessageAttributeNames=["All"])["Messages"][0]
        self.assertEqual(message["Body"], body)
        self.assertEqual(message["MD5OfBody"], answer["MD5OfMessageBody"])
        self.assertEqual(message["MD5OfMessageAttributes"], answer["MD5OfMessageAttributes"])
        self.assertEqual(message["MessageAttributes"]["bin"]["BinaryValue"], b"\x00\xfe")


if __name__ == "__main__":
    unittest.main()
