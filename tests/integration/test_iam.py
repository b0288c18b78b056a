"""IAM through boto3 (client and resource) and the AWS CLI: the LabRole flow, roles, inline and
managed policies, the AWS managed catalogue, tags, pagination, errors as AWS reports them, one
namespace per account whatever the region."""

import json
import os
import re
import subprocess
import sys

import boto3

from eddy_harness import REGION, EddyTestCase

TRUST_LAMBDA = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}
LOGS_POLICY = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": ["logs:PutLogEvents"], "Resource": "*"}],
}
AWS_LAMBDA_EXECUTE = "arn:aws:iam::aws:policy/AWSLambdaExecute"
AWS_BASIC_EXECUTION = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"


class IamTestCase(EddyTestCase):
    def setUp(self):
        self.iam = self.client("iam")

    def create_role(self, name, iam=None, **kwargs):
        return (iam or self.iam).create_role(
            RoleName=name, AssumeRolePolicyDocument=json.dumps(TRUST_LAMBDA), **kwargs
        )["Role"]


class RoleTest(IamTestCase):
    def test_lab_role_flow(self):
        created = self.create_role("LabRole", Description="course lab role")
        self.assertEqual(created["Arn"], "arn:aws:iam::000000000000:role/LabRole")
        self.assertRegex(created["RoleId"], r"^AROA[A-Z0-9]{17}$")
        self.assertEqual(created["Path"], "/")

        role = self.iam.get_role(RoleName="LabRole")["Role"]
        self.assertEqual(role["RoleId"], created["RoleId"])
        self.assertEqual(role["AssumeRolePolicyDocument"], TRUST_LAMBDA)  # decoded by boto3
        self.assertEqual(role["Description"], "course lab role")
        self.assertEqual(role["MaxSessionDuration"], 3600)
        self.assertEqual(role["CreateDate"], created["CreateDate"])

        self.iam.attach_role_policy(RoleName="LabRole", PolicyArn=AWS_LAMBDA_EXECUTE)
        self.iam.attach_role_policy(RoleName="LabRole", PolicyArn=AWS_LAMBDA_EXECUTE)  # again: no-op
        attached = self.iam.list_attached_role_policies(RoleName="LabRole")
        self.assertEqual(
            attached["AttachedPolicies"],
            [{"PolicyName": "AWSLambdaExecute", "PolicyArn": AWS_LAMBDA_EXECUTE}],
        )
        self.assertFalse(attached["IsTruncated"])

        resource = boto3.resource(
            "iam",
            endpoint_url=self.eddy.endpoint,
            region_name=REGION,
            aws_access_key_id="test",
            aws_secret_access_key="test",
        )
        lab_role = resource.Role("LabRole")
        self.assertEqual(lab_role.arn, created["Arn"])
        self.assertEqual(lab_role.role_id, created["RoleId"])
        self.assertEqual([p.arn for p in lab_role.attached_policies.all()], [AWS_LAMBDA_EXECUTE])

    def test_path_tags_and_session_duration(self):
        role = self.create_role(
            "PathRole",
            Path="/service-role/app/",
            MaxSessionDuration=7200,
            Tags=[{"Key": "team", "Value": "data"}],
        )
        self.assertEqual(role["Arn"], "arn:aws:iam::000000000000:role/service-role/app/PathRole")
        self.assertEqual(role["Tags"], [{"Key": "team", "Value": "data"}])
        self.assertEqual(self.iam.get_role(RoleName="PathRole")["Role"]["MaxSessionDuration"], 7200)

    def test_names_ignore_case(self):
        self.create_role("CaseRole")
        self.assertEqual(self.iam.get_role(RoleName="caserole")["Role"]["RoleName"], "CaseRole")
        self.assert_error(self.create_role, "EntityAlreadyExists",
                          "Role with name CASEROLE already exists.", 409, name="CASEROLE")

    def test_missing_duplicate_and_invalid_roles(self):
        self.assert_error(self.iam.get_role, "NoSuchEntity",
                          "The role with name Nobody cannot be found.", 404, RoleName="Nobody")
        self.create_role("Twice")
        self.assert_error(self.create_role, "EntityAlreadyExists",
                          "Role with name Twice already exists.", 409, name="Twice")
        self.assert_error(
            self.create_role, "ValidationError",
            "1 validation error detected: Value 'bad name!' at 'roleName' failed to satisfy "
            "constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
            name="bad name!")
        self.assert_error(
            self.create_role, "ValidationError",
            f"1 validation error detected: Value '{'r' * 65}' at 'roleName' failed to satisfy "
            "constraint: Member must have length less than or equal to 64",
            name="r" * 65)
        self.assert_error(self.create_role, "ValidationError", None, name="BadPath", Path="no-slash")
        self.assert_error(self.iam.create_role, "MalformedPolicyDocument",
                          "This policy contains invalid Json",
                          RoleName="BadTrust", AssumeRolePolicyDocument="{not json")
        self.assert_error(self.iam.create_role, "MalformedPolicyDocument",
                          "Has prohibited field Resource",
                          RoleName="BadTrust", AssumeRolePolicyDocument=json.dumps(LOGS_POLICY))
        self.assert_error(self.iam.get_role, "NoSuchEntity", None, 404, RoleName="BadTrust")

    def test_update_role_and_trust_policy(self):
        self.create_role("Changing")
        self.iam.update_role(RoleName="Changing", Description="now described",
                             MaxSessionDuration=43200)
        role = self.iam.get_role(RoleName="Changing")["Role"]
        self.assertEqual(role["Description"], "now described")
        self.assertEqual(role["MaxSessionDuration"], 43200)
        trust = {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"},
                           "Action": "sts:AssumeRole"}],
        }
        self.iam.update_assume_role_policy(RoleName="Changing", PolicyDocument=json.dumps(trust))
        self.assertEqual(
            self.iam.get_role(RoleName="Changing")["Role"]["AssumeRolePolicyDocument"], trust)
        self.assert_error(self.iam.update_role, "NoSuchEntity", None, 404, RoleName="Absent")
        unchecked = self.client("iam", parameter_validation=False)
        self.assert_error(
            unchecked.update_role, "ValidationError",
            "1 validation error detected: Value '60' at 'maxSessionDuration' failed to satisfy "
            "constraint: Member must have value greater than or equal to 3600",
            RoleName="Changing", MaxSessionDuration=60)

    def test_delete_role_conflicts_until_policies_are_gone(self):
        self.create_role("Busy")
        self.iam.attach_role_policy(RoleName="Busy", PolicyArn=AWS_BASIC_EXECUTION)
        self.iam.put_role_policy(RoleName="Busy", PolicyName="inline",
                                 PolicyDocument=json.dumps(LOGS_POLICY))
        self.assert_error(self.iam.delete_role, "DeleteConflict",
                          "Cannot delete entity, must detach all policies first.", 409,
                          RoleName="Busy")
        self.iam.detach_role_policy(RoleName="Busy", PolicyArn=AWS_BASIC_EXECUTION)
        self.assert_error(self.iam.delete_role, "DeleteConflict",
                          "Cannot delete entity, must delete policies first.", 409,
                          RoleName="Busy")
        self.iam.delete_role_policy(RoleName="Busy", PolicyName="inline")
        self.iam.delete_role(RoleName="Busy")
        self.assert_error(self.iam.get_role, "NoSuchEntity", None, 404, RoleName="Busy")
        self.assert_error(self.iam.delete_role, "NoSuchEntity",
                          "The role with name Busy cannot be found.", 404, RoleName="Busy")

    def test_list_roles_pages_with_markers_and_filters_by_path(self):
        names = [f"Paged{i}" for i in range(5)]
        for name in names:
            self.create_role(name, Path="/paged/")
        self.create_role("Elsewhere", Path="/other/")

        first = self.iam.list_roles(PathPrefix="/paged/", MaxItems=2)
        self.assertTrue(first["IsTruncated"])
        self.assertEqual([r["RoleName"] for r in first["Roles"]], names[:2])
        self.assertNotIn("Tags", first["Roles"][0])
        seen = [r["RoleName"] for r in first["Roles"]]
        marker = first["Marker"]
        while marker:
            page = self.iam.list_roles(PathPrefix="/paged/", MaxItems=2, Marker=marker)
            seen += [r["RoleName"] for r in page["Roles"]]
            marker = page.get("Marker") if page["IsTruncated"] else None
        self.assertEqual(seen, names)

        paginated = [
            role["RoleName"]
            for page in self.iam.get_paginator("list_roles").paginate(
                PathPrefix="/paged/", PaginationConfig={"PageSize": 3})
            for role in page["Roles"]
        ]
        self.assertEqual(paginated, names)
        everything = [r["RoleName"] for r in self.iam.list_roles(MaxItems=1000)["Roles"]]
        self.assertIn("Elsewhere", everything)
        self.assertTrue(set(names) <= set(everything))


