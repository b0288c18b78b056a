"""Filter policies end to end: for every operator, in both scopes, a subscription's queue gets the
message the policy matches and not the one it rejects. One topic per case, one queue subscribed
with raw delivery, both messages published, then the queue holds exactly the matching one."""

import json
import unittest

from eddy_harness import EddyTestCase
from sns_test_support import drain, subscribe_queue


def s(value):
    return {"DataType": "String", "StringValue": value}


def n(value):
    return {"DataType": "Number", "StringValue": str(value)}


def array(values):
    return {"DataType": "String.Array", "StringValue": json.dumps(values)}


# (name, policy, matching attributes, rejected attributes)
ATTRIBUTE_CASES = [
    ("exact-string", {"store": ["example_corp"]}, {"store": s("example_corp")}, {"store": s("other")}),
    ("exact-number", {"price": [100]}, {"price": n("100.0")}, {"price": n("100.5")}),
    ("or-within-key", {"color": ["red", "blue"]}, {"color": s("blue")}, {"color": s("green")}),
    ("and-across-keys", {"store": ["a"], "event": ["sale"]},
     {"store": s("a"), "event": s("sale")}, {"store": s("a"), "event": s("refund")}),
    ("prefix", {"event": [{"prefix": "order-"}]}, {"event": s("order-placed")}, {"event": s("placed-order")}),
    ("suffix", {"file": [{"suffix": ".png"}]}, {"file": s("photo.png")}, {"file": s("photo.jpg")}),
    ("anything-but-value", {"event": [{"anything-but": "order_cancelled"}]},
     {"event": s("order_placed")}, {"event": s("order_cancelled")}),
    ("anything-but-list", {"event": [{"anything-but": ["a", "b"]}]}, {"event": s("c")}, {"event": s("b")}),
    ("anything-but-number", {"price": [{"anything-but": [100, 500]}]}, {"price": n(101)}, {"price": n(500)}),
    ("anything-but-prefix", {"event": [{"anything-but": {"prefix": "order-"}}]},
     {"event": s("data-created")}, {"event": s("order-created")}),
    ("anything-but-suffix", {"file": [{"anything-but": {"suffix": ".tmp"}}]},
     {"file": s("a.txt")}, {"file": s("a.tmp")}),
    ("numeric-equals", {"price": [{"numeric": ["=", 301.5]}]}, {"price": n(301.5)}, {"price": n(301)}),
    ("numeric-less", {"price": [{"numeric": ["<", 0]}]}, {"price": n(-1)}, {"price": n(0)}),
    ("numeric-less-equal", {"price": [{"numeric": ["<=", 0]}]}, {"price": n(0)}, {"price": n(0.1)}),
    ("numeric-greater", {"price": [{"numeric": [">", 0]}]}, {"price": n(0.5)}, {"price": n(0)}),
    ("numeric-greater-equal", {"price": [{"numeric": [">=", 10]}]}, {"price": n(10)}, {"price": n(9.99)}),
    ("numeric-range", {"price": [{"numeric": [">", 0, "<=", 100]}]}, {"price": n(99.12)}, {"price": n(100.12)}),
    ("number-compared-as-number", {"price": [{"numeric": [">=", 5]}]}, {"price": n("5e1")}, {"price": n("4.9")}),
    ("exists-true", {"store": [{"exists": True}]}, {"store": s("x")}, {"other": s("x")}),
    ("exists-false", {"store": [{"exists": False}]}, {"other": s("x")}, {"store": s("x")}),
    ("equals-ignore-case", {"name": [{"equals-ignore-case": "JoHn"}]}, {"name": s("jOhN")}, {"name": s("jon")}),
    ("cidr-ipv4", {"source_ip": [{"cidr": "10.0.0.0/24"}]}, {"source_ip": s("10.0.0.255")},
     {"source_ip": s("10.0.1.0")}),
    ("cidr-ipv6", {"source_ip": [{"cidr": "2001:db8:1234:1a00::/64"}]},
     {"source_ip": s("2001:db8:1234:1a00::1")}, {"source_ip": s("2001:db8:1234:1b00::1")}),
    ("or-operator", {"$or": [{"store": ["a"]}, {"price": [{"numeric": [">", 100]}]}]},
     {"store": s("b"), "price": n(101)}, {"store": s("b"), "price": n(100)}),
    ("string-array", {"tags": ["sale"]}, {"tags": array(["new", "sale"])}, {"tags": array(["new", "old"])}),
    ("string-array-numbers", {"sizes": [{"numeric": [">", 40]}]}, {"sizes": array([38, 42])},
     {"sizes": array([38, 40])}),
]

