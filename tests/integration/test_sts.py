"""STS through boto3 and the AWS CLI: GetCallerIdentity for ordinary keys and for keys STS issued,
AssumeRole whose credentials then act in the role's account (SQS queues land there), session
limits, GetSessionToken, and issued keys surviving a restart and going with a reset."""

import json
import os
import subprocess
import sys
import urllib.request
from datetime import datetime, timezone

import boto3
from botocore.config import Config

from eddy_harness import REGION, EddyProcess, EddyTestCase, temporary_directory

TRUST_ANY_ACCOUNT = json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}],
})


def client_with(eddy, service, credentials, region=REGION):
    return boto3.client(
        service,
        endpoint_url=eddy.endpoint,
        region_name=region,
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
        config=Config(retries={"max_attempts": 1}),
    )


class CallerIdentityTest(EddyTestCase):
    def test_default_key_is_the_default_accounts_root(self):
        identity = self.client("sts").get_caller_identity()
        self.assertEqual(identity["Account"], "000000000000")
        self.assertEqual(identity["Arn"], "arn:aws:iam::000000000000:root")
        self.assertEqual(identity["UserId"], "000000000000")

    def test_twelve_digit_key_is_its_own_account(self):
        identity = self.client("sts", access_key="123456789012").get_caller_identity()
        self.assertEqual(identity["Account"], "123456789012")
        self.assertEqual(identity["Arn"], "arn:aws:iam::123456789012:root")

    def test_cli_get_caller_identity(self):
        env = dict(os.environ, AWS_ACCESS_KEY_ID="210987654321", AWS_SECRET_ACCESS_KEY="test",
                   AWS_DEFAULT_REGION=REGION, AWS_CONFIG_FILE=os.devnull,
                   AWS_SHARED_CREDENTIALS_FILE=os.devnull)
        result = subprocess.run(
            [sys.executable, "-m", "awscli", "--endpoint-url", self.eddy.endpoint, "--output",
             "json", "sts", "get-caller-identity"],
            capture_output=True, text=True, env=env, timeout=60)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(json.loads(result.stdout)["Account"], "210987654321")