class RolePolicyTest(IamTestCase):
    def test_inline_policies(self):
        self.create_role("Inline")
        self.iam.put_role_policy(RoleName="Inline", PolicyName="logs",
                                 PolicyDocument=json.dumps(LOGS_POLICY))
        self.iam.put_role_policy(RoleName="Inline", PolicyName="alpha",
                                 PolicyDocument=json.dumps(LOGS_POLICY))
        got = self.iam.get_role_policy(RoleName="Inline", PolicyName="logs")
        self.assertEqual(got["PolicyDocument"], LOGS_POLICY)
        self.assertEqual(got["RoleName"], "Inline")
        self.assertEqual(self.iam.list_role_policies(RoleName="Inline")["PolicyNames"],
                         ["alpha", "logs"])
        self.iam.delete_role_policy(RoleName="Inline", PolicyName="logs")
        self.assert_error(self.iam.get_role_policy, "NoSuchEntity",
                          "The role policy with name logs cannot be found.", 404,
                          RoleName="Inline", PolicyName="logs")
        self.assert_error(self.iam.put_role_policy, "MalformedPolicyDocument",
                          "Syntax errors in policy.",
                          RoleName="Inline", PolicyName="bad", PolicyDocument="{")
        no_resource = {"Version": "2012-10-17",
                       "Statement": [{"Effect": "Allow", "Action": "s3:GetObject"}]}
        self.assert_error(self.iam.put_role_policy, "MalformedPolicyDocument",
                          "Policy statement must contain resources.",
                          RoleName="Inline", PolicyName="bad",
                          PolicyDocument=json.dumps(no_resource))
        self.assert_error(self.iam.put_role_policy, "NoSuchEntity", None, 404,
                          RoleName="NoRole", PolicyName="p", PolicyDocument=json.dumps(LOGS_POLICY))

    def test_attachments_errors_and_quota(self):
        self.create_role("Attaching")
        self.assert_error(
            self.iam.attach_role_policy, "NoSuchEntity",
            "Policy arn:aws:iam::aws:policy/NoSuchPolicy does not exist or is not attachable.", 404,
            RoleName="Attaching", PolicyArn="arn:aws:iam::aws:policy/NoSuchPolicy")
        self.assert_error(self.iam.attach_role_policy, "InvalidInput",
                          "ARN not-an-arn-at-all-really is not valid.",
                          RoleName="Attaching", PolicyArn="not-an-arn-at-all-really")
        self.assert_error(
            self.iam.detach_role_policy, "NoSuchEntity",
            f"Policy {AWS_LAMBDA_EXECUTE} was not found.", 404,
            RoleName="Attaching", PolicyArn=AWS_LAMBDA_EXECUTE)
        catalogue = [p["Arn"] for p in
                     self.iam.list_policies(Scope="AWS", MaxItems=1000)["Policies"]]
        for arn in catalogue[:10]:
            self.iam.attach_role_policy(RoleName="Attaching", PolicyArn=arn)
        self.assert_error(self.iam.attach_role_policy, "LimitExceeded",
                          "Cannot exceed quota for PoliciesPerRole: 10", 409,
                          RoleName="Attaching", PolicyArn=catalogue[10])
        page = self.iam.list_attached_role_policies(RoleName="Attaching", MaxItems=4)
        self.assertEqual(len(page["AttachedPolicies"]), 4)
        self.assertTrue(page["IsTruncated"])
        service_roles = self.iam.list_attached_role_policies(RoleName="Attaching",
                                                             PathPrefix="/service-role/")
        for attached in service_roles["AttachedPolicies"]:
            self.assertIn(":policy/service-role/", attached["PolicyArn"])


