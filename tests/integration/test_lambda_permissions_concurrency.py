"""Lambda resource policies, concurrency, tags, event invoke configs and the Invoke errors that
need no code to run, through boto3 (and raw HTTP for a payload that is not JSON)."""

import json
import unittest
import urllib.request

from eddy_harness import EddyProcess, EddyTestCase
from lambda_test_support import create_function

ARN = "arn:aws:lambda:us-east-1:000000000000:function:"


class LambdaPermissionsTest(EddyTestCase):
    def setUp(self):
        self.lam = self.client("lambda")

    def test_policy_statements_as_aws_writes_them(self):
        create_function(self.lam, "guarded")
        self.assert_error(self.lam.get_policy, "ResourceNotFoundException",
                          "The resource you requested does not exist.", status=404,
                          FunctionName="guarded")
        added = self.lam.add_permission(
            FunctionName="guarded", StatementId="sns", Action="lambda:InvokeFunction",
            Principal="sns.amazonaws.com", SourceArn="arn:aws:sns:us-east-1:000000000000:t")
        self.assertEqual(added["ResponseMetadata"]["HTTPStatusCode"], 201)
        statement = json.loads(added["Statement"])
        self.assertEqual(statement, {
            "Sid": "sns", "Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"},
            "Action": "lambda:InvokeFunction", "Resource": ARN + "guarded",
            "Condition": {"ArnLike": {"AWS:SourceArn": "arn:aws:sns:us-east-1:000000000000:t"}}})
        self.lam.add_permission(FunctionName="guarded", StatementId="acct",
                                Action="lambda:GetFunction", Principal="111122223333")
        policy = self.lam.get_policy(FunctionName="guarded")
        document = json.loads(policy["Policy"])
        self.assertEqual((document["Version"], document["Id"]), ("2012-10-17", "default"))
        self.assertEqual([s["Sid"] for s in document["Statement"]], ["sns", "acct"])
        self.assertEqual(document["Statement"][1]["Principal"],
                         {"AWS": "arn:aws:iam::111122223333:root"})
        self.assert_error(self.lam.add_permission, "ResourceConflictException",
                          "The statement id (sns) provided already exists. Please provide a new "
                          "statement id, or remove the existing statement.", status=409,
                          FunctionName="guarded", StatementId="sns", Action="lambda:InvokeFunction",
                          Principal="s3.amazonaws.com")
        self.assert_error(self.lam.remove_permission, "PreconditionFailedException", status=412,
                          FunctionName="guarded", StatementId="sns", RevisionId="stale")
        self.lam.remove_permission(FunctionName="guarded", StatementId="sns",
                                   RevisionId=policy["RevisionId"])
        remaining = json.loads(self.lam.get_policy(FunctionName="guarded")["Policy"])
        self.assertEqual([s["Sid"] for s in remaining["Statement"]], ["acct"])
        self.assert_error(self.lam.remove_permission, "ResourceNotFoundException",
                          "Statement sns is not found in resource policy.", status=404,
                          FunctionName="guarded", StatementId="sns")


