"""SQS queues through boto3 (JSON protocol) and the AWS CLI: create, URLs, listing, attributes,
tags, permissions, deletion, purge, and the errors AWS gives for each."""

import hashlib
import json
import os
import subprocess
import unittest
import uuid

from eddy_harness import EddyTestCase, REGION


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


class SqsQueueTest(EddyTestCase):
    def setUp(self):
        self.sqs = self.client("sqs")

    def test_create_queue_url_points_at_the_endpoint_and_is_idempotent(self):
        name = unique("orders")
        url = self.sqs.create_queue(QueueName=name, Attributes={"VisibilityTimeout": "69"})["QueueUrl"]
        self.assertEqual(url, f"{self.eddy.endpoint}/000000000000/{name}")
        self.assertEqual(self.sqs.create_queue(QueueName=name, Attributes={"VisibilityTimeout": "69"})["QueueUrl"], url)
        self.assertEqual(self.sqs.create_queue(QueueName=name)["QueueUrl"], url)
        self.assertEqual(self.sqs.get_queue_url(QueueName=name)["QueueUrl"], url)

    def test_create_queue_with_other_attributes_raises_queue_name_exists(self):
        name = unique("q")
        self.sqs.create_queue(QueueName=name, Attributes={"DelaySeconds": "1"})
        with self.assertRaises(self.sqs.exceptions.QueueNameExists) as raised:
            self.sqs.create_queue(QueueName=name, Attributes={"DelaySeconds": "2"})
        error = raised.exception.response["Error"]
        self.assertEqual(error["Code"], "QueueAlreadyExists")
        self.assertEqual(
            error["Message"],
            "A queue already exists with the same name and a different value for attribute DelaySeconds",
        )

    def test_queue_name_rules(self):
        message = "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length"
        self.assert_error(self.sqs.create_queue, "InvalidParameterValue", message, QueueName="bad name")
        self.assert_error(self.sqs.create_queue, "InvalidParameterValue", message, QueueName="x" * 81)
        self.assert_error(self.sqs.create_queue, "InvalidParameterValue", QueueName=unique("std") + ".fifo")
        self.assert_error(
            self.sqs.create_queue, "InvalidParameterValue", QueueName=unique("nofifo"),
            Attributes={"FifoQueue": "true"})

    def test_attribute_validation(self):
        name = unique("attrs")
        for attributes, code, message in [
            ({"DelaySeconds": "901"}, "InvalidAttributeValue", "Invalid value for the parameter DelaySeconds."),
            ({"VisibilityTimeout": "43201"}, "InvalidAttributeValue", "Invalid value for the parameter VisibilityTimeout."),
            ({"MaximumMessageSize": "1023"}, "InvalidAttributeValue", "Invalid value for the parameter MaximumMessageSize."),
            ({"MessageRetentionPeriod": "1209601"}, "InvalidAttributeValue", "Invalid value for the parameter MessageRetentionPeriod."),
            ({"ReceiveMessageWaitTimeSeconds": "21"}, "InvalidAttributeValue", "Invalid value for the parameter ReceiveMessageWaitTimeSeconds."),
            ({"FifoQueue": "false"}, "InvalidAttributeName", "Unknown Attribute FifoQueue."),
            ({"ContentBasedDeduplication": "true"}, "InvalidAttributeName", "Unknown Attribute ContentBasedDeduplication."),
            ({"DeduplicationScope": "queue"}, "InvalidAttributeName",
             "You can specify the DeduplicationScope only when FifoQueue is set to true."),
            ({"FifoThroughputLimit": "perQueue"}, "InvalidAttributeName",
             "You can specify the FifoThroughputLimit only when FifoQueue is set to true."),
        ]:
            with self.subTest(attributes=attributes):
                self.assert_error(self.sqs.create_queue, code, message, QueueName=name, Attributes=attributes)
        with self.assertRaises(self.sqs.exceptions.QueueDoesNotExist):
            self.sqs.get_queue_url(QueueName=name)

    def test_get_and_set_queue_attributes(self):
        url = self.sqs.create_queue(QueueName=unique("settings"), Attributes={
            "MessageRetentionPeriod": "604800", "ReceiveMessageWaitTimeSeconds": "10", "VisibilityTimeout": "20"})["QueueUrl"]
        attributes = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        expected_keys = {"QueueArn", "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
                         "ApproximateNumberOfMessagesDelayed", "CreatedTimestamp", "LastModifiedTimestamp",
                         "VisibilityTimeout", "MaximumMessageSize", "MessageRetentionPeriod", "DelaySeconds",
                         "ReceiveMessageWaitTimeSeconds", "SqsManagedSseEnabled"}
        self.assertEqual(set(attributes), expected_keys)
        self.assertEqual(attributes["VisibilityTimeout"], "20")
        self.assertEqual(attributes["MessageRetentionPeriod"], "604800")
        self.assertEqual(attributes["QueueArn"], f"arn:aws:sqs:{REGION}:000000000000:{url.rsplit('/', 1)[1]}")
        self.sqs.set_queue_attributes(QueueUrl=url, Attributes={
            "MaximumMessageSize": "2048", "VisibilityTimeout": "69", "DelaySeconds": "420"})
        attributes = self.sqs.get_queue_attributes(
            QueueUrl=url, AttributeNames=["MaximumMessageSize", "VisibilityTimeout", "DelaySeconds"])["Attributes"]
        self.assertEqual(attributes, {"MaximumMessageSize": "2048", "VisibilityTimeout": "69", "DelaySeconds": "420"})
        self.assert_error(self.sqs.get_queue_attributes, "InvalidAttributeName", "Unknown Attribute Foobar.",
                          QueueUrl=url, AttributeNames=["Foobar"])
        self.assert_error(self.sqs.set_queue_attributes, "InvalidAttributeName", "Unknown Attribute FifoQueue.",
                          QueueUrl=url, Attributes={"FifoQueue": "true"})
        self.assert_error(
            self.sqs.set_queue_attributes, "InvalidAttributeName",
            "You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE.",
            QueueUrl=url, Attributes={"KmsMasterKeyId": "testKeyId", "SqsManagedSseEnabled": "true"})

    def test_kms_attributes(self):
        url = self.sqs.create_queue(QueueName=unique("kms"))["QueueUrl"]
        self.sqs.set_queue_attributes(QueueUrl=url, Attributes={
            "KmsMasterKeyId": "testKeyId", "KmsDataKeyReusePeriodSeconds": "6000", "SqsManagedSseEnabled": "false"})
        attributes = self.sqs.get_queue_attributes(
            QueueUrl=url, AttributeNames=["KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds", "SqsManagedSseEnabled"])
        self.assertEqual(attributes["Attributes"], {
            "KmsMasterKeyId": "testKeyId", "KmsDataKeyReusePeriodSeconds": "6000", "SqsManagedSseEnabled": "false"})

    def test_fifo_queue_attributes(self):
        url = self.sqs.create_queue(QueueName=unique("f") + ".fifo", Attributes={
            "FifoQueue": "true", "ContentBasedDeduplication": "true"})["QueueUrl"]
        attributes = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        self.assertEqual(attributes["FifoQueue"], "true")
        self.assertEqual(attributes["ContentBasedDeduplication"], "true")
        self.assertEqual(attributes["DeduplicationScope"], "queue")
        self.assertEqual(attributes["FifoThroughputLimit"], "perQueue")
        self.sqs.set_queue_attributes(QueueUrl=url, Attributes={"ContentBasedDeduplication": "false"})
        self.assertEqual(self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ContentBasedDeduplication"])
                         ["Attributes"]["ContentBasedDeduplication"], "false")
        self.assert_error(self.sqs.set_queue_attributes, "InvalidAttributeValue",
                          "Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.",
                          QueueUrl=url, Attributes={"FifoQueue": "false"})

    def test_list_queues_with_prefix_and_pagination(self):
        prefix = unique("list")
        urls = [self.sqs.create_queue(QueueName=f"{prefix}-{i}")["QueueUrl"] for i in range(5)]
        self.assertEqual(self.sqs.list_queues(QueueNamePrefix=prefix)["QueueUrls"], urls)
        first = self.sqs.list_queues(QueueNamePrefix=prefix, MaxResults=2)
        self.assertEqual(first["QueueUrls"], urls[:2])
        second = self.sqs.list_queues(QueueNamePrefix=prefix, MaxResults=2, NextToken=first["NextToken"])
        self.assertEqual(second["QueueUrls"], urls[2:4])
        paginated = []
        for page in self.sqs.get_paginator("list_queues").paginate(QueueNamePrefix=prefix, PaginationConfig={"PageSize": 2}):
            paginated += page.get("QueueUrls", [])
        self.assertEqual(paginated, urls)
        self.assertNotIn("QueueUrls", self.sqs.list_queues(QueueNamePrefix=unique("none")))
        self.assert_error(self.sqs.list_queues, "InvalidParameterValue", MaxResults=1001)

    def test_delete_queue_and_recently_deleted_name(self):
        name = unique("doomed")
        url = self.sqs.create_queue(QueueName=name)["QueueUrl"]
        self.sqs.delete_queue(QueueUrl=url)
        with self.assertRaises(self.sqs.exceptions.QueueDoesNotExist) as raised:
            self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])
        self.assertEqual(raised.exception.response["Error"]["Code"], "AWS.SimpleQueueService.NonExistentQueue")
        self.assertEqual(raised.exception.response["Error"]["Message"], "The specified queue does not exist.")
        with self.assertRaises(self.sqs.exceptions.QueueDeletedRecently) as raised:
            self.sqs.create_queue(QueueName=name)
        self.assertEqual(raised.exception.response["Error"]["Message"],
                         "You must wait 60 seconds after deleting a queue before you can create another with the same name.")
        with self.assertRaises(self.sqs.exceptions.QueueDoesNotExist):
            self.sqs.delete_queue(QueueUrl=url)

    def test_purge_queue_once_a_minute(self):
        name = unique("purge")
        url = self.sqs.create_queue(QueueName=name)["QueueUrl"]
        for i in range(3):
            self.sqs.send_message(QueueUrl=url, MessageBody=f"m{i}")
        self.sqs.purge_queue(QueueUrl=url)
        self.assertNotIn("Messages", self.sqs.receive_message(QueueUrl=url))
        with self.assertRaises(self.sqs.exceptions.PurgeQueueInProgress) as raised:
            self.sqs.purge_queue(QueueUrl=url)
        error = raised.exception.response
        self.assertEqual(error["Error"]["Code"], "AWS.SimpleQueueService.PurgeQueueInProgress")
        self.assertEqual(error["Error"]["Message"], f"Only one PurgeQueue operation on {name} is allowed every 60 seconds.")
        self.assertEqual(error["ResponseMetadata"]["HTTPStatusCode"], 403)
        self.sqs.send_message(QueueUrl=url, MessageBody="after purge")
        self.assertEqual(self.sqs.receive_message(QueueUrl=url)["Messages"][0]["Body"], "after purge")

    def test_tags(self):
        url = self.sqs.create_queue(QueueName=unique("tags"), tags={"team": "a"})["QueueUrl"]
        self.assertEqual(self.sqs.list_queue_tags(QueueUrl=url)["Tags"], {"team": "a"})
        self.sqs.tag_queue(QueueUrl=url, Tags={"tag1": "value1", "tag2": "value2", "tag3": "", "Team": "b"})
        self.assertEqual(self.sqs.list_queue_tags(QueueUrl=url)["Tags"],
                         {"team": "a", "Team": "b", "tag1": "value1", "tag2": "value2", "tag3": ""})
        self.sqs.untag_queue(QueueUrl=url, TagKeys=["tag1", "tag3", "missing", "team", "Team"])
        self.assertEqual(self.sqs.list_queue_tags(QueueUrl=url)["Tags"], {"tag2": "value2"})
        self.sqs.untag_queue(QueueUrl=url, TagKeys=["tag2"])
        self.assertNotIn("Tags", self.sqs.list_queue_tags(QueueUrl=url))

    def test_permissions_lifecycle(self):
        url = self.sqs.create_queue(QueueName=unique("perm"))["QueueUrl"]
        arn = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        self.sqs.add_permission(QueueUrl=url, Label="crossaccountpermission",
                                AWSAccountIds=["000000000000", "668614515564"], Actions=["ReceiveMessage"])
        policy = json.loads(self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["Policy"])["Attributes"]["Policy"])
        self.assertEqual(policy, {
            "Version": "2008-10-17",
            "Id": f"{arn}/SQSDefaultPolicy",
            "Statement": [{
                "Sid": "crossaccountpermission",
                "Effect": "Allow",
                "Principal": {"AWS": ["arn:aws:iam::000000000000:root", "arn:aws:iam::668614515564:root"]},
                "Action": "SQS:ReceiveMessage",
                "Resource": arn,
            }],
        })
        self.assert_error(self.sqs.add_permission, "InvalidParameterValue",
                          "Value crossaccountpermission for parameter Label is invalid. Reason: Already exists.",
                          QueueUrl=url, Label="crossaccountpermission", AWSAccountIds=["668614515564"],
                          Actions=["ReceiveMessage"])
        self.sqs.add_permission(QueueUrl=url, Label="second", AWSAccountIds=["668614515564"],
                                Actions=["SendMessage", "DeleteMessage"])
        self.sqs.remove_permission(QueueUrl=url, Label="crossaccountpermission")
        policy = json.loads(self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["Policy"])["Attributes"]["Policy"])
        self.assertEqual([s["Sid"] for s in policy["Statement"]], ["second"])
        self.assertEqual(policy["Statement"][0]["Action"], ["SQS:SendMessage", "SQS:DeleteMessage"])
        self.sqs.remove_permission(QueueUrl=url, Label="second")
        self.assertNotIn("Attributes", self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["Policy"]))
        self.assert_error(self.sqs.remove_permission, "InvalidParameterValue",
                          "Value second for parameter Label is invalid. Reason: can't find label.",
                          QueueUrl=url, Label="second")
        self.assert_error(self.sqs.add_permission, "OverLimit", "8 Actions were found, maximum allowed is 7.",
                          QueueUrl=url, Label="many", AWSAccountIds=["1"], Actions=["SendMessage"] * 8)

    def test_accounts_and_regions_are_isolated(self):
        name = unique("shared")
        mine = self.sqs.create_queue(QueueName=name)["QueueUrl"]
        other_account = self.client("sqs", access_key="111111111111")
        other_region = self.client("sqs", region="eu-west-1")
        theirs = other_account.create_queue(QueueName=name)["QueueUrl"]
        self.assertEqual(theirs, f"{self.eddy.endpoint}/111111111111/{name}")
        self.assertNotEqual(mine, theirs)
        other_account.send_message(QueueUrl=theirs, MessageBody="for 111111111111")
        self.assertNotIn("Messages", self.sqs.receive_message(QueueUrl=mine))
        self.assertEqual(other_account.receive_message(QueueUrl=theirs)["Messages"][0]["Body"], "for 111111111111")
        with self.assertRaises(other_region.exceptions.QueueDoesNotExist):
            other_region.get_queue_url(QueueName=name)
        european = other_region.create_queue(QueueName=name)["QueueUrl"]
        arn = other_region.get_queue_attributes(QueueUrl=european, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        self.assertEqual(arn, f"arn:aws:sqs:eu-west-1:000000000000:{name}")
        self.assertNotIn(european, [u for u in self.sqs.list_queues(QueueNamePrefix=name).get("QueueUrls", []) if "eu-west-1" in u])
        self.assertEqual(self.sqs.get_queue_url(QueueName=name, QueueOwnerAWSAccountId="111111111111")["QueueUrl"], theirs)

    def test_non_existent_queue_errors(self):
        url = f"{self.eddy.endpoint}/000000000000/{unique('missing')}"
        for call, kwargs in [
            (self.sqs.get_queue_attributes, {"QueueUrl": url}),
            (self.sqs.send_message, {"QueueUrl": url, "MessageBody": "x"}),
            (self.sqs.receive_message, {"QueueUrl": url}),
            (self.sqs.get_queue_url, {"QueueName": "non-existent-queue"}),
            (self.sqs.list_queue_tags, {"QueueUrl": url}),
        ]:
            with self.subTest(call=call.__name__):
                with self.assertRaises(self.sqs.exceptions.QueueDoesNotExist) as raised:
                    call(**kwargs)
                self.assertEqual(raised.exception.response["Error"]["Code"], "AWS.SimpleQueueService.NonExistentQueue")
                self.assertEqual(raised.exception.response["Error"]["QueryErrorCode"], "QueueDoesNotExist")


class SqsCliTest(EddyTestCase):
    """A couple of calls through the AWS CLI, which is botocore plus its own argument handling."""

    def aws(self, *args):
        env = dict(os.environ, AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test", AWS_DEFAULT_REGION=REGION)
        result = subprocess.run(["aws", "--endpoint-url", self.eddy.endpoint, "--output", "json", "sqs", *args],
                                capture_output=True, text=True, env=env, timeout=120)
        return result

    def test_create_send_receive_delete_with_the_cli(self):
        name = unique("cli")
        created = self.aws("create-queue", "--queue-name", name)
        self.assertEqual(created.returncode, 0, created.stderr)
        url = json.loads(created.stdout)["QueueUrl"]
        sent = self.aws("send-message", "--queue-url", url, "--message-body", "from the cli",
                        "--message-attributes", '{"k":{"DataType":"String","StringValue":"v"}}')
        self.assertEqual(sent.returncode, 0, sent.stderr)
        self.assertEqual(json.loads(sent.stdout)["MD5OfMessageBody"], hashlib.md5(b"from the cli").hexdigest())
        received = self.aws("receive-message", "--queue-url", url, "--message-attribute-names", "All")
        self.assertEqual(received.returncode, 0, received.stderr)
        message = json.loads(received.stdout)["Messages"][0]
        self.assertEqual(message["Body"], "from the cli")
        self.assertEqual(message["MessageAttributes"]["k"]["StringValue"], "v")
        deleted = self.aws("delete-message", "--queue-url", url, "--receipt-handle", message["ReceiptHandle"])
        self.assertEqual(deleted.returncode, 0, deleted.stderr)
        listed = self.aws("list-queues", "--queue-name-prefix", name)
        self.assertEqual(json.loads(listed.stdout)["QueueUrls"], [url])

    def test_cli_reports_a_missing_queue(self):
        result = self.aws("get-queue-url", "--queue-name", unique("absent"))
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("AWS.SimpleQueueService.NonExistentQueue", result.stderr)


if __name__ == "__main__":
    unittest.main()