class ManagedPolicyTest(IamTestCase):
    def test_customer_managed_policy_lifecycle(self):
        created = self.iam.create_policy(PolicyName="AppLogs", Path="/app/",
                                         PolicyDocument=json.dumps(LOGS_POLICY),
                                         Description="logs for the app")["Policy"]
        arn = "arn:aws:iam::000000000000:policy/app/AppLogs"
        self.assertEqual(created["Arn"], arn)
        self.assertRegex(created["PolicyId"], r"^ANPA[A-Z0-9]{17}$")
        self.assertEqual(created["DefaultVersionId"], "v1")
        self.assertEqual(created["AttachmentCount"], 0)
        self.assert_error(self.iam.create_policy, "EntityAlreadyExists",
                          "A policy called AppLogs already exists. Duplicate names are not allowed.",
                          409, PolicyName="AppLogs", PolicyDocument=json.dumps(LOGS_POLICY))

        self.create_role("UsesAppLogs")
        self.iam.attach_role_policy(RoleName="UsesAppLogs", PolicyArn=arn)
        policy = self.iam.get_policy(PolicyArn=arn)["Policy"]
        self.assertEqual(policy["AttachmentCount"], 1)
        self.assertEqual(policy["Description"], "logs for the app")
        version = self.iam.get_policy_version(PolicyArn=arn, VersionId="v1")["PolicyVersion"]
        self.assertEqual(version["Document"], LOGS_POLICY)
        self.assertTrue(version["IsDefaultVersion"])
        self.assert_error(self.iam.get_policy_version, "NoSuchEntity", None, 404,
                          PolicyArn=arn, VersionId="v2")

        local = self.iam.list_policies(Scope="Local")["Policies"]
        self.assertEqual([p["PolicyName"] for p in local], ["AppLogs"])
        attached = self.iam.list_policies(OnlyAttached=True)["Policies"]
        self.assertIn(arn, [p["Arn"] for p in attached])

        self.assert_error(self.iam.delete_policy, "DeleteConflict",
                          "Cannot delete a policy attached to entities.", 409, PolicyArn=arn)
        self.iam.detach_role_policy(RoleName="UsesAppLogs", PolicyArn=arn)
        self.iam.delete_policy(PolicyArn=arn)
        self.assert_error(self.iam.get_policy, "NoSuchEntity", f"Policy {arn} was not found.",
                          404, PolicyArn=arn)

    def test_aws_managed_catalogue(self):
        basic = self.iam.get_policy(PolicyArn=AWS_BASIC_EXECUTION)["Policy"]
        self.assertEqual(basic["PolicyName"], "AWSLambdaBasicExecutionRole")
        self.assertEqual(basic["Path"], "/service-role/")
        self.assertRegex(basic["PolicyId"], r"^ANPA[A-Z0-9]{17}$")
        document = self.iam.get_policy_version(
            PolicyArn=AWS_BASIC_EXECUTION, VersionId=basic["DefaultVersionId"]
        )["PolicyVersion"]["Document"]
        self.assertIn("logs:PutLogEvents", document["Statement"][0]["Action"])

        names = set()
        for page in self.iam.get_paginator("list_policies").paginate(
                Scope="AWS", PaginationConfig={"PageSize": 7}):
            names.update(p["PolicyName"] for p in page["Policies"])
        for expected in ["AWSLambdaExecute", "AWSLambdaBasicExecutionRole",
                         "AWSLambdaSQSQueueExecutionRole", "AWSLambdaKinesisExecutionRole",
                         "AWSLambdaDynamoDBExecutionRole", "AmazonSQSFullAccess",
                         "AmazonSNSFullAccess", "AmazonDynamoDBFullAccess",
                         "AmazonKinesisFullAccess", "AWSLambda_FullAccess", "AdministratorAccess",
                         "ReadOnlyAccess", "IAMFullAccess", "AmazonS3FullAccess",
                         "CloudWatchLogsFullAccess"]:
            self.assertIn(expected, names)
        for arn in [AWS_LAMBDA_EXECUTE, "arn:aws:iam::aws:policy/AdministratorAccess",
                    "arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole"]:
            self.assertEqual(self.iam.get_policy(PolicyArn=arn)["Policy"]["Arn"], arn)
        self.assertNotIn("AppLogs", [p["PolicyName"] for p in
                                     self.iam.list_policies(Scope="AWS", MaxItems=1000)["Policies"]])


