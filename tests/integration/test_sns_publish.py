"""Publish and PublishBatch through boto3, end to end into real SQS queues: the JSON envelope and
its signature, raw delivery, every message attribute type, MessageStructure=json, the size limit,
TargetArn and PhoneNumber, dead-letter queues for deleted queues, and AWS's validation errors."""

import base64
import html
import json
import re
import unittest
import urllib.error
import urllib.parse
import urllib.request

from eddy_harness import EddyTestCase
from sns_test_support import drain, make_queue, signature_verifies, subscribe_queue

TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


class PublishTest(EddyTestCase):
    def setUp(self):
        self.sns = self.client("sns")
        self.sqs = self.client("sqs")

    def test_envelope_delivered_to_sqs_verifies(self):
        for version in ("1", "2"):
            topic = self.sns.create_topic(Name=f"signed-{version}",
                                          Attributes={"SignatureVersion": version})["TopicArn"]
            queue, subscription = subscribe_queue(self.sns, self.sqs, topic, f"signed-q-{version}")
            published = self.sns.publish(TopicArn=topic, Message="test signature value with attributes",
                                         Subject="noise report",
                                         MessageAttributes={"attr1": {"DataType": "Number", "StringValue": "1"}})
            [message] = drain(self.sqs, queue, expect=1)
            self.assertEqual(message["Attributes"]["SenderId"], "AIDAIT2UOQQY3AUEKVGXU")
            body = json.loads(message["Body"])
            self.assertEqual(list(body), ["Type", "MessageId", "TopicArn", "Subject", "Message",
                                          "Timestamp", "SignatureVersion", "Signature",
                                          "SigningCertURL", "UnsubscribeURL", "MessageAttributes"])
            self.assertEqual(body["Type"], "Notification")
            self.assertEqual(body["MessageId"], published["MessageId"])
            self.assertEqual(body["TopicArn"], topic)
            self.assertEqual(body["Subject"], "noise report")
            self.assertRegex(body["Timestamp"], TIMESTAMP)
            self.assertEqual(body["SignatureVersion"], version)
            self.assertEqual(body["SigningCertURL"],
                             f"{self.eddy.endpoint}/_eddy/sns/SimpleNotificationService.pem")
            self.assertEqual(body["UnsubscribeURL"],
                             f"{self.eddy.endpoint}/?Action=Unsubscribe&SubscriptionArn={subscription}")
            self.assertEqual(body["MessageAttributes"], {"attr1": {"Type": "Number", "Value": "1"}})
            self.assertTrue(signature_verifies(body))
            body["Message"] = "tampered"
            self.assertFalse(signature_verifies(body))

    def test_raw_delivery_carries_every_attribute_type(self):
        topic = self.sns.create_topic(Name="raw")["TopicArn"]
        raw_queue, _ = subscribe_queue(self.sns, self.sqs, topic, "raw-q", RawMessageDelivery="true")
        json_queue, _ = subscribe_queue(self.sns, self.sqs, topic, "json-q")
        attributes = {
            "text": {"DataType": "String", "StringValue": "an-attribute-value"},
            "custom": {"DataType": "String.prefixed", "StringValue": "x"},
            "list": {"DataType": "String.Array", "StringValue": '["a", 1, true]'},
            "count": {"DataType": "Number", "StringValue": "99.12"},
            "blob": {"DataType": "Binary", "BinaryValue": b"\x02\x03\x04"},
        }
        self.sns.publish(TopicArn=topic, Message="text", MessageAttributes=attributes)
        [raw] = drain(self.sqs, raw_queue, expect=1)
        self.assertEqual(raw["Body"], "text")
        self.assertEqual(raw["MessageAttributes"], {
            "text": {"DataType": "String", "StringValue": "an-attribute-value"},
            "custom": {"DataType": "String.prefixed", "StringValue": "x"},
            "list": {"DataType": "String.Array", "StringValue": '["a", 1, true]'},
            "count": {"DataType": "Number", "StringValue": "99.12"},
            "blob": {"DataType": "Binary", "BinaryValue": b"\x02\x03\x04"},
        })
        [wrapped] = drain(self.sqs, json_queue, expect=1)
        self.assertNotIn("MessageAttributes", wrapped)
        self.assertEqual(json.loads(wrapped["Body"])["MessageAttributes"], {
            "text": {"Type": "String", "Value": "an-attribute-value"},
            "custom": {"Type": "String.prefixed", "Value": "x"},
            "list": {"Type": "String.Array", "Value": '["a", 1, true]'},
            "count": {"Type": "Number", "Value": "99.12"},
            "blob": {"Type": "Binary", "Value": base64.b64encode(b"\x02\x03\x04").decode()},
        })

    def test_message_structure_json_picks_the_protocol_message(self):
        topic = self.sns.create_topic(Name="structured")["TopicArn"]
        queue, _ = subscribe_queue(self.sns, self.sqs, topic, "structured-q")
        self.sns.publish(TopicArn=topic, MessageStructure="json", Message=json.dumps(
            {"default": "default field", "sqs": json.dumps({"field": "value"})}))
        # A non-string protocol member is ignored: the default applies.
        self.sns.publish(TopicArn=topic, MessageStructure="json", Message=json.dumps(
            {"default": "default field", "sqs": {"field": "value"}}))
        messages = [json.loads(m["Body"])["Message"] for m in drain(self.sqs, queue, expect=2)]
        self.assertEqual(sorted(messages), sorted(['{"field": "value"}', "default field"]))
        for message, error in ((json.dumps({"sqs": "only"}), "No default entry in JSON message body"),
                               ("{not json", "JSON message body failed to parse"),
                               (json.dumps({"default": 1}), "No default entry in JSON message body")):
            self.assert_error(self.sns.publish, "InvalidParameter",
                              f"Invalid parameter: Message Structure - {error}",
                              TopicArn=topic, Message=message, MessageStructure="json")

    def test_publish_validation(self):
        topic = self.sns.create_topic(Name="validated")["TopicArn"]
        queue, _ = subscribe_queue(self.sns, self.sqs, topic, "validated-q")
        self.assert_error(self.sns.publish, "InvalidParameter", "Invalid parameter: Subject",
                          TopicArn=topic, Message="m", Subject="")
        self.assert_error(self.sns.publish, "InvalidParameter", "Invalid parameter: Empty message",
                          TopicArn=topic, Message="")
        self.assert_error(self.sns.publish, "InvalidParameter", "Invalid parameter: Message too long",
                          TopicArn=topic, Message="x" * (262144 + 1))
        # The limit counts attributes too.
        self.assert_error(self.sns.publish, "InvalidParameter", "Invalid parameter: Message too long",
                          TopicArn=topic, Message="x" * 262140,
                          MessageAttributes={"a": {"DataType": "String", "StringValue": "yy"}})
        self.sns.publish(TopicArn=topic, Message="x" * 262144)
        self.assert_error(self.sns.publish, "InvalidParameter",
                          "Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1",
                          TopicArn="", Message="m")
        self.assert_error(self.sns.publish, "InvalidParameter",
                          "Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 2",
                          TopicArn="arn:aws", Message="m")
        self.assert_error(self.sns.publish, "NotFound", "Topic does not exist", 404,
                          TopicArn="arn:aws:sns:us-east-1:000000000000:unknown", Message="m")
        self.assert_error(self.sns.publish, "InvalidParameter", "Invalid parameter: TopicArn",
                          TopicArn="arn:aws:sns:eu-west-1:000000000000:validated", Message="m")
        self.assert_error(self.sns.publish, "InvalidParameter",
                          "Invalid parameter: MessageDeduplicationId Reason: The request includes "
                          "MessageDeduplicationId parameter that is not valid for this topic type",
                          TopicArn=topic, Message="m", MessageDeduplicationId="d")
        self.assert_error(self.sns.publish, "InvalidParameter",
                          "Invalid parameter: TargetArn Reason: No endpoint found for the target arn specified",
                          TargetArn="arn:aws:sns:us-east-1:000000000000:endpoint/GCM/app/1", Message="m")
        for number in ("+1a234", "NAA+15551234567"):
            self.assert_error(self.sns.publish, "InvalidParameter",
                              f"Invalid parameter: PhoneNumber Reason: {number} is not valid to publish to",
                              PhoneNumber=number, Message="m")
        self.assertIn("MessageId", self.sns.publish(PhoneNumber="+15551234567", Message="sms"))
        # Only the one valid message reached the queue.
        self.assertEqual(len(drain(self.sqs, queue, expect=1)), 1)

    def test_message_attribute_validation(self):
        topic = self.sns.create_topic(Name="attributes")["TopicArn"]
        cases = {
            "The message attribute 'attr1' must contain non-empty message attribute value for message attribute type 'String'.":
                {"attr1": {"DataType": "String", "StringValue": ""}},
            "The message attribute 'attr1' with type 'String' must use field 'String'.":
                {"attr1": {"DataType": "String", "BinaryValue": b"x"}},
            "The message attribute 'attr1' with type 'Number' must use field 'String'.":
                {"attr1": {"DataType": "Number", "BinaryValue": b"1"}},
            "The message attribute 'attr1' with type 'Binary' must use field 'Binary'.":
                {"attr1": {"DataType": "Binary", "StringValue": "x"}},
            "The message attribute 'attr1' must contain non-empty message attribute value for message attribute type 'Binary'.":
                {"attr1": {"DataType": "Binary", "BinaryValue": b""}},
            "The message attribute 'attr1' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.":
                {"attr1": {"DataType": "Stringprefixed", "StringValue": "x"}},
            "Length of message attribute name must be less than 256 bytes.":
                {"a" * 257: {"DataType": "String", "StringValue": "x"}},
            "Invalid non-alphanumeric character '#x5E' was found in the message attribute name. Can only include alphanumeric characters, hyphens, underscores, or dots.":
                {"^attr": {"DataType": "String", "StringValue": "x"}},
            "Invalid message attribute name starting with character '.' was found.":
                {".attr": {"DataType": "String", "StringValue": "x"}},
            "Invalid message attribute name ending with character '.' was found.":
                {"attr.": {"DataType": "String", "StringValue": "x"}},
            "Message attribute name can not have successive '.' character.":
                {"at..tr": {"DataType": "String", "StringValue": "x"}},
        }
        for message, attributes in cases.items():
            self.assert_error(self.sns.publish, "ParameterValueInvalid", message, TopicArn=topic,
                              Message="m", MessageAttributes=attributes)
            self.assert_error(self.sns.publish_batch, "ParameterValueInvalid", message, TopicArn=topic,
                              PublishBatchRequestEntries=[{"Id": "1", "Message": "m",
                                                           "MessageAttributes": attributes}])
        self.sns.publish(TopicArn=topic, Message="ok",
                         MessageAttributes={"a": {"DataType": "String.  prefixed.", "StringValue": "x"}})

    def test_missing_data_type_is_a_validation_error(self):
        topic = self.sns.create_topic(Name="no-type")["TopicArn"]
        # boto3 insists on DataType, so this goes over the wire by hand.
        form = urllib.parse.urlencode({
            "Action": "Publish", "TopicArn": topic, "Message": "m",
            "MessageAttributes.entry.1.Name": "attr1",
            "MessageAttributes.entry.1.Value.StringValue": "v"}).encode()
        request = urllib.request.Request(self.eddy.endpoint, data=form, headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Authorization": "AWS4-HMAC-SHA256 Credential=test/20261126/us-east-1/sns/aws4_request, "
                             "SignedHeaders=host, Signature=0"})
        with self.assertRaises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(request, timeout=10)
        self.assertEqual(caught.exception.code, 400)
        body = html.unescape(caught.exception.read().decode())
        self.assertIn("<Code>ValidationError</Code>", body)
        self.assertIn("<Message>1 validation error detected: Value null at "
                      "'messageAttributes.attr1.member.dataType' failed to satisfy constraint: "
                      "Member must not be null</Message>", body)

    def test_target_arn_publishes_to_the_topic(self):
        topic = self.sns.create_topic(Name="targeted")["TopicArn"]
        queue, _ = subscribe_queue(self.sns, self.sqs, topic, "targeted-q")
        self.sns.publish(TargetArn=topic, Message="via target")
        [message] = drain(self.sqs, queue, expect=1)
        self.assertEqual(json.loads(message["Body"])["Message"], "via target")

    def test_publish_batch(self):
        topic = self.sns.create_topic(Name="batched")["TopicArn"]
        queue, _ = subscribe_queue(self.sns, self.sqs, topic, "batched-q", RawMessageDelivery="true")
        reply = self.sns.publish_batch(TopicArn=topic, PublishBatchRequestEntries=[
            {"Id": "1", "Message": "Test Message with one attribute",
             "MessageAttributes": {"attr1": {"DataType": "Number", "StringValue": "19.12"}}},
            {"Id": "2", "Message": "Test Message without attribute", "Subject": "s"},
            {"Id": "bad-subject", "Message": "m", "Subject": ""},
            {"Id": "empty", "Message": ""},
        ])
        self.assertEqual([e["Id"] for e in reply["Successful"]], ["1", "2"])
        self.assertEqual(reply["Failed"], [
            {"Id": "bad-subject", "Code": "InvalidParameter", "Message": "Invalid parameter: Subject",
             "SenderFault": True},
            {"Id": "empty", "Code": "InvalidParameter", "Message": "Invalid parameter: Empty message",
             "SenderFault": True}])
        bodies = sorted(m["Body"] for m in drain(self.sqs, queue, expect=2))
        self.assertEqual(bodies, ["Test Message with one attribute", "Test Message without attribute"])

    def test_publish_batch_errors(self):
        topic = self.sns.create_topic(Name="batch-errors")["TopicArn"]
        entry = {"Id": "1", "Message": "m"}
        self.assert_error(self.sns.publish_batch, "TooManyEntriesInBatchRequest",
                          "The batch request contains more entries than permissible.", TopicArn=topic,
                          PublishBatchRequestEntries=[dict(entry, Id=str(i)) for i in range(11)])
        self.assert_error(self.sns.publish_batch, "BatchEntryIdsNotDistinct",
                          "Two or more batch entries in the request have the same Id.", TopicArn=topic,
                          PublishBatchRequestEntries=[entry, entry])
        for bad in ("message.id", "msg@123#test"):
            self.assert_error(self.sns.publish_batch, "InvalidBatchEntryId",
                              f"The Id of a batch entry in the batch request contains an impermissible character: {bad}",
                              TopicArn=topic, PublishBatchRequestEntries=[dict(entry, Id=bad)])
        long_id = "a" * 81
        self.assert_error(self.sns.publish_batch, "InvalidBatchEntryId",
                          f"The Id of a batch entry in the batch request is too long: {long_id}",
                          TopicArn=topic, PublishBatchRequestEntries=[dict(entry, Id=long_id)])
        self.assert_error(self.sns.publish_batch, "BatchRequestTooLong",
                          "The length of all the messages put together is more than the limit.",
                          TopicArn=topic, PublishBatchRequestEntries=[
                              dict(entry, Id=str(i), Message="x" * 30000) for i in range(10)])
        self.assert_error(self.sns.publish_batch, "NotFound", "Topic does not exist", 404,
                          TopicArn="arn:aws:sns:us-east-1:000000000000:missing",
                          PublishBatchRequestEntries=[entry])
        self.assert_error(self.sns.publish_batch, "InvalidParameter",
                          "Invalid parameter: Message Structure - No default entry in JSON message body",
                          TopicArn=topic, PublishBatchRequestEntries=[
                              dict(entry, Message=json.dumps({"sqs": "x"}), MessageStructure="json")])

    def test_deleted_queue_goes_to_the_dead_letter_queue(self):
        for raw in ("true", "false"):
            topic = self.sns.create_topic(Name=f"redrive-{raw}")["TopicArn"]
            dead_letters, dead_letters_arn = make_queue(self.sqs, f"redrive-dlq-{raw}")
            queue, subscription = subscribe_queue(self.sns, self.sqs, topic, f"redrive-q-{raw}",
                                                  RawMessageDelivery=raw)
            self.sns.set_subscription_attributes(
                SubscriptionArn=subscription, AttributeName="RedrivePolicy",
                AttributeValue=json.dumps({"deadLetterTargetArn": dead_letters_arn}))
            self.sqs.delete_queue(QueueUrl=queue)
            published = self.sns.publish(TopicArn=topic, Message="test_dlq_after_sqs_endpoint_deleted",
                                         MessageAttributes={"attr1": {"DataType": "Number", "StringValue": "111"}})
            self.assertIn("MessageId", published)
            [message] = drain(self.sqs, dead_letters, expect=1)
            if raw == "true":
                self.assertEqual(message["Body"], "test_dlq_after_sqs_endpoint_deleted")
                self.assertEqual(message["MessageAttributes"]["attr1"],
                                 {"DataType": "Number", "StringValue": "111"})
            else:
                body = json.loads(message["Body"])
                self.assertEqual(body["MessageId"], published["MessageId"])
                self.assertEqual(body["Message"], "test_dlq_after_sqs_endpoint_deleted")

    def test_deleted_queue_without_dead_letter_queue_drops_the_message(self):
        topic = self.sns.create_topic(Name="dropping")["TopicArn"]
        gone, _ = subscribe_queue(self.sns, self.sqs, topic, "dropping-gone")
        kept, _ = subscribe_queue(self.sns, self.sqs, topic, "dropping-kept")
        self.sqs.delete_queue(QueueUrl=gone)
        self.assertIn("MessageId", self.sns.publish(TopicArn=topic, Message="still published"))
        self.assertEqual(len(drain(self.sqs, kept, expect=1)), 1)

    def test_unicode_and_json_special_characters_survive(self):
        topic = self.sns.create_topic(Name="unicode")["TopicArn"]
        queue, _ = subscribe_queue(self.sns, self.sqs, topic, "unicode-q")
        text = 'öa1"_!?,. £$-\\ \n\t{}'
        self.sns.publish(TopicArn=topic, Message=text)
        [message] = drain(self.sqs, queue, expect=1)
        body = json.loads(message["Body"])
        self.assertEqual(body["Message"], text)
        self.assertTrue(signature_verifies(body))


if __name__ == "__main__":
    unittest.main()