class LambdaConcurrencyTest(EddyTestCase):
    def setUp(self):
        self.lam = self.client("lambda")

    def test_reserved_concurrency_put_get_delete(self):
        create_function(self.lam, "reserved")
        self.assertNotIn("ReservedConcurrentExecutions",
                         self.lam.get_function_concurrency(FunctionName="reserved"))
        out = self.lam.put_function_concurrency(FunctionName="reserved",
                                                ReservedConcurrentExecutions=10)
        self.assertEqual(out["ReservedConcurrentExecutions"], 10)
        self.assertEqual(self.lam.get_function_concurrency(
            FunctionName="reserved")["ReservedConcurrentExecutions"], 10)
        self.assertEqual(self.lam.get_function(FunctionName="reserved")["Concurrency"],
                         {"ReservedConcurrentExecutions": 10})
        self.assertEqual(self.lam.get_account_settings()["AccountLimit"]
                         ["UnreservedConcurrentExecutions"], 990)
        self.assert_error(self.lam.put_function_concurrency, "InvalidParameterValueException",
                          "Specified ReservedConcurrentExecutions for function decreases "
                          "account's UnreservedConcurrentExecution below its minimum value of "
                          "[100].", FunctionName="reserved", ReservedConcurrentExecutions=901)
        self.lam.delete_function_concurrency(FunctionName="reserved")
        self.assertNotIn("ReservedConcurrentExecutions",
                         self.lam.get_function_concurrency(FunctionName="reserved"))

    def test_reserved_concurrency_zero_throttles_every_invoke(self):
        create_function(self.lam, "stopped")
        self.lam.put_function_concurrency(FunctionName="stopped", ReservedConcurrentExecutions=0)
        for invocation_type in ["RequestResponse", "Event"]:
            error = self.assert_error(self.lam.invoke, "TooManyRequestsException", "Rate Exceeded.",
                                      status=429, FunctionName="stopped",
                                      InvocationType=invocation_type, Payload=b"{}")
            self.assertEqual(error.response["Reason"],
                             "ReservedFunctionConcurrentInvocationLimitExceeded")

    def test_concurrency_limit_flag_reaches_account_settings(self):
        with EddyProcess(extra_args=["--lambda-concurrency-limit", "250"]) as eddy:
            settings = eddy.client("lambda").get_account_settings()
            self.assertEqual(settings["AccountLimit"]["ConcurrentExecutions"], 250)
            self.assertEqual(settings["AccountLimit"]["UnreservedConcurrentExecutions"], 250)


class LambdaInvokeErrorsTest(EddyTestCase):
    def setUp(self):
        self.lam = self.client("lambda")

    def test_unknown_function_and_unknown_qualifier(self):
        self.assert_error(self.lam.invoke, "ResourceNotFoundException",
                          f"Function not found: {ARN}doesnotexist", status=404,
                          FunctionName="doesnotexist", Payload=b"{}")
        create_function(self.lam, "qualified")
        self.assert_error(self.lam.invoke, "ResourceNotFoundException",
                          f"Function not found: {ARN}qualified:non-existent-alias", status=404,
                          FunctionName="qualified", Qualifier="non-existent-alias", Payload=b"{}")

    def test_dry_run_checks_without_running(self):
        create_function(self.lam, "dry")
        out = self.lam.invoke(FunctionName="dry", InvocationType="DryRun", Payload=b"{}")
        self.assertEqual(out["StatusCode"], 204)
        self.assertEqual(out["Payload"].read(), b"")
        self.assert_error(self.lam.invoke, "ResourceNotFoundException", status=404,
                          FunctionName="dry-missing", InvocationType="DryRun")

    def test_payload_limits(self):
        create_function(self.lam, "large")
        big = json.dumps({"data": "x" * (6 * 1024 * 1024)}).encode()
        self.assert_error(self.lam.invoke, "RequestEntityTooLargeException", status=413,
                          FunctionName="large", Payload=big)
        async_big = json.dumps({"data": "x" * (256 * 1024)}).encode()
        self.assert_error(self.lam.invoke, "RequestEntityTooLargeException", status=413,
                          FunctionName="large", InvocationType="Event", Payload=async_big)

    def test_payload_that_is_not_json(self):
        create_function(self.lam, "notjson")
        self.assert_error(self.lam.invoke, "InvalidRequestContentException", FunctionName="notjson",
                          Payload=b"{not json")
        request = urllib.request.Request(
            f"{self.eddy.endpoint}/2015-03-31/functions/notjson/invocations", data=b"\x87\x99",
            method="POST", headers={"Content-Type": "application/json"})
        with self.assertRaises(urllib.error.HTTPError) as raised:
            urllib.request.urlopen(request)
        self.assertEqual(raised.exception.code, 400)
        self.assertEqual(raised.exception.headers["x-amzn-ErrorType"],
                         "InvalidRequestContentException")

    def test_process_runtimes_answer_a_clear_service_exception(self):
        create_function(self.lam, "no-runner")
        error = self.assert_error(self.lam.invoke, "ServiceException", status=500,
                                  FunctionName="no-runner", Payload=b"{}")
        self.assertIn("Process runtimes are not available", error.response["Error"]["Message"])