class TagTest(IamTestCase):
    def test_tag_untag_and_list(self):
        self.create_role("Tagged", Tags=[{"Key": "env", "Value": "dev"}])
        self.iam.tag_role(RoleName="Tagged", Tags=[{"Key": "ENV", "Value": "prod"},
                                                    {"Key": "owner", "Value": "ana"}])
        tags = self.iam.list_role_tags(RoleName="Tagged")
        self.assertEqual(tags["Tags"], [{"Key": "ENV", "Value": "prod"},
                                        {"Key": "owner", "Value": "ana"}])
        self.assertFalse(tags["IsTruncated"])
        self.assertEqual(self.iam.list_role_tags(RoleName="Tagged", MaxItems=1)["Tags"],
                         [{"Key": "ENV", "Value": "prod"}])
        self.iam.untag_role(RoleName="Tagged", TagKeys=["env"])
        self.assertEqual(self.iam.get_role(RoleName="Tagged")["Role"]["Tags"],
                         [{"Key": "owner", "Value": "ana"}])
        self.assert_error(self.iam.tag_role, "InvalidInput",
                          "Duplicate tag keys found. Please note that Tag keys are case insensitive.",
                          RoleName="Tagged", Tags=[{"Key": "a", "Value": "1"},
                                                   {"Key": "A", "Value": "2"}])
        self.assert_error(self.iam.list_role_tags, "NoSuchEntity", None, 404, RoleName="Untagged")