# (name, policy, matching body, rejected body)
BODY_CASES = [
    ("exact", {"store": ["example_corp"]}, {"store": "example_corp"}, {"store": "other"}),
    ("nested-key", {"order": {"status": ["shipped"]}}, {"order": {"status": "shipped"}},
     {"order": {"status": "pending"}}),
    ("deeply-nested", {"a": {"b": {"c": [{"prefix": "x"}]}}}, {"a": {"b": {"c": "xy"}}}, {"a": {"b": {"c": "yx"}}}),
    ("array-in-body", {"tags": ["sale"]}, {"tags": ["new", "sale"]}, {"tags": ["new"]}),
    ("array-of-objects", {"items": {"sku": ["b-2"]}}, {"items": [{"sku": "a-1"}, {"sku": "b-2"}]},
     {"items": [{"sku": "a-1"}]}),
    ("numeric", {"reading": {"db": [{"numeric": [">=", 70]}]}}, {"reading": {"db": 71.5}},
     {"reading": {"db": 69.9}}),
    ("boolean-and-null", {"active": [True], "deleted": [None]}, {"active": True, "deleted": None},
     {"active": True, "deleted": False}),
    ("anything-but", {"status": [{"anything-but": ["error"]}]}, {"status": "ok"}, {"status": "error"}),
    ("suffix", {"path": [{"suffix": ".csv"}]}, {"path": "a/b.csv"}, {"path": "a/b.json"}),
    ("exists", {"optional": [{"exists": False}]}, {"other": 1}, {"optional": 1}),
    ("equals-ignore-case", {"name": [{"equals-ignore-case": "ALICE"}]}, {"name": "alice"}, {"name": "bob"}),
    ("cidr", {"ip": [{"cidr": "192.168.0.0/16"}]}, {"ip": "192.168.10.3"}, {"ip": "192.169.0.1"}),
    ("or", {"$or": [{"a": ["1"]}, {"b": {"c": ["2"]}}]}, {"b": {"c": "2"}}, {"b": {"c": "3"}}),
]


class FilterDeliveryTest(EddyTestCase):
    def setUp(self):
        self.sns = self.client("sns")
        self.sqs = self.client("sqs")

    def deliver(self, name, policy, scope, matching, rejected):
        topic = self.sns.create_topic(Name=f"filter-{name}")["TopicArn"]
        queue, _ = subscribe_queue(self.sns, self.sqs, topic, f"filter-{name}",
                                   RawMessageDelivery="true", FilterPolicy=json.dumps(policy),
                                   FilterPolicyScope=scope)
        # A second, unfiltered subscription shows both messages were really published.
        everything, _ = subscribe_queue(self.sns, self.sqs, topic, f"filter-{name}-all",
                                        RawMessageDelivery="true")
        for label, message in (("rejected", rejected), ("matching", matching)):
            if scope == "MessageAttributes":
                self.sns.publish(TopicArn=topic, Message=label, MessageAttributes=message)
            else:
                self.sns.publish(TopicArn=topic, Message=json.dumps(dict(message, label=label)))
        self.assertEqual(len(drain(self.sqs, everything, expect=2)), 2)
        return [m["Body"] for m in drain(self.sqs, queue, expect=1)]

    def test_message_attributes_scope(self):
        for name, policy, matching, rejected in ATTRIBUTE_CASES:
            with self.subTest(name):
                self.assertEqual(self.deliver(f"attr-{name}", policy, "MessageAttributes", matching,
                                              rejected), ["matching"])

    def test_message_body_scope(self):
        for name, policy, matching, rejected in BODY_CASES:
            with self.subTest(name):
                bodies = self.deliver(f"body-{name}", policy, "MessageBody", matching, rejected)
                self.assertEqual([json.loads(b)["label"] for b in bodies], ["matching"])

    def test_body_that_is_not_json_matches_no_body_policy(self):
        topic = self.sns.create_topic(Name="filter-not-json")["TopicArn"]
        queue, _ = subscribe_queue(self.sns, self.sqs, topic, "filter-not-json", RawMessageDelivery="true",
                                   FilterPolicy=json.dumps({"a": [{"exists": False}]}),
                                   FilterPolicyScope="MessageBody")
        self.sns.publish(TopicArn=topic, Message="plain text")
        self.sns.publish(TopicArn=topic, Message=json.dumps({"b": 1}))
        self.assertEqual([m["Body"] for m in drain(self.sqs, queue, expect=1)], [json.dumps({"b": 1})])

    def test_changing_the_policy_applies_to_the_next_publish(self):
        topic = self.sns.create_topic(Name="filter-changes")["TopicArn"]
        queue, subscription = subscribe_queue(self.sns, self.sqs, topic, "filter-changes",
                                              RawMessageDelivery="true",
                                              FilterPolicy=json.dumps({"district": ["loop"]}))
        attributes = {"district": s("hyde-park")}
        self.sns.publish(TopicArn=topic, Message="before", MessageAttributes=attributes)
        self.sns.set_subscription_attributes(SubscriptionArn=subscription, AttributeName="FilterPolicy",
                                             AttributeValue=json.dumps({"district": ["hyde-park"]}))
        self.sns.publish(TopicArn=topic, Message="after", MessageAttributes=attributes)
        self.assertEqual([m["Body"] for m in drain(self.sqs, queue, expect=1)], ["after"])

    def test_invalid_policies_are_rejected(self):
        topic = self.sns.create_topic(Name="filter-invalid")["TopicArn"]
        cases = {
            json.dumps({"key": [["value"]]}):
                'Match value must be String, number, true, false, or null',
            json.dumps({"key": [{"wrong-operator": True}]}): "Unrecognized match type wrong-operator",
            json.dumps({"key": []}): "Empty arrays are not allowed",
            json.dumps({"key": [{"numeric": [">", 3, "<", 1]}]}): "Bottom must be less than top",
            json.dumps({f"k{i}": ["v"] for i in range(6)}): "Filter policy can not have more than 5 keys",
        }
        for policy, reason in cases.items():
            with self.subTest(policy):
                with self.assertRaises(Exception) as caught:
                    self.sns.subscribe(TopicArn=topic, Protocol="sqs",
                                       Endpoint="arn:aws:sqs:us-east-1:000000000000:q",
                                       Attributes={"FilterPolicy": policy})
                error = caught.exception.response["Error"]
                self.assertEqual(error["Code"], "InvalidParameter")
                self.assertTrue(error["Message"].startswith(
                    "Invalid parameter: Attributes Reason: FilterPolicy: " + reason), error["Message"])


if __name__ == "__main__":
    unittest.main()
