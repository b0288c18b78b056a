"""The platform every service shares, through real clients: routing of operation names that
several services have, reset (Eddy's and moto's route), the default account, and health."""

import http.client
import json
import os
import subprocess
import threading
import unittest

from botocore.exceptions import ClientError

from eddy_harness import EDDY_BIN, EddyProcess, EddyTestCase

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def scope_header(service):
    return (f"AWS4-HMAC-SHA256 Credential=test/20261129/us-east-1/{service}/aws4_request, "
            "SignedHeaders=host, Signature=0")


def raw_request(port, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response, data


class SharedOperationNamesTest(EddyTestCase):
    """AddPermission and RemovePermission exist in SQS and SNS: each reaches its own service."""

    def test_add_and_remove_permission_reach_each_service(self):
        sqs = self.client("sqs")
        sns = self.client("sns")
        queue_url = sqs.create_queue(QueueName="shared-names")["QueueUrl"]
        topic_arn = sns.create_topic(Name="shared-names")["TopicArn"]

        sqs.add_permission(QueueUrl=queue_url, Label="q", AWSAccountIds=["111122223333"],
                           Actions=["SendMessage"])
        sns.add_permission(TopicArn=topic_arn, Label="t", AWSAccountId=["111122223333"],
                           ActionName=["Publish"])
        queue_policy = json.loads(
            sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["Policy"])
            ["Attributes"]["Policy"])
        topic_policy = json.loads(sns.get_topic_attributes(TopicArn=topic_arn)
                                  ["Attributes"]["Policy"])
        self.assertIn("q", [s["Sid"] for s in queue_policy["Statement"]])
        self.assertIn("t", [s["Sid"] for s in topic_policy["Statement"]])
        self.assertNotIn("t", [s["Sid"] for s in queue_policy["Statement"]])

        sqs.remove_permission(QueueUrl=queue_url, Label="q")
        sns.remove_permission(TopicArn=topic_arn, Label="t")
        with self.assertRaises(ClientError) as missing:
            sqs.remove_permission(QueueUrl=queue_url, Label="t")
        self.assertEqual(missing.exception.response["Error"]["Code"], "InvalidParameterValue")

    def test_sns_and_sqs_errors_come_from_the_addressed_service(self):
        # The same action against a resource of the other service fails as that service says.
        with self.assertRaises(ClientError) as sns_error:
            self.client("sns").add_permission(
                TopicArn="arn:aws:sns:us-east-1:000000000000:absent", Label="x",
                AWSAccountId=["111122223333"], ActionName=["Publish"])
        self.assertEqual(sns_error.exception.response["Error"]["Code"], "NotFound")
        with self.assertRaises(ClientError) as sqs_error:
            self.client("sqs").add_permission(
                QueueUrl=f"{self.eddy.endpoint}/000000000000/absent", Label="x",
                AWSAccountIds=["111122223333"], Actions=["SendMessage"])
        self.assertEqual(sqs_error.exception.response["Error"]["Code"],
                         "AWS.SimpleQueueService.NonExistentQueue")

    def test_signed_query_requests_of_a_shared_action_reach_the_signed_service(self):
        queue_url = self.client("sqs").create_queue(QueueName="signed-query")["QueueUrl"]
        topic_arn = self.client("sns").create_topic(Name="signed-query")["TopicArn"]
        body = ("Action=AddPermission&Label=raw&AWSAccountId.1=111122223333"
                "&ActionName.1=SendMessage")
        response, data = raw_request(self.eddy.port, "POST", "/000000000000/signed-query", body,
                                     {**FORM, "Authorization": scope_header("sqs")})
        self.assertEqual(response.status, 200, data)
        self.assertIn(b"<AddPermissionResponse", data)
        policy = self.client("sqs").get_queue_attributes(
            QueueUrl=queue_url, AttributeNames=["Policy"])["Attributes"]["Policy"]
        self.assertIn('"raw"', policy)

        body = (f"Action=AddPermission&TopicArn={topic_arn}&Label=raw"
                "&AWSAccountId.member.1=111122223333&ActionName.member.1=Publish")
        response, data = raw_request(self.eddy.port, "POST", "/", body,
                                     {**FORM, "Authorization": scope_header("sns")})
        self.assertEqual(response.status, 200, data)
        self.assertIn(b"sns.amazonaws.com", data)
        topic_policy = self.client("sns").get_topic_attributes(
            TopicArn=topic_arn)["Attributes"]["Policy"]
        self.assertIn('"raw"', topic_policy)

    def test_an_unsigned_shared_action_is_refused_not_guessed(self):
        response, data = raw_request(self.eddy.port, "POST", "/",
                                     "Action=AddPermission&Label=x", FORM)
        self.assertEqual(response.status, 400)
        self.assertIn(b"<Code>InvalidAction</Code>", data)
        self.assertIn(b"several services", data)

    def test_the_host_name_can_address_a_query_service(self):
        response, data = raw_request(
            self.eddy.port, "POST", "/", "Action=ListTopics",
            {**FORM, "Host": f"sns.us-east-1.localhost:{self.eddy.port}"})
        self.assertEqual(response.status, 200, data)
        self.assertIn(b"<ListTopicsResponse", data)


