"""SNS subscriptions through boto3: Subscribe for every protocol, idempotency, confirmation,
Unsubscribe, the two paginated listings and Get/SetSubscriptionAttributes, with AWS's errors."""

import json
import unittest

from botocore.exceptions import ClientError

from eddy_harness import EddyTestCase
from sns_test_support import make_queue

ACCOUNT = "000000000000"


class SubscriptionTest(EddyTestCase):
    def setUp(self):
        self.sns = self.client("sns")
        self.sqs = self.client("sqs")

    def topic(self, name, **attributes):
        kwargs = {"Attributes": attributes} if attributes else {}
        return self.sns.create_topic(Name=name, **kwargs)["TopicArn"]

    def test_sqs_subscription_is_confirmed_at_once(self):
        topic = self.topic("sqs-sub")
        _, queue = make_queue(self.sqs, "sqs-sub-q")
        arn = self.sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue)["SubscriptionArn"]
        self.assertTrue(arn.startswith(topic + ":"))
        self.assertEqual(len(arn.split(":")[-1]), 36)
        attributes = self.sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]
        self.assertEqual(attributes, {
            "ConfirmationWasAuthenticated": "true", "Endpoint": queue, "Owner": ACCOUNT,
            "PendingConfirmation": "false", "Protocol": "sqs", "RawMessageDelivery": "false",
            "SubscriptionArn": arn, "SubscriptionPrincipal": f"arn:aws:iam::{ACCOUNT}:user/eddy",
            "TopicArn": topic})
        topic_attributes = self.sns.get_topic_attributes(TopicArn=topic)["Attributes"]
        self.assertEqual(topic_attributes["SubscriptionsConfirmed"], "1")

    def test_subscribe_with_attributes_and_idempotency(self):
        topic = self.topic("idempotent")
        _, queue = make_queue(self.sqs, "idempotent-q")
        policy = json.dumps({"attr1": [{"numeric": [">", 0, "<=", 100]}]})
        arn = self.sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue, Attributes={
            "RawMessageDelivery": "TRUE", "FilterPolicy": policy})["SubscriptionArn"]
        attributes = self.sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]
        self.assertEqual(attributes["RawMessageDelivery"], "true")
        self.assertEqual(json.loads(attributes["FilterPolicy"]), json.loads(policy))
        self.assertEqual(attributes["FilterPolicyScope"], "MessageAttributes")
        # The same subscription again, with, without or with some of its attributes.
        for attributes in ({"RawMessageDelivery": "true"}, {}, {"FilterPolicy": policy}):
            kwargs = {"Attributes": attributes} if attributes else {}
            self.assertEqual(self.sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue,
                                                **kwargs)["SubscriptionArn"], arn)
        self.assert_error(self.sns.subscribe, "InvalidParameter",
                          "Invalid parameter: Attributes Reason: Subscription already exists with different attributes",
                          TopicArn=topic, Protocol="sqs", Endpoint=queue,
                          Attributes={"RawMessageDelivery": "false"})
        self.assertEqual(len(self.sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]), 1)

    def test_subscribe_errors(self):
        topic = self.topic("sub-errors")
        self.assert_error(self.sns.subscribe, "InvalidParameter",
                          "Invalid parameter: Amazon SNS does not support this protocol string: test-protocol",
                          TopicArn=topic, Protocol="test-protocol", Endpoint="x")
        self.assert_error(self.sns.subscribe, "InvalidParameter",
                          "Invalid parameter: SQS endpoint ARN", TopicArn=topic, Protocol="sqs",
                          Endpoint="http://localhost:4566/000000000000/a-queue-url")
        for number in ["invalid-number", "+15--551234567", "NAA+15551234567", "+15551234567.",
                       "/+15551234567"]:
            self.assert_error(self.sns.subscribe, "InvalidParameter", f"Invalid SMS endpoint: {number}",
                              TopicArn=topic, Protocol="sms", Endpoint=number)
        self.assert_error(self.sns.subscribe, "NotFound", "Topic does not exist", 404,
                          TopicArn="arn:aws:sns:us-east-1:000000000000:missing", Protocol="sqs",
                          Endpoint="arn:aws:sqs:us-east-1:000000000000:q")
        for bad, count in (("no-arn", 1), ("arn:aws:sns:us-east-1:000000000000", 5)):
            self.assert_error(self.sns.subscribe, "InvalidParameter",
                              f"Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not {count}",
                              TopicArn=bad, Protocol="sqs", Endpoint="arn:aws:sqs:us-east-1:000000000000:q")
        self.assert_error(self.sns.subscribe, "InvalidParameter",
                          "Invalid parameter: Attributes Reason: RawMessageDelivery: Invalid value [wrongvalue]. Must be true or false.",
                          TopicArn=topic, Protocol="sqs", Endpoint="arn:aws:sqs:us-east-1:000000000000:q",
                          Attributes={"RawMessageDelivery": "wrongvalue"})
        self.assert_error(self.sns.subscribe, "InvalidParameter",
                          "Invalid parameter: Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics",
                          TopicArn=topic, Protocol="sqs",
                          Endpoint="arn:aws:sqs:us-east-1:000000000000:q.fifo")
        with self.assertRaises(ClientError) as caught:
            self.sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint="arn:aws:sqs:us-east-1:000000000000:q",
                               Attributes={"FilterPolicy": "invalid"})
        self.assertTrue(caught.exception.response["Error"]["Message"].startswith(
            "Invalid parameter: Attributes Reason: FilterPolicy: failed to parse JSON."))
        # None of the failures left a subscription behind.
        self.assertEqual(self.sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"], [])

    def test_pending_protocols_and_return_subscription_arn(self):
        topic = self.topic("pending")
        pending = self.sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="ops@example.com")
        self.assertEqual(pending["SubscriptionArn"], "pending confirmation")
        arn = self.sns.subscribe(TopicArn=topic, Protocol="email-json", Endpoint="dev@example.com",
                                 ReturnSubscriptionArn=True)["SubscriptionArn"]
        self.assertTrue(arn.startswith(topic + ":"))
        attributes = self.sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]
        self.assertEqual(attributes["PendingConfirmation"], "true")
        self.assertEqual(attributes["ConfirmationWasAuthenticated"], "false")
        sms = self.sns.subscribe(TopicArn=topic, Protocol="sms", Endpoint="+123123123")["SubscriptionArn"]
        self.assertEqual(self.sns.get_subscription_attributes(SubscriptionArn=sms)["Attributes"]
                         ["PendingConfirmation"], "false")
        lam = self.sns.subscribe(TopicArn=topic, Protocol="lambda",
                                 Endpoint="arn:aws:lambda:us-east-1:000000000000:function:f")["SubscriptionArn"]
        self.assertNotEqual(lam, "pending confirmation")
        listed = {s["Endpoint"]: s for s in self.sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]}
        self.assertEqual(listed["ops@example.com"]["SubscriptionArn"], "PendingConfirmation")
        self.assertEqual(listed["+123123123"]["SubscriptionArn"], sms)
        self.assertEqual(set(listed["+123123123"]), {"SubscriptionArn", "Owner", "Protocol", "Endpoint", "TopicArn"})
        attributes = self.sns.get_topic_attributes(TopicArn=topic)["Attributes"]
        self.assertEqual((attributes["SubscriptionsConfirmed"], attributes["SubscriptionsPending"]), ("2", "2"))

    def test_confirm_subscription_errors(self):
        topic = self.topic("confirm-errors")
        self.assert_error(self.sns.confirm_subscription, "InvalidParameter", "Invalid parameter: Token",
                          TopicArn=topic, Token="51b2ff3edb475b7d91550e0ab6edf0c1de2a34e6ebaf6")
        self.assert_error(self.sns.confirm_subscription, "InvalidParameter", "Invalid parameter: Topic",
                          TopicArn="not-an-arn", Token="abc")

    def test_unsubscribe(self):
        topic = self.topic("unsub")
        _, queue = make_queue(self.sqs, "unsub-q")
        arn = self.sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue)["SubscriptionArn"]
        self.sns.unsubscribe(SubscriptionArn=arn)
        self.sns.unsubscribe(SubscriptionArn=arn)  # twice is fine
        self.assertEqual(self.sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"], [])
        self.assert_error(self.sns.get_subscription_attributes, "NotFound", "Subscription does not exist",
                          404, SubscriptionArn=arn)
        self.assert_error(self.sns.set_subscription_attributes, "NotFound", "Subscription does not exist",
                          404, SubscriptionArn=arn, AttributeName="RawMessageDelivery", AttributeValue="true")
        self.assert_error(self.sns.unsubscribe, "InvalidParameter",
                          "Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 elements, not 1",
                          SubscriptionArn="randomstring")
        self.assert_error(self.sns.unsubscribe, "InvalidParameter",
                          "Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 elements, not 5",
                          SubscriptionArn="arn:aws:sns:us-east-1:000000000000")
        self.assert_error(self.sns.unsubscribe, "InvalidParameter", "Invalid parameter: SubscriptionId",
                          SubscriptionArn=topic)

    def test_deleting_the_topic_deletes_its_subscriptions(self):
        topic = self.topic("doomed")
        _, queue = make_queue(self.sqs, "doomed-q")
        arn = self.sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue)["SubscriptionArn"]
        self.sns.delete_topic(TopicArn=topic)
        self.assertNotIn(arn, [s["SubscriptionArn"] for s in self.sns.list_subscriptions()["Subscriptions"]])
        self.assert_error(self.sns.get_subscription_attributes, "NotFound", "Subscription does not exist",
                          404, SubscriptionArn=arn)

    def test_set_subscription_attributes_validation(self):
        topic = self.topic("set-sub")
        _, queue = make_queue(self.sqs, "set-sub-q")
        arn = self.sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue)["SubscriptionArn"]

        def set_attribute(name, value):
            self.sns.set_subscription_attributes(SubscriptionArn=arn, AttributeName=name, AttributeValue=value)

        def errors(name, value, message):
            self.assert_error(self.sns.set_subscription_attributes, "InvalidParameter", message,
                              SubscriptionArn=arn, AttributeName=name, AttributeValue=value)

        errors("Fake", "v", "Invalid parameter: AttributeName")
        errors("RawMessageDelivery", "test-ValUe",
               "Invalid parameter: RawMessageDelivery: Invalid value [test-ValUe]. Must be true or false.")
        errors("RawMessageDelivery", "",
               "Invalid parameter: RawMessageDelivery: Invalid value []. Must be true or false.")
        errors("RedrivePolicy", json.dumps({"deadLetterTargetArn": "fake-arn"}),
               "Invalid parameter: RedrivePolicy: deadLetterTargetArn is an invalid arn")
        errors("RedrivePolicy", "{invalid-json}",
               "Invalid parameter: RedrivePolicy: failed to parse JSON. Unexpected character ('i' "
               "(code 105)): was expecting double-quote to start field name\n at [Source: REDACTED "
               "(`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 2]")
        errors("FilterPolicyScope", "RandomValue",
               "Invalid parameter: FilterPolicyScope: Invalid value [RandomValue]. Please use either "
               "MessageBody or MessageAttributes")
        with self.assertRaises(ClientError) as caught:
            set_attribute("FilterPolicy", "{invalid-json}")
        self.assertTrue(caught.exception.response["Error"]["Message"].startswith(
            "Invalid parameter: FilterPolicy: failed to parse JSON."))

        # A nested policy needs the MessageBody scope.
        nested = json.dumps({"object": {"key": ["value"]}})
        set_attribute("FilterPolicyScope", "MessageBody")
        set_attribute("FilterPolicy", nested)
        errors("FilterPolicyScope", "MessageAttributes",
               "Invalid parameter: Filter policy scope MessageAttributes does not support nested filter policy")
        _, dead_letters = make_queue(self.sqs, "set-sub-dlq")
        set_attribute("RedrivePolicy", json.dumps({"deadLetterTargetArn": dead_letters}))
        set_attribute("RawMessageDelivery", "True")
        attributes = self.sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]
        self.assertEqual(attributes["RawMessageDelivery"], "true")
        self.assertEqual(attributes["FilterPolicyScope"], "MessageBody")
        self.assertEqual(json.loads(attributes["FilterPolicy"]), json.loads(nested))
        self.assertEqual(json.loads(attributes["RedrivePolicy"]), {"deadLetterTargetArn": dead_letters})
        set_attribute("FilterPolicy", "")
        attributes = self.sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]
        self.assertNotIn("FilterPolicy", attributes)
        self.assertNotIn("FilterPolicyScope", attributes)

    def test_fifo_topic_dead_letter_queue_must_be_fifo(self):
        topic = self.topic("orders.fifo", FifoTopic="true")
        _, fifo_queue = make_queue(self.sqs, "orders-q.fifo", FifoQueue="true")
        _, standard_queue = make_queue(self.sqs, "orders-standard")
        arn = self.sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=fifo_queue)["SubscriptionArn"]
        self.assert_error(self.sns.set_subscription_attributes, "InvalidParameter",
                          "Invalid parameter: RedrivePolicy: must use a FIFO queue as DLQ for a FIFO Subscription to a FIFO Topic.",
                          SubscriptionArn=arn, AttributeName="RedrivePolicy",
                          AttributeValue=json.dumps({"deadLetterTargetArn": standard_queue}))
        # A standard queue may subscribe to a FIFO topic.
        standard = self.sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=standard_queue)["SubscriptionArn"]
        self.assertTrue(standard.startswith(topic))

    def test_listings_page_by_100(self):
        sns = self.client("sns", region="ap-south-1")
        topic = sns.create_topic(Name="many")["TopicArn"]
        other = sns.create_topic(Name="few")["TopicArn"]
        created = [sns.subscribe(TopicArn=topic, Protocol="email", Endpoint=f"user{i}@example.com",
                                 ReturnSubscriptionArn=True)["SubscriptionArn"] for i in range(120)]
        sns.subscribe(TopicArn=other, Protocol="sms", Endpoint="+15551234567")
        first = sns.list_subscriptions_by_topic(TopicArn=topic)
        self.assertEqual(len(first["Subscriptions"]), 100)
        second = sns.list_subscriptions_by_topic(TopicArn=topic, NextToken=first["NextToken"])
        self.assertEqual(len(second["Subscriptions"]), 20)
        self.assertNotIn("NextToken", second)
        endpoints = [s["Endpoint"] for s in first["Subscriptions"] + second["Subscriptions"]]
        self.assertEqual(endpoints, [f"user{i}@example.com" for i in range(120)])
        everything = [s for page in sns.get_paginator("list_subscriptions").paginate()
                      for s in page["Subscriptions"]]
        self.assertEqual(len(everything), 121)
        self.assertEqual(len(created), 120)


if __name__ == "__main__":
    unittest.main()
