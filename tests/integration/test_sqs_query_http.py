"""SQS's query protocol on the wire, as old clients use it: forms posted (or GET parameters sent)
to a queue's own URL, XML answers and XML errors with the legacy codes."""

import http.client
import unittest
import urllib.parse
import uuid
import xml.etree.ElementTree as ET

from eddy_harness import EddyTestCase
from sqs_test_support import NS, SCOPE


class SqsQueryHttpTest(EddyTestCase):
    def request(self, method, path, params):
        conn = http.client.HTTPConnection("127.0.0.1", self.eddy.port, timeout=30)
        body = urllib.parse.urlencode(params)
        headers = {"Authorization": SCOPE}
        if method == "POST":
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            conn.request(method, path, body=body, headers=headers)
        else:
            conn.request(method, f"{path}?{body}", headers=headers)
        response = conn.getresponse()
        data = response.read().decode()
        conn.close()
        return response.status, data

    def create_queue(self):
        name = f"query-{uuid.uuid4().hex[:10]}"
        status, data = self.request("POST", "/", {"Action": "CreateQueue", "QueueName": name, "Version": "2012-11-05"})
        self.assertEqual(status, 200, data)
        url = ET.fromstring(data).find("sqs:CreateQueueResult/sqs:QueueUrl", NS).text
        return name, urllib.parse.urlparse(url).path

    def test_form_posted_to_the_queue_path_names_the_queue(self):
        name, path = self.create_queue()
        self.assertEqual(path, f"/000000000000/{name}")
        status, data = self.request("POST", path, {"Action": "SendMessage", "MessageBody": "foobar",
                                                   "MessageAttribute.1.Name": "a",
                                                   "MessageAttribute.1.Value.DataType": "String",
                                                   "MessageAttribute.1.Value.StringValue": "b"})
        self.assertEqual(status, 200, data)
        result = ET.fromstring(data).find("sqs:SendMessageResult", NS)
        self.assertEqual(result.find("sqs:MD5OfMessageBody", NS).text, "3858f62230ac3c915f300c664312c63f")
        self.assertIsNotNone(result.find("sqs:MessageId", NS).text)
        status, data = self.request("GET", path, {"Action": "ReceiveMessage", "AttributeName.1": "All",
                                                  "MessageAttributeName.1": "All"})
        self.assertEqual(status, 200, data)
        message = ET.fromstring(data).find("sqs:ReceiveMessageResult/sqs:Message", NS)
        self.assertEqual(message.find("sqs:Body", NS).text, "foobar")
        names = [a.find("sqs:Name", NS).text for a in message.findall("sqs:Attribute", NS)]
        self.assertIn("ApproximateReceiveCount", names)
        attribute = message.find("sqs:MessageAttribute", NS)
        self.assertEqual(attribute.find("sqs:Name", NS).text, "a")
        self.assertEqual(attribute.find("sqs:Value/sqs:StringValue", NS).text, "b")

    def test_send_answer_members_in_order(self):
        name, path = self.create_queue()
        status, data = self.request("POST", "/", {
            "Action": "SendMessage", "QueueUrl": path, "MessageBody": "foobar",
            "MessageAttribute.1.Name": "a", "MessageAttribute.1.Value.DataType": "String",
            "MessageAttribute.1.Value.StringValue": "b"})
        self.assertEqual(status, 200, data)
        root = ET.fromstring(data)
        result = root.find("sqs:SendMessageResult", NS)
        self.assertEqual([child.tag.split("}")[1] for child in result],
                         ["MD5OfMessageAttributes", "MD5OfMessageBody", "MessageId"])
        self.assertEqual(result.find("sqs:MD5OfMessageBody", NS).text, "3858f62230ac3c915f300c664312c63f")
        self.assertRegex(root.find("sqs:ResponseMetadata/sqs:RequestId", NS).text, r"^[0-9a-f-]{36}$")

    def test_send_forms_read_as_the_json_value_reads_them(self):
        """SendMessage reads its form itself; forms it does not fully understand answer as the
        json value made of them always answered: a member given twice keeps the last, an entry
        whose index is not a number is not an entry, an entry without a value has no type."""
        name, path = self.create_queue()
        cases = [
            ([("MessageBody", "first"), ("MessageBody", "last")], 200, None),
            ([("MessageBody", "x"), ("MessageAttribute.x.Name", "a"),
              ("MessageAttribute.x.Value.DataType", "String"), ("MessageAttribute.x.Value.StringValue", "v")],
             200, None),
            ([("MessageBody", "x"), ("MessageAttribute.1.Name", "a")], 400, "InvalidParameterValue"),
            ([("MessageBody", "x"), ("DelaySeconds", "soon")], 400, "InvalidParameterValue"),
            ([("MessageBody", "x"), ("DelaySeconds", "+3")], 200, None),
        ]
        for fields, expected_status, code in cases:
            with self.subTest(fields=fields):
                status, data = self.request("POST", path, [("Action", "SendMessage")] + fields)
                self.assertEqual(status, expected_status, data)
                root = ET.fromstring(data)
                if code:
                    self.assertEqual(root.find("sqs:Error/sqs:Code", NS).text, code)
                else:
                    result = root.find("sqs:SendMessageResult", NS)
                    self.assertIsNone(result.find("sqs:MD5OfMessageAttributes", NS))
        status, data = self.request("GET", path, {"Action": "ReceiveMessage", "MaxNumberOfMessages": "10",
                                                  "VisibilityTimeout": "0"})
        bodies = sorted(m.find("sqs:Body", NS).text
                        for m in ET.fromstring(data).findall("sqs:ReceiveMessageResult/sqs:Message", NS))
        self.assertEqual(bodies, ["last", "x"])  # the delayed one is not visible yet

    def test_get_queue_attributes_all_in_xml(self):
        name, path = self.create_queue()
        status, data = self.request("GET", path, {"Action": "GetQueueAttributes", "AttributeName.1": "All"})
        self.assertEqual(status, 200)
        self.assertIn("<Attribute><Name>QueueArn</Name><Value>arn:aws:sqs:", data)
        self.assertIn("<Attribute><Name>VisibilityTimeout</Name><Value>30", data)
        self.assertIn(name, data)

    def test_errors_are_xml_with_legacy_codes(self):
        name, path = self.create_queue()
        status, data = self.request("GET", path, {"Action": "FooBar", "Version": "2012-11-05"})
        self.assertEqual(status, 400)
        self.assertIn("<Code>InvalidAction</Code>", data)
        self.assertIn("<Type>Sender</Type>", data)
        self.assertIn("<Message>The action FooBar is not valid for this endpoint.</Message>", data)
        status, data = self.request("GET", path, {"Action": "SendMessage"})
        self.assertEqual(status, 400)
        self.assertIn("<Code>MissingParameter</Code>", data)
        self.assertIn("<Message>The request must contain the parameter MessageBody.</Message>", data)
        status, data = self.request("GET", path, {"Action": "GetQueueAttributes", "AttributeName.1": "Foobar"})
        self.assertIn("<Code>InvalidAttributeName</Code>", data)
        self.assertIn("<Message>Unknown Attribute Foobar.</Message>", data)
        status, data = self.request("GET", path, {"Action": "CreateQueue", "QueueName": "other"})
        self.assertEqual(status, 400)
        self.assertIn("<Message>The action CreateQueue is not valid for this endpoint.</Message>", data)
        status, data = self.request("GET", path, {"Action": "ListQueues"})
        self.assertIn("<Code>InvalidAction</Code>", data)

    def test_deleted_queue_answers_with_the_wsdl_message(self):
        name, path = self.create_queue()
        status, _ = self.request("GET", path, {"Action": "DeleteQueue"})
        self.assertEqual(status, 200)
        status, data = self.request("GET", path, {"Action": "GetQueueAttributes", "AttributeName.1": "QueueArn"})
        self.assertEqual(status, 400)
        self.assertIn("<Code>AWS.SimpleQueueService.NonExistentQueue</Code>", data)
        self.assertIn("<Message>The specified queue does not exist for this wsdl version.</Message>", data)

    def test_batch_entries_in_query_form(self):
        name, path = self.create_queue()
        status, data = self.request("POST", path, {
            "Action": "SendMessageBatch",
            "SendMessageBatchRequestEntry.1.Id": "one", "SendMessageBatchRequestEntry.1.MessageBody": "1",
            "SendMessageBatchRequestEntry.2.Id": "two", "SendMessageBatchRequestEntry.2.MessageBody": "\x01"})
        self.assertEqual(status, 200, data)
        root = ET.fromstring(data)
        ok = root.findall("sqs:SendMessageBatchResult/sqs:SendMessageBatchResultEntry", NS)
        failed = root.findall("sqs:SendMessageBatchResult/sqs:BatchResultErrorEntry", NS)
        self.assertEqual([e.find("sqs:Id", NS).text for e in ok], ["one"])
        self.assertEqual([e.find("sqs:Id", NS).text for e in failed], ["two"])
        self.assertEqual(failed[0].find("sqs:SenderFault", NS).text, "true")
        self.assertEqual(failed[0].find("sqs:Code", NS).text, "InvalidMessageContents")


if __name__ == "__main__":
    unittest.main()
