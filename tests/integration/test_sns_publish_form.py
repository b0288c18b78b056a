"""Publish over the query protocol by hand: the XML answer, and forms SNS reads itself against
forms it leaves to the general form conversion, which must answer as they always did."""

import unittest
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

from eddy_harness import EddyTestCase
from sns_test_support import drain, subscribe_queue

NS = {"sns": "http://sns.amazonaws.com/doc/2010-03-31/"}


class PublishFormTest(EddyTestCase):
    def setUp(self):
        self.sns = self.client("sns")
        self.sqs = self.client("sqs")

    def publish(self, fields, region="us-east-1"):
        """Posts Action=Publish with `fields` (pairs, in order), signed for `region`; returns
        (status, parsed XML)."""
        form = urllib.parse.urlencode([("Action", "Publish"), ("Version", "2010-03-31")] + fields)
        request = urllib.request.Request(self.eddy.endpoint, data=form.encode(), headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Authorization": f"AWS4-HMAC-SHA256 Credential=test/20261126/{region}/sns/aws4_request, "
                             "SignedHeaders=host, Signature=0"})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, ET.fromstring(response.read())
        except urllib.error.HTTPError as error:
            return error.code, ET.fromstring(error.read())

    def test_answer_is_the_message_id_then_the_request_id(self):
        topic = self.sns.create_topic(Name="form-answer")["TopicArn"]
        status, root = self.publish([("TopicArn", topic), ("Message", "m")])
        self.assertEqual(status, 200)
        self.assertEqual(root.tag, "{%s}PublishResponse" % NS["sns"])
        result = root.find("sns:PublishResult", NS)
        self.assertEqual([child.tag.split("}")[1] for child in result], ["MessageId"])
        self.assertRegex(result.find("sns:MessageId", NS).text, r"^[0-9a-f-]{36}$")
        self.assertRegex(root.find("sns:ResponseMetadata/sns:RequestId", NS).text, r"^[0-9a-f-]{36}$")

    def test_fifo_answer_carries_the_sequence_number(self):
        topic = self.sns.create_topic(Name="form-answer.fifo",
                                      Attributes={"FifoTopic": "true"})["TopicArn"]
        fields = [("TopicArn", topic), ("Message", "m"), ("MessageGroupId", "g"),
                  ("MessageDeduplicationId", "d")]
        status, root = self.publish(fields)
        self.assertEqual(status, 200)
        result = root.find("sns:PublishResult", NS)
        self.assertEqual([child.tag.split("}")[1] for child in result], ["MessageId", "SequenceNumber"])
        self.assertRegex(result.find("sns:SequenceNumber", NS).text, r"^\d{20}$")
        # A duplicate answers as the first.
        status, again = self.publish(fields)
        self.assertEqual(status, 200)
        self.assertEqual(ET.tostring(again.find("sns:PublishResult", NS)), ET.tostring(result))

    def test_attributes_count_toward_the_size_limit(self):
        """Name, type and value of each attribute count, a binary value by its decoded bytes:
        b + Binary + 3 bytes (AAEC) is 10."""
        topic = self.sns.create_topic(Name="form-size")["TopicArn"]
        attribute = [("MessageAttributes.entry.1.Name", "b"),
                     ("MessageAttributes.entry.1.Value.DataType", "Binary"),
                     ("MessageAttributes.entry.1.Value.BinaryValue", "AAEC")]
        status, root = self.publish([("TopicArn", topic), ("Message", "x" * (262144 - 10))] + attribute)
        self.assertEqual(status, 200, ET.tostring(root)[:200])
        status, root = self.publish([("TopicArn", topic), ("Message", "x" * (262144 - 9))] + attribute)
        self.assertEqual(status, 400)
        self.assertEqual(root.find("sns:Error/sns:Message", NS).text,
                         "Invalid parameter: Message too long")

    def test_forms_read_as_the_json_value_reads_them(self):
        """A member given twice keeps the last; one attribute name twice keeps the later entry; an
        entry without a value has no type; entries that do not all name themselves are no map."""
        topic = self.sns.create_topic(Name="form-cases")["TopicArn"]
        queue, _ = subscribe_queue(self.sns, self.sqs, topic, "form-cases-q",
                                   RawMessageDelivery="true")

        def entry(n, name=None, **value):
            fields = [(f"MessageAttributes.entry.{n}.Name", name)] if name else []
            return fields + [(f"MessageAttributes.entry.{n}.Value.{k}", v) for k, v in value.items()]

        delivered = [
            ([("TopicArn", topic), ("Message", "first"), ("Message", "twice")], {}),
            ([("TopicArn", topic), ("Message", "same name")] +
             entry(1, "a", DataType="String", StringValue="1") +
             entry(2, "a", DataType="String", StringValue="2"), {"a": "2"}),
            ([("TopicArn", topic), ("Message", "read itself")] +
             entry(2, "b", StringValue="y", DataType="String") +
             entry(1, "a", DataType="Number", StringValue="7"), {"a": "7", "b": "y"}),
        ]
        for fields, _ in delivered:
            with self.subTest(fields=fields):
                status, root = self.publish(fields)
                self.assertEqual(status, 200, ET.tostring(root))
        messages = drain(self.sqs, queue, expect=len(delivered))
        got = {m["Body"]: {k: v["StringValue"] for k, v in m.get("MessageAttributes", {}).items()}
               for m in messages}
        self.assertEqual(got, {"twice": {}, "same name": {"a": "2"},
                               "read itself": {"a": "7", "b": "y"}})

        refused = [
            ([("TopicArn", topic), ("Message", "m")] + entry(1, DataType="String", StringValue="v"),
             "ValidationError"),
            ([("TopicArn", topic), ("Message", "m"), ("MessageAttributes.entry.1.Name", "a")],
             "ValidationError"),
            ([("TopicArn", topic), ("Message", "m")] + entry(1, "a", DataType="String"),
             "ParameterValueInvalid"),
            ([("TopicArn", topic), ("Message", "")], "InvalidParameter"),
            ([("TopicArn", "arn:aws:sns:eu-west-1:000000000000:form-cases"), ("Message", "m")],
             "InvalidParameter"),
            ([("TopicArn", topic + "-gone"), ("Message", "m")], "NotFound"),
            ([("TopicArn", "nope"), ("Message", "m")], "InvalidParameter"),
            ([("TopicArn", topic), ("Message", "x" * 262145)], "InvalidParameter"),
        ]
        for fields, code in refused:
            with self.subTest(fields=fields[:3]):
                status, root = self.publish(fields)
                self.assertIn(status, (400, 404), ET.tostring(root))
                self.assertEqual(root.find("sns:Error/sns:Code", NS).text, code)
        # The topic exists, but not in the region the request is signed for.
        status, root = self.publish([("TopicArn", topic), ("Message", "m")], region="eu-west-1")
        self.assertEqual(status, 400)
        self.assertEqual(root.find("sns:Error/sns:Message", NS).text,
                         "Invalid parameter: TopicArn")


if __name__ == "__main__":
    unittest.main()
