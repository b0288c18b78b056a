"""Lambda versions and aliases through boto3: publish, list, routing, RevisionId checks."""

import unittest

from eddy_harness import EddyTestCase
from lambda_test_support import create_function, make_zip

ARN = "arn:aws:lambda:us-east-1:000000000000:function:"


class LambdaVersionsTest(EddyTestCase):
    def setUp(self):
        self.lam = self.client("lambda")

    def test_publish_numbers_versions_and_repeats_an_unchanged_one(self):
        create_function(self.lam, "pub")
        first = self.lam.publish_version(FunctionName="pub", Description="v1")
        self.assertEqual(first["ResponseMetadata"]["HTTPStatusCode"], 201)
        self.assertEqual((first["Version"], first["FunctionArn"]), ("1", ARN + "pub:1"))
        self.assertEqual(first["Description"], "v1")
        again = self.lam.publish_version(FunctionName="pub", Description="v1")
        self.assertEqual(again["Version"], "1")
        self.lam.update_function_code(FunctionName="pub", ZipFile=make_zip({"app.py": "v = 2\n"}))
        second = self.lam.publish_version(FunctionName="pub")
        self.assertEqual(second["Version"], "2")
        self.assertNotEqual(second["CodeSha256"], first["CodeSha256"])
        self.assertEqual(
            self.lam.get_function(FunctionName="pub", Qualifier="1")["Configuration"]["CodeSha256"],
            first["CodeSha256"])

    def test_publish_checks_code_sha256_and_revision(self):
        created = create_function(self.lam, "checked")
        self.assert_error(self.lam.publish_version, "InvalidParameterValueException",
                          "CodeSHA256 (abc) is different from current CodeSHA256 in $LATEST ("
                          f"{created['CodeSha256']}). Please try again with the CodeSHA256 in "
                          "$LATEST.", FunctionName="checked", CodeSha256="abc")
        self.assert_error(self.lam.publish_version, "PreconditionFailedException",
                          "The Revision Id provided does not match the latest Revision Id. Call "
                          "the GetFunction/GetAlias API to retrieve the latest Revision Id",
                          status=412, FunctionName="checked", RevisionId="nope")
        self.assertEqual(self.lam.publish_version(
            FunctionName="checked", CodeSha256=created["CodeSha256"],
            RevisionId=created["RevisionId"])["Version"], "1")

    def test_list_versions_pages(self):
        create_function(self.lam, "listed")
        for i in range(3):
            self.lam.update_function_configuration(FunctionName="listed", Description=str(i))
            self.lam.publish_version(FunctionName="listed")
        everything = self.lam.list_versions_by_function(FunctionName="listed")["Versions"]
        self.assertEqual([v["Version"] for v in everything], ["$LATEST", "1", "2", "3"])
        page = self.lam.list_versions_by_function(FunctionName="listed", MaxItems=2)
        self.assertEqual([v["Version"] for v in page["Versions"]], ["$LATEST", "1"])
        rest = self.lam.list_versions_by_function(FunctionName="listed", Marker=page["NextMarker"])
        self.assertEqual([v["Version"] for v in rest["Versions"]], ["2", "3"])
        self.assertNotIn("NextMarker", rest)


