"""SNS topics through boto3: CreateTopic (standard and FIFO, idempotency), DeleteTopic, ListTopics
paging, Get/SetTopicAttributes, tags and permissions, with AWS's errors."""

import json
import unittest

from eddy_harness import EddyTestCase


class TopicTest(EddyTestCase):
    def setUp(self):
        self.sns = self.client("sns")

    def test_create_get_and_delete(self):
        arn = self.sns.create_topic(Name="plain")["TopicArn"]
        self.assertEqual(arn, "arn:aws:sns:us-east-1:000000000000:plain")
        attributes = self.sns.get_topic_attributes(TopicArn=arn)["Attributes"]
        self.assertEqual(attributes["TopicArn"], arn)
        self.assertEqual(attributes["Owner"], "000000000000")
        self.assertEqual(attributes["DisplayName"], "")
        self.assertEqual(attributes["SubscriptionsConfirmed"], "0")
        self.assertEqual(attributes["SubscriptionsPending"], "0")
        self.assertEqual(attributes["SubscriptionsDeleted"], "0")
        self.assertNotIn("FifoTopic", attributes)
        policy = json.loads(attributes["Policy"])
        self.assertEqual(policy["Statement"][0]["Sid"], "__default_statement_ID")
        self.assertEqual(policy["Statement"][0]["Resource"], arn)
        effective = json.loads(attributes["EffectiveDeliveryPolicy"])
        self.assertEqual(effective["http"]["defaultHealthyRetryPolicy"]["numRetries"], 3)
        self.assertEqual(effective["http"]["defaultRequestPolicy"]["headerContentType"],
                         "text/plain; charset=UTF-8")

        self.sns.delete_topic(TopicArn=arn)
        self.sns.delete_topic(TopicArn=arn)  # deleting again is fine
        self.assert_error(self.sns.get_topic_attributes, "NotFound", "Topic does not exist", 404,
                          TopicArn=arn)

    def test_create_is_idempotent_but_not_with_other_attributes_or_tags(self):
        first = self.sns.create_topic(Name="again", Attributes={"DisplayName": "AlreadySet"},
                                      Tags=[{"Key": "k", "Value": "v"}])["TopicArn"]
        self.assertEqual(self.sns.create_topic(Name="again")["TopicArn"], first)
        self.assertEqual(self.sns.create_topic(Name="again", Attributes={"DisplayName": "AlreadySet"})
                         ["TopicArn"], first)
        self.assert_error(self.sns.create_topic, "InvalidParameter",
                          "Invalid parameter: Attributes Reason: Topic already exists with different attributes",
                          Name="again", Attributes={"DisplayName": "Other"})
        self.assert_error(self.sns.create_topic, "InvalidParameter",
                          "Invalid parameter: Tags Reason: Topic already exists with different tags",
                          Name="again", Tags=[{"Key": "k", "Value": "other"}])
        # Adding FifoTopic to a standard name fails on the name.
        self.assert_error(self.sns.create_topic, "InvalidParameter", "Invalid parameter: Topic Name",
                          Name="again", Attributes={"FifoTopic": "true"})

    def test_name_constraints(self):
        self.sns.create_topic(Name="a" * 256)
        for name in ["", "a" * 257, "ends.fifo", "bad:", "bad;", "bad!", "bad@", "bad|", "bad^",
                     "bad%", "bad "]:
            self.assert_error(self.sns.create_topic, "InvalidParameter",
                              "Invalid parameter: Topic Name", Name=name)
        self.assert_error(self.sns.create_topic, "InvalidParameter", "Invalid parameter: Topic Name",
                          Name="no-suffix", Attributes={"FifoTopic": "true"})

    def test_fifo_topic_attributes(self):
        arn = self.sns.create_topic(Name="orders.fifo", Attributes={
            "FifoTopic": "true", "ContentBasedDeduplication": "true"})["TopicArn"]
        attributes = self.sns.get_topic_attributes(TopicArn=arn)["Attributes"]
        self.assertEqual(attributes["FifoTopic"], "true")
        self.assertEqual(attributes["ContentBasedDeduplication"], "true")
        self.sns.set_topic_attributes(TopicArn=arn, AttributeName="ContentBasedDeduplication",
                                      AttributeValue="false")
        self.assertEqual(self.sns.get_topic_attributes(TopicArn=arn)["Attributes"]
                         ["ContentBasedDeduplication"], "false")
        self.assert_error(self.sns.set_topic_attributes, "InvalidParameter",
                          "Invalid parameter: AttributeName", TopicArn=arn,
                          AttributeName="FifoTopic", AttributeValue="false")
        self.assert_error(self.sns.set_topic_attributes, "InvalidParameter",
                          "Invalid parameter: ContentBasedDeduplication: Invalid value [maybe]. "
                          "Must be true or false.", TopicArn=arn,
                          AttributeName="ContentBasedDeduplication", AttributeValue="maybe")
        self.assert_error(self.sns.create_topic, "InvalidParameter",
                          "Invalid parameter: Attributes Reason: FifoTopic: Invalid value [yes]. "
                          "Must be true or false.", Name="plain", Attributes={"FifoTopic": "yes"})
        # A standard topic keeps no FifoTopic=false.
        standard = self.sns.create_topic(Name="not-fifo", Attributes={"FifoTopic": "false"})["TopicArn"]
        self.assertNotIn("FifoTopic", self.sns.get_topic_attributes(TopicArn=standard)["Attributes"])

    def test_set_topic_attributes(self):
        arn = self.sns.create_topic(Name="settable")["TopicArn"]
        self.sns.set_topic_attributes(TopicArn=arn, AttributeName="DisplayName", AttributeValue="Noise")
        self.sns.set_topic_attributes(TopicArn=arn, AttributeName="SignatureVersion", AttributeValue="2")
        self.sns.set_topic_attributes(TopicArn=arn, AttributeName="TracingConfig", AttributeValue="Active")
        policy = {"http": {"defaultHealthyRetryPolicy": {"minDelayTarget": 5, "maxDelayTarget": 6,
                                                         "numRetries": 1},
                           "disableSubscriptionOverrides": False}}
        self.sns.set_topic_attributes(TopicArn=arn, AttributeName="DeliveryPolicy",
                                      AttributeValue=json.dumps(policy))
        attributes = self.sns.get_topic_attributes(TopicArn=arn)["Attributes"]
        self.assertEqual(attributes["DisplayName"], "Noise")
        self.assertEqual(attributes["SignatureVersion"], "2")
        self.assertEqual(attributes["TracingConfig"], "Active")
        self.assertEqual(json.loads(attributes["DeliveryPolicy"]), policy)
        effective = json.loads(attributes["EffectiveDeliveryPolicy"])["http"]["defaultHealthyRetryPolicy"]
        self.assertEqual(effective, {"minDelayTarget": 5, "maxDelayTarget": 6, "numRetries": 1,
                                     "numMaxDelayRetries": 0, "numNoDelayRetries": 0,
                                     "numMinDelayRetries": 0, "backoffFunction": "linear"})
        self.sns.set_topic_attributes(TopicArn=arn, AttributeName="DeliveryPolicy", AttributeValue="")
        self.assertNotIn("DeliveryPolicy", self.sns.get_topic_attributes(TopicArn=arn)["Attributes"])

        self.assert_error(self.sns.set_topic_attributes, "InvalidParameter",
                          "Invalid parameter: AttributeName", TopicArn=arn,
                          AttributeName="Nonsense", AttributeValue="x")
        self.assert_error(self.sns.set_topic_attributes, "InvalidParameter",
                          "Invalid parameter: SignatureVersion: Invalid value [3]. Must be 1 or 2.",
                          TopicArn=arn, AttributeName="SignatureVersion", AttributeValue="3")
        self.assert_error(self.sns.set_topic_attributes, "InvalidParameter",
                          "Invalid parameter: AttributeName", TopicArn=arn,
                          AttributeName="FifoTopic", AttributeValue="true")
        # Nothing changed by the failures.
        self.assertEqual(self.sns.get_topic_attributes(TopicArn=arn)["Attributes"]["SignatureVersion"], "2")

    def test_malformed_and_foreign_topic_arns(self):
        self.assert_error(self.sns.get_topic_attributes, "InvalidParameter",
                          "Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1",
                          TopicArn="not-an-arn")
        self.assert_error(self.sns.get_topic_attributes, "NotFound", "Topic does not exist", 404,
                          TopicArn="arn:aws:sns:us-east-1:000000000000:missing")
        west = self.client("sns", region="us-west-1")
        arn = west.create_topic(Name="western")["TopicArn"]
        self.assertEqual(arn, "arn:aws:sns:us-west-1:000000000000:western")
        for call in (self.sns.get_topic_attributes, self.sns.delete_topic,
                     self.sns.list_subscriptions_by_topic):
            self.assert_error(call, "InvalidParameter", "Invalid parameter: TopicArn", TopicArn=arn)
        self.assertNotIn(arn, [t["TopicArn"] for t in self.sns.list_topics()["Topics"]])

    def test_list_topics_pages_of_100(self):
        sns = self.client("sns", region="eu-west-1")
        created = [sns.create_topic(Name=f"page-{i:03}")["TopicArn"] for i in range(150)]
        first = sns.list_topics()
        self.assertEqual(len(first["Topics"]), 100)
        self.assertIn("NextToken", first)
        second = sns.list_topics(NextToken=first["NextToken"])
        self.assertEqual(len(second["Topics"]), 50)
        self.assertNotIn("NextToken", second)
        listed = [t["TopicArn"] for t in first["Topics"] + second["Topics"]]
        self.assertEqual(listed, created)
        paginated = [t["TopicArn"] for page in sns.get_paginator("list_topics").paginate()
                     for t in page["Topics"]]
        self.assertEqual(paginated, created)
        self.assert_error(sns.list_topics, "InvalidParameter", "Invalid parameter: NextToken",
                          NextToken="garbage")

    def test_tags(self):
        arn = self.sns.create_topic(Name="tagged", Tags=[{"Key": "k1", "Value": "v1"}])["TopicArn"]
        self.sns.tag_resource(ResourceArn=arn, Tags=[{"Key": "k2", "Value": "v2"}])
        self.assertEqual(self.sns.list_tags_for_resource(ResourceArn=arn)["Tags"],
                         [{"Key": "k1", "Value": "v1"}, {"Key": "k2", "Value": "v2"}])
        self.sns.untag_resource(ResourceArn=arn, TagKeys=["k1"])
        self.sns.tag_resource(ResourceArn=arn, Tags=[{"Key": "k2", "Value": "v2b"}])
        self.assertEqual(self.sns.list_tags_for_resource(ResourceArn=arn)["Tags"],
                         [{"Key": "k2", "Value": "v2b"}])
        self.assert_error(self.sns.tag_resource, "InvalidParameter",
                          "Invalid parameter: Duplicated keys are not allowed.", ResourceArn=arn,
                          Tags=[{"Key": "a", "Value": "1"}, {"Key": "a", "Value": "2"}])
        missing = "arn:aws:sns:us-east-1:000000000000:no-such-topic"
        self.assert_error(self.sns.list_tags_for_resource, "ResourceNotFound",
                          "Resource does not exist", 404, ResourceArn=missing)
        self.assert_error(self.sns.tag_resource, "TagLimitExceeded",
                          "Could not complete request: tag quota of per resource exceeded",
                          ResourceArn=arn, Tags=[{"Key": f"t{i}", "Value": "v"} for i in range(50)])

    def test_permissions(self):
        arn = self.sns.create_topic(Name="shared")["TopicArn"]
        self.sns.add_permission(TopicArn=arn, Label="publishers", AWSAccountId=["111122223333"],
                                ActionName=["Publish"])
        self.sns.add_permission(TopicArn=arn, Label="both", AWSAccountId=["111122223333", "444455556666"],
                                ActionName=["Publish", "Subscribe"])
        statements = json.loads(self.sns.get_topic_attributes(TopicArn=arn)["Attributes"]["Policy"])["Statement"]
        self.assertEqual([s["Sid"] for s in statements], ["__default_statement_ID", "publishers", "both"])
        self.assertEqual(statements[1], {"Sid": "publishers", "Effect": "Allow",
                                         "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                                         "Action": "SNS:Publish", "Resource": arn})
        self.assertEqual(statements[2]["Action"], ["SNS:Publish", "SNS:Subscribe"])
        self.assert_error(self.sns.add_permission, "InvalidParameter",
                          "Invalid parameter: Statement already exists", TopicArn=arn,
                          Label="publishers", AWSAccountId=["111122223333"], ActionName=["Publish"])
        self.assert_error(self.sns.add_permission, "InvalidParameter",
                          "Invalid parameter: Policy statement action out of service scope!",
                          TopicArn=arn, Label="bad", AWSAccountId=["111122223333"],
                          ActionName=["SendMessage"])
        self.sns.remove_permission(TopicArn=arn, Label="publishers")
        statements = json.loads(self.sns.get_topic_attributes(TopicArn=arn)["Attributes"]["Policy"])["Statement"]
        self.assertEqual([s["Sid"] for s in statements], ["__default_statement_ID", "both"])
        missing = "arn:aws:sns:us-east-1:000000000000:nope"
        self.assert_error(self.sns.add_permission, "NotFound", "Topic does not exist", 404,
                          TopicArn=missing, Label="x", AWSAccountId=["111122223333"],
                          ActionName=["Publish"])
        self.assert_error(self.sns.remove_permission, "NotFound", "Topic does not exist", 404,
                          TopicArn=missing, Label="x")

    def test_topics_are_scoped_by_account(self):
        other = self.client("sns", access_key="123456789012")
        arn = other.create_topic(Name="mine")["TopicArn"]
        self.assertEqual(arn, "arn:aws:sns:us-east-1:123456789012:mine")
        self.assertNotIn(arn, [t["TopicArn"] for t in self.sns.list_topics()["Topics"]])
        self.assertIn(arn, [t["TopicArn"] for t in other.list_topics()["Topics"]])


if __name__ == "__main__":
    unittest.main()