class ScopeTest(IamTestCase):
    def test_iam_is_global_across_regions(self):
        self.create_role("Everywhere")
        elsewhere = self.client("iam", region="eu-west-1")
        self.assertEqual(elsewhere.get_role(RoleName="Everywhere")["Role"]["Arn"],
                         "arn:aws:iam::000000000000:role/Everywhere")

    def test_accounts_are_separate(self):
        other = self.client("iam", access_key="123456789012")
        role = self.create_role("Separate", iam=other)
        self.assertEqual(role["Arn"], "arn:aws:iam::123456789012:role/Separate")
        self.assert_error(self.iam.get_role, "NoSuchEntity", None, 404, RoleName="Separate")
        self.create_role("Separate")  # the same name is free in the default account
        self.assertEqual(other.get_role(RoleName="Separate")["Role"]["RoleId"], role["RoleId"])
        # Another account's customer policy is not attachable here.
        policy = other.create_policy(PolicyName="Theirs",
                                     PolicyDocument=json.dumps(LOGS_POLICY))["Policy"]
        self.assert_error(self.iam.attach_role_policy, "NoSuchEntity", None, 404,
                          RoleName="Separate", PolicyArn=policy["Arn"])


class CliTest(IamTestCase):
    def aws(self, *args):
        env = dict(os.environ, AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test",
                   AWS_DEFAULT_REGION=REGION, AWS_CONFIG_FILE=os.devnull,
                   AWS_SHARED_CREDENTIALS_FILE=os.devnull)
        return subprocess.run(
            [sys.executable, "-m", "awscli", "--endpoint-url", self.eddy.endpoint,
             "--output", "json", *args],
            capture_output=True, text=True, env=env, timeout=60)

    def test_cli_role_commands(self):
        created = self.aws("iam", "create-role", "--role-name", "CliRole",
                           "--assume-role-policy-document", json.dumps(TRUST_LAMBDA))
        self.assertEqual(created.returncode, 0, created.stderr)
        self.assertEqual(json.loads(created.stdout)["Role"]["Arn"],
                         "arn:aws:iam::000000000000:role/CliRole")
        attached = self.aws("iam", "attach-role-policy", "--role-name", "CliRole",
                            "--policy-arn", AWS_LAMBDA_EXECUTE)
        self.assertEqual(attached.returncode, 0, attached.stderr)
        listed = self.aws("iam", "list-attached-role-policies", "--role-name", "CliRole")
        self.assertEqual(json.loads(listed.stdout)["AttachedPolicies"][0]["PolicyArn"],
                         AWS_LAMBDA_EXECUTE)
        fetched = self.aws("iam", "get-role", "--role-name", "CliRole")
        self.assertEqual(json.loads(fetched.stdout)["Role"]["AssumeRolePolicyDocument"],
                         TRUST_LAMBDA)
        missing = self.aws("iam", "get-role", "--role-name", "CliMissing")
        self.assertNotEqual(missing.returncode, 0)
        self.assertTrue(re.search(r"\(NoSuchEntity\).*CliMissing cannot be found", missing.stderr),
                        missing.stderr)


if __name__ == "__main__":
    import unittest

    unittest.main()