class LambdaAliasesTest(EddyTestCase):
    def setUp(self):
        self.lam = self.client("lambda")

    def test_alias_lifecycle(self):
        create_function(self.lam, "aliased", Publish=True)
        self.lam.update_function_configuration(FunctionName="aliased", Description="two")
        self.lam.publish_version(FunctionName="aliased")
        alias = self.lam.create_alias(FunctionName="aliased", Name="live", FunctionVersion="1",
                                      Description="prod",
                                      RoutingConfig={"AdditionalVersionWeights": {"2": 0.25}})
        self.assertEqual(alias["ResponseMetadata"]["HTTPStatusCode"], 201)
        self.assertEqual(alias["AliasArn"], ARN + "aliased:live")
        self.assertEqual(alias["RoutingConfig"], {"AdditionalVersionWeights": {"2": 0.25}})
        got = self.lam.get_alias(FunctionName="aliased", Name="live")
        self.assertEqual((got["FunctionVersion"], got["Description"]), ("1", "prod"))
        by_alias = self.lam.get_function_configuration(FunctionName="aliased", Qualifier="live")
        self.assertEqual(by_alias["Version"], "1")
        updated = self.lam.update_alias(FunctionName="aliased", Name="live", FunctionVersion="2",
                                        RoutingConfig={"AdditionalVersionWeights": {}})
        self.assertEqual(updated["FunctionVersion"], "2")
        self.assertNotEqual(updated["RevisionId"], alias["RevisionId"])
        self.assert_error(self.lam.update_alias, "PreconditionFailedException", status=412,
                          FunctionName="aliased", Name="live", RevisionId=alias["RevisionId"])
        self.lam.create_alias(FunctionName="aliased", Name="beta", FunctionVersion="1")
        names = [a["Name"] for a in self.lam.list_aliases(FunctionName="aliased")["Aliases"]]
        self.assertEqual(names, ["beta", "live"])
        only_v1 = self.lam.list_aliases(FunctionName="aliased", FunctionVersion="1")["Aliases"]
        self.assertEqual([a["Name"] for a in only_v1], ["beta"])
        self.assertEqual(self.lam.delete_alias(FunctionName="aliased", Name="beta")
                         ["ResponseMetadata"]["HTTPStatusCode"], 204)
        self.assert_error(self.lam.get_alias, "ResourceNotFoundException",
                          f"Function not found: {ARN}aliased:beta", status=404,
                          FunctionName="aliased", Name="beta")

    def test_alias_errors_are_worded_as_aws(self):
        create_function(self.lam, "alias-errors", Publish=True)
        self.lam.create_alias(FunctionName="alias-errors", Name="custom", FunctionVersion="1")
        self.assert_error(self.lam.create_alias, "ResourceConflictException",
                          f"Alias already exists: {ARN}alias-errors:custom", status=409,
                          FunctionName="alias-errors", Name="custom", FunctionVersion="1")
        self.assert_error(self.lam.create_alias, "ResourceNotFoundException",
                          f"Function not found: {ARN}alias-errors:10", status=404,
                          FunctionName="alias-errors", Name="ten", FunctionVersion="10")
        self.assert_error(self.lam.create_alias, "InvalidParameterValueException",
                          "Invalid function version 1. Function version 1 is already included in "
                          "routing configuration.", FunctionName="alias-errors", Name="same",
                          FunctionVersion="1", RoutingConfig={"AdditionalVersionWeights": {"1": 0.5}})
        self.assert_error(self.lam.create_alias, "ValidationException",
                          "1 validation error detected: Value '{1=2.0}' at "
                          "'routingConfig.additionalVersionWeights' failed to satisfy constraint: "
                          "Map value must satisfy constraint: [Member must have value less than or "
                          "equal to 1.0, Member must have value greater than or equal to 0.0, "
                          "Member must not be null]", FunctionName="alias-errors", Name="high",
                          FunctionVersion="$LATEST",
                          RoutingConfig={"AdditionalVersionWeights": {"1": 2.0}})
        self.assert_error(self.lam.update_alias, "ResourceNotFoundException",
                          f"Cannot find alias arn: {ARN}alias-errors:missing", status=404,
                          FunctionName="alias-errors", Name="missing", FunctionVersion="1")
        self.assert_error(self.lam.create_alias, "ValidationException",
                          FunctionName="alias-errors", Name="123", FunctionVersion="1")

    def test_deleting_a_version_an_alias_uses_is_refused(self):
        create_function(self.lam, "in-use", Publish=True)
        self.lam.create_alias(FunctionName="in-use", Name="live", FunctionVersion="1")
        self.assert_error(self.lam.delete_function, "ResourceConflictException", status=409,
                          FunctionName="in-use", Qualifier="1")
        self.lam.get_function(FunctionName="in-use", Qualifier="1")


if __name__ == "__main__":
    unittest.main()