class AssumeRoleTest(EddyTestCase):
    def test_assumed_credentials_act_in_the_roles_account(self):
        owner_iam = self.client("iam", access_key="111111111111")
        role = owner_iam.create_role(RoleName="CrossAccount",
                                     AssumeRolePolicyDocument=TRUST_ANY_ACCOUNT)["Role"]
        assumed = self.client("sts").assume_role(RoleArn=role["Arn"], RoleSessionName="lab-session")
        credentials = assumed["Credentials"]
        self.assertRegex(credentials["AccessKeyId"], r"^ASIA[A-Z0-9]{16}$")
        self.assertTrue(credentials["SecretAccessKey"] and credentials["SessionToken"])
        lasting = credentials["Expiration"] - datetime.now(timezone.utc)
        self.assertTrue(3500 < lasting.total_seconds() <= 3605, lasting)  # the default hour
        self.assertEqual(assumed["AssumedRoleUser"]["Arn"],
                         "arn:aws:sts::111111111111:assumed-role/CrossAccount/lab-session")
        self.assertEqual(assumed["AssumedRoleUser"]["AssumedRoleId"],
                         f"{role['RoleId']}:lab-session")

        identity = client_with(self.eddy, "sts", credentials).get_caller_identity()
        self.assertEqual(identity["Account"], "111111111111")
        self.assertEqual(identity["Arn"],
                         "arn:aws:sts::111111111111:assumed-role/CrossAccount/lab-session")
        self.assertEqual(identity["UserId"], f"{role['RoleId']}:lab-session")

        queue_url = client_with(self.eddy, "sqs", credentials).create_queue(
            QueueName="assumed-queue")["QueueUrl"]
        self.assertIn("/111111111111/assumed-queue", queue_url)
        theirs = self.client("sqs", access_key="111111111111").list_queues()["QueueUrls"]
        self.assertIn(queue_url, theirs)
        mine = self.client("sqs").list_queues().get("QueueUrls", [])
        self.assertNotIn(queue_url, mine)

    def test_role_need_not_exist(self):
        assumed = self.client("sts").assume_role(
            RoleArn="arn:aws:iam::222222222222:role/path/Elsewhere", RoleSessionName="s1",
            DurationSeconds=900)
        self.assertEqual(assumed["AssumedRoleUser"]["Arn"],
                         "arn:aws:sts::222222222222:assumed-role/Elsewhere/s1")
        self.assertRegex(assumed["AssumedRoleUser"]["AssumedRoleId"], r"^AROA[A-Z0-9]{17}:s1$")
        identity = client_with(self.eddy, "sts", assumed["Credentials"]).get_caller_identity()
        self.assertEqual(identity["Account"], "222222222222")

    def test_validation_and_session_limits(self):
        sts = self.client("sts", parameter_validation=False)
        arn = "arn:aws:iam::333333333333:role/Limited"
        self.assert_error(
            sts.assume_role, "ValidationError",
            "1 validation error detected: Value 'x' at 'roleSessionName' failed to satisfy "
            "constraint: Member must have length greater than or equal to 2",
            RoleArn=arn, RoleSessionName="x")
        self.assert_error(
            sts.assume_role, "ValidationError",
            "1 validation error detected: Value 'has space' at 'roleSessionName' failed to "
            "satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
            RoleArn=arn, RoleSessionName="has space")
        self.assert_error(
            sts.assume_role, "ValidationError",
            "1 validation error detected: Value '100' at 'durationSeconds' failed to satisfy "
            "constraint: Member must have value greater than or equal to 900",
            RoleArn=arn, RoleSessionName="ok", DurationSeconds=100)
        self.assert_error(sts.assume_role, "ValidationError", None,
                          RoleArn="arn:aws:s3:::not-a-role-bucket", RoleSessionName="ok")

        self.client("iam", access_key="333333333333").create_role(
            RoleName="Limited", AssumeRolePolicyDocument=TRUST_ANY_ACCOUNT)
        self.assert_error(
            sts.assume_role, "ValidationError",
            "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
            RoleArn=arn, RoleSessionName="ok", DurationSeconds=7200)
        first = sts.assume_role(RoleArn=arn, RoleSessionName="first")["Credentials"]
        chained = client_with(self.eddy, "sts", first)
        self.assert_error(
            chained.assume_role, "ValidationError",
            "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by "
            "role chaining.",
            RoleArn="arn:aws:iam::444444444444:role/Next", RoleSessionName="second",
            DurationSeconds=7200)
        second = chained.assume_role(RoleArn="arn:aws:iam::444444444444:role/Next",
                                     RoleSessionName="second")["Credentials"]
        self.assertEqual(client_with(self.eddy, "sts", second).get_caller_identity()["Account"],
                         "444444444444")

    def test_get_session_token_keeps_the_callers_identity(self):
        sts = self.client("sts", access_key="555555555555")
        credentials = sts.get_session_token(DurationSeconds=900)["Credentials"]
        self.assertRegex(credentials["AccessKeyId"], r"^ASIA[A-Z0-9]{16}$")
        identity = client_with(self.eddy, "sts", credentials).get_caller_identity()
        self.assertEqual(identity["Account"], "555555555555")
        self.assertEqual(identity["Arn"], "arn:aws:iam::555555555555:root")
        self.assert_error(client_with(self.eddy, "sts", credentials).get_session_token,
                          "AccessDenied", None, 403)


class IssuedKeyLifetimeTest(EddyTestCase):
    def test_reset_forgets_issued_keys(self):
        assumed = self.client("sts").assume_role(
            RoleArn="arn:aws:iam::666666666666:role/Gone", RoleSessionName="before-reset")
        sts = client_with(self.eddy, "sts", assumed["Credentials"])
        self.assertEqual(sts.get_caller_identity()["Account"], "666666666666")
        request = urllib.request.Request(self.eddy.endpoint + "/_eddy/reset", method="POST")
        with urllib.request.urlopen(request, timeout=10) as response:
            self.assertEqual(response.status, 200)
        self.assertEqual(sts.get_caller_identity()["Account"], "000000000000")

    def test_issued_keys_survive_a_restart(self):
        with temporary_directory() as data_dir:
            with EddyProcess(data_dir=data_dir) as first:
                first.client("iam", access_key="777777777777").create_role(
                    RoleName="Durable", AssumeRolePolicyDocument=TRUST_ANY_ACCOUNT)
                assumed = first.client("sts").assume_role(
                    RoleArn="arn:aws:iam::777777777777:role/Durable", RoleSessionName="kept")
            with EddyProcess(data_dir=data_dir) as second:
                identity = client_with(second, "sts", assumed["Credentials"]).get_caller_identity()
                self.assertEqual(identity["Arn"],
                                 "arn:aws:sts::777777777777:assumed-role/Durable/kept")
                role = second.client("iam", access_key="777777777777").get_role(
                    RoleName="Durable")["Role"]
                self.assertEqual(identity["UserId"], f"{role['RoleId']}:kept")


if __name__ == "__main__":
    import unittest

    unittest.main()