class LambdaTagsAndEventInvokeConfigTest(EddyTestCase):
    def setUp(self):
        self.lam = self.client("lambda")

    def test_tags(self):
        create_function(self.lam, "tagged", Tags={"team": "a"})
        self.lam.tag_resource(Resource=ARN + "tagged", Tags={"env": "dev", "cost": "1"})
        self.assertEqual(self.lam.list_tags(Resource=ARN + "tagged")["Tags"],
                         {"team": "a", "env": "dev", "cost": "1"})
        self.lam.untag_resource(Resource=ARN + "tagged", TagKeys=["team", "cost"])
        self.assertEqual(self.lam.list_tags(Resource=ARN + "tagged")["Tags"], {"env": "dev"})
        self.assertEqual(self.lam.get_function(FunctionName="tagged")["Tags"], {"env": "dev"})
        self.assert_error(self.lam.list_tags, "ResourceNotFoundException",
                          f"Function not found: {ARN}ghost", status=404, Resource=ARN + "ghost")

    def test_event_invoke_config_lifecycle(self):
        create_function(self.lam, "async-config", Publish=True)
        create_function(self.lam, "async-target")
        out = self.lam.put_function_event_invoke_config(
            FunctionName="async-config", MaximumRetryAttempts=1,
            DestinationConfig={"OnFailure": {"Destination": ARN + "async-target"}})
        self.assertEqual(out["FunctionArn"], ARN + "async-config:$LATEST")
        self.assertEqual(out["MaximumRetryAttempts"], 1)
        self.assertEqual(out["DestinationConfig"]["OnFailure"]["Destination"], ARN + "async-target")
        updated = self.lam.update_function_event_invoke_config(FunctionName="async-config",
                                                               MaximumEventAgeInSeconds=120)
        self.assertEqual((updated["MaximumRetryAttempts"], updated["MaximumEventAgeInSeconds"]),
                         (1, 120))
        self.lam.put_function_event_invoke_config(FunctionName="async-config", Qualifier="1",
                                                  MaximumRetryAttempts=0)
        listed = self.lam.list_function_event_invoke_configs(FunctionName="async-config")
        self.assertEqual(sorted(c["FunctionArn"] for c in listed["FunctionEventInvokeConfigs"]),
                         [ARN + "async-config:$LATEST", ARN + "async-config:1"])
        self.lam.delete_function_event_invoke_config(FunctionName="async-config", Qualifier="1")
        self.assert_error(self.lam.get_function_event_invoke_config, "ResourceNotFoundException",
                          f"The function {ARN}async-config:1 doesn't have an EventInvokeConfig",
                          status=404, FunctionName="async-config", Qualifier="1")

    def test_event_invoke_config_errors(self):
        create_function(self.lam, "eic")
        self.assert_error(self.lam.put_function_event_invoke_config, "ResourceNotFoundException",
                          "The function doesn't exist.", status=404, FunctionName="ghost",
                          MaximumRetryAttempts=1)
        self.assert_error(self.lam.put_function_event_invoke_config,
                          "InvalidParameterValueException",
                          "You must specify at least one of error handling or destination "
                          "setting.", FunctionName="eic")
        self.assert_error(self.lam.put_function_event_invoke_config,
                          "InvalidParameterValueException",
                          "You can't specify the function as a destination for itself.",
                          FunctionName="eic",
                          DestinationConfig={"OnSuccess": {"Destination": ARN + "eic"}})
        self.assert_error(self.lam.put_function_event_invoke_config,
                          "InvalidParameterValueException",
                          f"The destination ARN {ARN}doesnotexist is invalid.", FunctionName="eic",
                          DestinationConfig={"OnSuccess": {"Destination": ARN + "doesnotexist"}})
        self.assert_error(self.lam.get_function_event_invoke_config, "ResourceNotFoundException",
                          f"The function {ARN}eic:$LATEST doesn't have an EventInvokeConfig",
                          status=404, FunctionName="eic")


if __name__ == "__main__":
    unittest.main()
