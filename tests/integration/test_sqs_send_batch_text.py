"""SendMessageBatch over the JSON protocol is read from the request's text and answers JSON text,
with no json value of either. The answer must be what serialising the value would give: compact,
members in byte order of their names, Failed before Successful, and the same outcomes as the query
protocol's XML for the same batch. A request the text reader does not take (here: the same JSON
with its member names escaped) goes the json-value path, and answers alike, errors included."""

import json
import re
import urllib.parse
import uuid
import xml.etree.ElementTree as ET

from eddy_harness import EddyTestCase
from sqs_test_support import NS, escaped_names, post


ENTRIES = [
    {"Id": "plain", "MessageBody": "hello"},
    {"Id": "with-attributes", "MessageBody": "{\"db\":71.5}",
     "MessageAttributes": {"city": {"DataType": "String", "StringValue": "Chicago"}}},
    {"Id": "bad_type", "MessageBody": "x",
     "MessageAttributes": {"a\"é😀": {"DataType": "Strung", "StringValue": "v"}}},
    {"Id": "too_late", "MessageBody": "x", "DelaySeconds": 901},
    {"Id": "traced", "MessageBody": "t", "MessageSystemAttributes": {
        "AWSTraceHeader": {"DataType": "String", "StringValue": "Root=1-5759e988-bd862e3fe1be46a994272793"}}},
]


class SqsSendBatchTextTest(EddyTestCase):
    def post(self, body, headers):
        response, data = post(self.eddy.port, body, headers)
        return response.status, data

    def test_the_answer_is_the_json_values_serialisation(self):
        url = self.client("sqs").create_queue(QueueName=f"batch-{uuid.uuid4().hex[:8]}")["QueueUrl"]
        status, data = self.post(json.dumps({"QueueUrl": url, "Entries": ENTRIES}).encode(), {
            "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "AmazonSQS.SendMessageBatch"})
        self.assertEqual(status, 200)
        answer = json.loads(data)
        self.assertEqual(data.decode("utf-8"),
                         json.dumps(answer, sort_keys=True, separators=(",", ":"), ensure_ascii=False))
        self.assertEqual([e["Id"] for e in answer["Successful"]], ["plain", "with-attributes", "traced"])
        self.assertEqual([e["Id"] for e in answer["Failed"]], ["bad_type", "too_late"])
        self.assertEqual([e["Code"] for e in answer["Failed"]], ["InvalidParameterValue"] * 2)
        self.assertIn("MD5OfMessageAttributes", answer["Successful"][1])
        self.assertIn("MD5OfMessageSystemAttributes", answer["Successful"][2])

        # The query protocol, on a queue of its own, fails and succeeds the same entries alike.
        query_url = self.client("sqs").create_queue(QueueName=f"batch-q-{uuid.uuid4().hex[:8]}")["QueueUrl"]
        form = {"Action": "SendMessageBatch", "Version": "2012-11-05", "QueueUrl": query_url}
        for n, entry in enumerate(ENTRIES, start=1):
            prefix = f"SendMessageBatchRequestEntry.{n}"
            form[f"{prefix}.Id"] = entry["Id"]
            form[f"{prefix}.MessageBody"] = entry["MessageBody"]
            if "DelaySeconds" in entry:
                form[f"{prefix}.DelaySeconds"] = str(entry["DelaySeconds"])
            for kind, member in (("MessageAttribute", "MessageAttributes"),
                                 ("MessageSystemAttribute", "MessageSystemAttributes")):
                for i, (name, value) in enumerate(entry.get(member, {}).items(), start=1):
                    form[f"{prefix}.{kind}.{i}.Name"] = name
                    for part, text in value.items():
                        form[f"{prefix}.{kind}.{i}.Value.{part}"] = text
        status, data = self.post(urllib.parse.urlencode(form),
                                 {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(status, 200)
        result = ET.fromstring(data).find("sqs:SendMessageBatchResult", NS)
        failed = {e.find("sqs:Id", NS).text: (e.find("sqs:Code", NS).text, e.find("sqs:Message", NS).text)
                  for e in result.findall("sqs:BatchResultErrorEntry", NS)}
        succeeded = {e.find("sqs:Id", NS).text: e.find("sqs:MD5OfMessageBody", NS).text
                     for e in result.findall("sqs:SendMessageBatchResultEntry", NS)}
        self.assertEqual(failed, {e["Id"]: (e["Code"], e["Message"]) for e in answer["Failed"]})
        self.assertEqual(succeeded, {e["Id"]: e["MD5OfMessageBody"] for e in answer["Successful"]})

    def send_json(self, text):
        """(status, answer with its MessageIds taken out, error code)."""
        status, data = self.post(text.encode("utf-8"), {
            "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "AmazonSQS.SendMessageBatch"})
        return status, re.sub(rb'"MessageId":"[0-9a-f-]{36}"', b'"MessageId":"-"', data)

    def test_text_and_json_paths_answer_alike(self):
        sqs = self.client("sqs")
        url = sqs.create_queue(QueueName=f"alike-{uuid.uuid4().hex[:8]}")["QueueUrl"]
        fifo = sqs.create_queue(QueueName=f"alike-{uuid.uuid4().hex[:8]}.fifo",
                                Attributes={"FifoQueue": "true"})["QueueUrl"]
        one = {"Id": "a", "MessageBody": "m"}
        requests = [
            {"QueueUrl": url, "Entries": ENTRIES},
            {"QueueUrl": url, "Entries": [{"Id": str(i), "MessageBody": "x" * 30_000} for i in range(9)]},
            {"QueueUrl": url, "Entries": [{"Id": str(i), "MessageBody": "m"} for i in range(11)]},
            {"QueueUrl": url, "Entries": [one, one]},
            {"QueueUrl": url, "Entries": [{"Id": "not valid", "MessageBody": "m"}]},
            {"QueueUrl": url, "Entries": [{"Id": "e", "MessageBody": ""}, one]},
            {"QueueUrl": url, "Entries": [{"Id": "e", "MessageBody": "m", "DelaySeconds": -1}, one]},
            {"QueueUrl": url + "-missing", "Entries": [one]},
            {"QueueUrl": fifo, "Entries": [one]},
            {"QueueUrl": fifo, "Entries": [{**one, "MessageGroupId": "g"}]},
            {"QueueUrl": fifo, "Entries": [{**one, "MessageGroupId": "g", "MessageDeduplicationId": "d"},
                                           {"Id": "b", "MessageBody": "n", "MessageGroupId": "g",
                                            "MessageDeduplicationId": "d"}]},
        ]
        for request in requests:
            with self.subTest(request=json.dumps(request)[:160]):
                text = json.dumps(request, ensure_ascii=False)
                self.assertEqual(self.send_json(text), self.send_json(escaped_names(text)))