class ResetTest(EddyTestCase):
    def populate(self):
        sqs = self.client("sqs")
        sns = self.client("sns")
        other = self.client("sqs", region="eu-west-1", access_key="123456789012")
        url = sqs.create_queue(QueueName="before-reset")["QueueUrl"]
        sqs.send_message(QueueUrl=url, MessageBody="kept?")
        other.create_queue(QueueName="elsewhere")
        sns.create_topic(Name="before-reset")
        return sqs, sns, other

    def assert_empty(self, sqs, sns, other):
        self.assertEqual(sqs.list_queues().get("QueueUrls", []), [])
        self.assertEqual(other.list_queues().get("QueueUrls", []), [])
        self.assertEqual(sns.list_topics()["Topics"], [])

    def test_eddy_reset_empties_every_account_and_region(self):
        sqs, sns, other = self.populate()
        response, data = raw_request(self.eddy.port, "POST", "/_eddy/reset")
        self.assertEqual(response.status, 200)
        self.assertEqual(json.loads(data)["status"], "reset")
        self.assert_empty(sqs, sns, other)
        # A name used before the reset is free again at once, and messages start afresh.
        url = sqs.create_queue(QueueName="before-reset")["QueueUrl"]
        self.assertNotIn("Messages", sqs.receive_message(QueueUrl=url))

    def test_moto_reset_route_does_the_same(self):
        sqs, sns, other = self.populate()
        response, _ = raw_request(self.eddy.port, "POST", "/moto-api/reset")
        self.assertEqual(response.status, 200)
        self.assert_empty(sqs, sns, other)

    def test_reset_wants_post(self):
        sqs = self.client("sqs")
        sqs.create_queue(QueueName="survives-get")
        response, _ = raw_request(self.eddy.port, "GET", "/_eddy/reset")
        self.assertEqual(response.status, 405)
        self.assertEqual(len(sqs.list_queues()["QueueUrls"]), 1)
        raw_request(self.eddy.port, "POST", "/_eddy/reset")


class DefaultAccountTest(unittest.TestCase):
    def test_default_account_from_the_environment(self):
        os.environ["EDDY_DEFAULT_ACCOUNT"] = "444455556666"
        try:
            with EddyProcess() as eddy:
                url = eddy.client("sqs").create_queue(QueueName="q")["QueueUrl"]
                self.assertIn("/444455556666/q", url)
        finally:
            del os.environ["EDDY_DEFAULT_ACCOUNT"]

    def test_default_account_flag(self):
        with EddyProcess(extra_args=["--default-account", "123456789012"]) as eddy:
            url = eddy.client("sqs").create_queue(QueueName="q")["QueueUrl"]
            self.assertIn("/123456789012/q", url)
            # A 12-digit key still names its own account.
            other = eddy.client("sqs", access_key="210987654321")
            self.assertIn("/210987654321/", other.create_queue(QueueName="q")["QueueUrl"])
            response, data = raw_request(eddy.port, "GET", "/_eddy/health")
            self.assertEqual(json.loads(data)["default_account"], "123456789012")

    def test_without_the_flag_the_default_is_twelve_zeros(self):
        with EddyProcess() as eddy:
            url = eddy.client("sqs").create_queue(QueueName="q")["QueueUrl"]
            self.assertIn("/000000000000/q", url)

    def test_a_malformed_default_account_is_refused_at_start(self):
        result = subprocess.run([EDDY_BIN, "--port", "0", "--default-account", "12ab"],
                                capture_output=True, text=True, timeout=10)
        self.assertEqual(result.returncode, 2)
        self.assertIn("12 digits", result.stderr)


class FirstRequestsTest(unittest.TestCase):
    """An in-memory eddy listens while its services still create their tables: what arrives
    before they are ready waits for them, and every service answers as it would later."""

    FIRST_REQUESTS = {
        "sqs": ("POST", "/", json.dumps({"QueueName": "first"}),
                {"Content-Type": "application/x-amz-json-1.0",
                 "X-Amz-Target": "AmazonSQS.CreateQueue"}),
        "dynamodb": ("POST", "/", "{}", {"Content-Type": "application/x-amz-json-1.0",
                                         "X-Amz-Target": "DynamoDB_20120810.ListTables"}),
        "kinesis": ("POST", "/", "{}", {"Content-Type": "application/x-amz-json-1.1",
                                        "X-Amz-Target": "Kinesis_20131202.ListStreams"}),
        "iam": ("POST", "/", "Action=ListRoles&Version=2010-05-08",
                {**FORM, "Authorization": scope_header("iam")}),
        "sts": ("POST", "/", "Action=GetCallerIdentity&Version=2011-06-15",
                {**FORM, "Authorization": scope_header("sts")}),
        "lambda": ("GET", "/2015-03-31/functions/", None, {}),
        "sns": ("POST", "/", "Action=ListTopics&Version=2010-03-31",
                {**FORM, "Authorization": scope_header("sns")}),
    }

    def test_requests_sent_as_it_starts_listening_are_all_answered(self):
        for _ in range(3):
            with EddyProcess() as eddy:
                answers = {}

                def send(name, request):
                    answers[name] = raw_request(eddy.port, *request)

                threads = [threading.Thread(target=send, args=item)
                           for item in self.FIRST_REQUESTS.items()]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(timeout=30)
                for name in self.FIRST_REQUESTS:
                    response, data = answers[name]
                    self.assertEqual(response.status, 200, (name, data))
                self.assertIn(b"/000000000000/first", answers["sqs"][1])


class HealthTest(EddyTestCase):
    def test_health_lists_every_registered_service(self):
        response, data = raw_request(self.eddy.port, "GET", "/_eddy/health")
        services = json.loads(data)["services"]
        for name in ("sqs", "sns"):
            self.assertEqual(services[name], "running")


if __name__ == "__main__":
    unittest.main()
