"""Lambda functions through boto3: create, read, list, update, delete, waiters, packages."""

import base64
import hashlib
import unittest
import urllib.request

from eddy_harness import EddyTestCase
from lambda_test_support import ROLE, create_function, make_zip

ACCOUNT = "000000000000"


def arn(name):
    return f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:{name}"


class LambdaFunctionTest(EddyTestCase):
    def setUp(self):
        self.lam = self.client("lambda")

    def test_create_function_answers_the_configuration_as_aws_computes_it(self):
        package = make_zip()
        out = create_function(
            self.lam, "created", package, Description="d", Timeout=30, MemorySize=256,
            Environment={"Variables": {"STAGE": "test"}}, Architectures=["arm64"],
            Layers=["arn:aws:lambda:us-east-1:000000000000:layer:l:1"],
        )
        self.assertEqual(out["ResponseMetadata"]["HTTPStatusCode"], 201)
        self.assertEqual(out["FunctionName"], "created")
        self.assertEqual(out["FunctionArn"], arn("created"))
        self.assertEqual(out["CodeSha256"], base64.b64encode(hashlib.sha256(package).digest()).decode())
        self.assertEqual(out["CodeSize"], len(package))
        self.assertEqual(out["Runtime"], "python3.12")
        self.assertEqual(out["Handler"], "app.handler")
        self.assertEqual(out["Role"], ROLE)
        self.assertEqual((out["Timeout"], out["MemorySize"], out["Description"]), (30, 256, "d"))
        self.assertEqual(out["Environment"], {"Variables": {"STAGE": "test"}})
        self.assertEqual(out["Architectures"], ["arm64"])
        self.assertEqual(out["Layers"][0]["Arn"], "arn:aws:lambda:us-east-1:000000000000:layer:l:1")
        self.assertEqual(out["Version"], "$LATEST")
        self.assertEqual((out["State"], out["LastUpdateStatus"]), ("Active", "Successful"))
        self.assertRegex(out["LastModified"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$")
        self.assertRegex(out["RevisionId"], r"^[0-9a-f-]{36}$")

    def test_duplicate_and_missing_functions_are_worded_as_aws(self):
        create_function(self.lam, "dup")
        self.assert_error(lambda: create_function(self.lam, "dup"), "ResourceConflictException",
                          "Function already exist: dup", status=409)
        self.assert_error(self.lam.get_function, "ResourceNotFoundException",
                          f"Function not found: {arn('nope')}", status=404, FunctionName="nope")
        self.assert_error(self.lam.get_function_configuration, "ResourceNotFoundException",
                          f"Function not found: {arn('dup')}:7", status=404,
                          FunctionName="dup", Qualifier="7")
        self.assert_error(self.lam.delete_function, "ResourceNotFoundException",
                          f"Function not found: {arn('nope')}", status=404, FunctionName="nope")

    def test_bad_input_is_refused_and_changes_nothing(self):
        self.assert_error(lambda: create_function(self.lam, "bad name!"), "ValidationException")
        self.assert_error(lambda: create_function(self.lam, "badzip", b"not a zip"),
                          "InvalidParameterValueException",
                          "Could not unzip uploaded file. Please check your file, then try to "
                          "upload again.")
        self.assert_error(lambda: create_function(self.lam, "badrt", Runtime="cobol"),
                          "ValidationException")
        self.assert_error(lambda: create_function(self.lam, "badrole", Role="nobody"),
                          "ValidationException")
        self.assert_error(lambda: create_function(self.lam, "badtimeout", Timeout=901),
                          "ValidationException")
        self.assert_error(
            lambda: create_function(self.lam, "reserved",
                                    Environment={"Variables": {"AWS_REGION": "x"}}),
            "InvalidParameterValueException")
        self.assert_error(
            lambda: self.lam.create_function(FunctionName="s3", Runtime="python3.12", Role=ROLE,
                                             Handler="a.b", Code={"S3Bucket": "bucket", "S3Key": "key.zip"}),
            "InvalidParameterValueException")
        self.assert_error(
            lambda: self.lam.create_function(FunctionName="img", Role=ROLE, PackageType="Image",
                                             Code={"ImageUri": "x"}),
            "InvalidParameterValueException")
        names = [f["FunctionName"] for f in self.lam.list_functions()["Functions"]]
        for refused in ["badzip", "badrt", "badrole", "badtimeout", "reserved", "s3", "img"]:
            self.assertNotIn(refused, names)

    def test_names_partial_and_full_arns_and_wrong_region(self):
        create_function(self.lam, "named")
        for name in ["named", f"{ACCOUNT}:function:named", arn("named"), arn("named") + ":$LATEST"]:
            self.assertEqual(self.lam.get_function(FunctionName=name)["Configuration"]["FunctionName"],
                             "named")
        self.assert_error(self.lam.get_function, "ResourceNotFoundException",
                          "Functions from 'eu-west-1' are not reachable in this region ('us-east-1')",
                          status=404,
                          FunctionName=f"arn:aws:lambda:eu-west-1:{ACCOUNT}:function:named")
        self.assert_error(self.lam.get_function, "InvalidParameterValueException",
                          "The derived qualifier from the function name does not match the "
                          "specified qualifier.", FunctionName="named:1", Qualifier="2")

    def test_code_location_serves_the_zip(self):
        package = make_zip({"app.py": "x = 1\n", "lib/util.py": "y = 2\n"})
        create_function(self.lam, "located", package)
        out = self.lam.get_function(FunctionName="located")
        self.assertEqual(out["Code"]["RepositoryType"], "S3")
        with urllib.request.urlopen(out["Code"]["Location"]) as response:
            self.assertEqual(response.read(), package)

    def test_waiters_see_active_and_updated(self):
        create_function(self.lam, "waited")
        self.lam.get_waiter("function_active_v2").wait(FunctionName="waited")
        self.lam.update_function_configuration(FunctionName="waited", Timeout=10)
        self.lam.get_waiter("function_updated_v2").wait(FunctionName="waited")
        self.lam.get_waiter("function_exists").wait(FunctionName="waited")

    def test_list_functions_pages_with_marker(self):
        for i in range(5):
            create_function(self.lam, f"page-{i}")
        names = []
        marker = None
        while True:
            kwargs = {"MaxItems": 2}
            if marker:
                kwargs["Marker"] = marker
            page = self.lam.list_functions(**kwargs)
            self.assertLessEqual(len(page["Functions"]), 2)
            names += [f["FunctionName"] for f in page["Functions"]]
            marker = page.get("NextMarker")
            if not marker:
                break
        self.assertEqual([n for n in names if n.startswith("page-")], [f"page-{i}" for i in range(5)])
        paginated = [f["FunctionName"] for p in self.lam.get_paginator("list_functions").paginate(
            PaginationConfig={"PageSize": 3}) for f in p["Functions"]]
        self.assertEqual(sorted(paginated), sorted(set(paginated)))
        self.assertTrue(all(f"page-{i}" in paginated for i in range(5)))

    def test_list_functions_all_versions(self):
        create_function(self.lam, "versioned-list", Publish=True)
        everything = self.lam.list_functions(FunctionVersion="ALL")["Functions"]
        versions = [f["Version"] for f in everything if f["FunctionName"] == "versioned-list"]
        self.assertEqual(versions, ["$LATEST", "1"])
        latest_only = self.lam.list_functions()["Functions"]
        self.assertEqual([f["Version"] for f in latest_only
                          if f["FunctionName"] == "versioned-list"], ["$LATEST"])

    def test_update_code_and_configuration_change_the_revision(self):
        first = create_function(self.lam, "updated")
        config = self.lam.update_function_configuration(
            FunctionName="updated", MemorySize=512, Description="new",
            Environment={"Variables": {"AB": "1"}})
        self.assertEqual((config["MemorySize"], config["Description"]), (512, "new"))
        self.assertNotEqual(config["RevisionId"], first["RevisionId"])
        package = make_zip({"app.py": "def handler(e, c):\n    return 2\n"})
        code = self.lam.update_function_code(FunctionName="updated", ZipFile=package)
        self.assertEqual(code["CodeSha256"],
                         base64.b64encode(hashlib.sha256(package).digest()).decode())
        self.assertNotEqual(code["RevisionId"], config["RevisionId"])
        self.assertEqual(code["MemorySize"], 512)
        self.assert_error(self.lam.update_function_configuration, "PreconditionFailedException",
                          status=412, FunctionName="updated", Timeout=5,
                          RevisionId=first["RevisionId"])
        self.assertEqual(self.lam.get_function_configuration(FunctionName="updated")["Timeout"], 3)
        location = self.lam.get_function(FunctionName="updated")["Code"]["Location"]
        with urllib.request.urlopen(location) as response:
            self.assertEqual(response.read(), package)

    def test_delete_function_and_delete_a_version(self):
        create_function(self.lam, "deleted", Publish=True)
        self.assert_error(self.lam.delete_function, "InvalidParameterValueException",
                          "$LATEST version cannot be deleted without deleting the function.",
                          FunctionName="deleted", Qualifier="$LATEST")
        self.lam.delete_function(FunctionName="deleted", Qualifier="1")
        self.assert_error(self.lam.get_function, "ResourceNotFoundException", status=404,
                          FunctionName="deleted", Qualifier="1")
        self.lam.get_function(FunctionName="deleted")
        out = self.lam.delete_function(FunctionName="deleted")
        self.assertEqual(out["ResponseMetadata"]["HTTPStatusCode"], 204)
        self.assert_error(self.lam.get_function, "ResourceNotFoundException", status=404,
                          FunctionName="deleted")

    def test_account_settings_report_the_limit_and_usage(self):
        out = self.lam.get_account_settings()
        self.assertEqual(out["AccountLimit"]["ConcurrentExecutions"], 1000)
        self.assertEqual(out["AccountLimit"]["CodeSizeZipped"], 52428800)
        lam = self.client("lambda", access_key="111122223333")
        create_function(lam, "counted")
        usage = lam.get_account_settings()["AccountUsage"]
        self.assertEqual(usage["FunctionCount"], 1)
        self.assertGreater(usage["TotalCodeSize"], 0)


if __name__ == "__main__":
    unittest.main()
