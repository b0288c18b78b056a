"""A provided.al2023 function whose bootstrap is a C++ program speaking AWS's Runtime API
(tests/helpers/provided_bootstrap.cpp, built beside eddy), zipped here and invoked through boto3:
its result, every /next header AWS documents, an error posted with
Lambda-Runtime-Function-Error-Type, and an init error."""

import base64
import io
import json
import os
import time
import unittest
import zipfile

from eddy_harness import EDDY_BIN, EddyTestCase
from lambda_test_support import create_function

BOOTSTRAP = os.path.join(os.path.dirname(EDDY_BIN), "lambda_provided_bootstrap")


def bootstrap_zip():
    """The compiled bootstrap as the package's executable `bootstrap`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        entry = zipfile.ZipInfo("bootstrap")
        entry.external_attr = 0o100755 << 16
        entry.compress_type = zipfile.ZIP_DEFLATED
        with open(BOOTSTRAP, "rb") as binary:
            archive.writestr(entry, binary.read())
    return buffer.getvalue()


class LambdaProvidedCppTest(EddyTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.package = bootstrap_zip()

    def setUp(self):
        self.lam = self.client("lambda")

    def create(self, name, handler):
        create_function(self.lam, name, self.package, Runtime="provided.al2023", Handler=handler,
                        Timeout=10)

    def invoke(self, name, event, **extra):
        out = self.lam.invoke(FunctionName=name, Payload=json.dumps(event).encode(), **extra)
        out["body"] = json.loads(out["Payload"].read())
        return out

    def test_the_cpp_bootstrap_answers_with_what_next_carried(self):
        self.create("cpp-echo", "echo.handler")
        before_ms = int(time.time() * 1000)
        context = base64.b64encode(json.dumps({"custom": {"k": "v"}}).encode()).decode()
        out = self.invoke("cpp-echo", {"reading": [1, "two"]}, ClientContext=context,
                          LogType="Tail")
        self.assertNotIn("FunctionError", out, out["body"])
        body = out["body"]
        self.assertEqual(body["event"], {"reading": [1, "two"]})
        self.assertEqual(body["handler"], "echo.handler")
        self.assertRegex(body["requestId"], r"^[0-9a-f-]{36}$")
        self.assertEqual(body["functionArn"],
                         "arn:aws:lambda:us-east-1:000000000000:function:cpp-echo")
        self.assertGreaterEqual(int(body["deadlineMs"]), before_ms + 10_000)
        self.assertLessEqual(int(body["deadlineMs"]), int(time.time() * 1000) + 10_000)
        self.assertRegex(body["traceId"], r"^Root=1-[0-9a-f]{8}-[0-9a-f]{24};")
        self.assertEqual(json.loads(body["clientContext"]), {"custom": {"k": "v"}})
        self.assertEqual(body["contentType"], "application/json")
        log = base64.b64decode(out["LogResult"]).decode()
        self.assertIn(f"handling {body['requestId']}\n", log)
        # The instance stays warm: a second invocation runs on the same process, no init line.
        again = self.invoke("cpp-echo", {"n": 2}, LogType="Tail")
        self.assertEqual(again["body"]["event"], {"n": 2})
        self.assertEqual(again["body"]["clientContext"], "")
        self.assertNotIn("c++ bootstrap starting", base64.b64decode(again["LogResult"]).decode())

    def test_an_error_posted_by_the_bootstrap_is_an_unhandled_function_error(self):
        self.create("cpp-fails", "fails.handler")
        out = self.invoke("cpp-fails", {"fail": "gauge 7 offline"})
        self.assertEqual(out["StatusCode"], 200)
        self.assertEqual(out["FunctionError"], "Unhandled")
        self.assertEqual(out["body"], {"errorMessage": "gauge 7 offline",
                                       "errorType": "Sensor.Offline", "stackTrace": ["main.cpp:1"]})
        # The runtime keeps serving after a function error.
        self.assertEqual(self.invoke("cpp-fails", {"ok": True})["body"]["event"], {"ok": True})

    def test_an_init_error_fails_the_invocation_with_the_bootstraps_document(self):
        self.create("cpp-init", "init-error")
        out = self.invoke("cpp-init", {})
        self.assertEqual(out["FunctionError"], "Unhandled")
        self.assertEqual(out["body"], {"errorMessage": "CONFIG is not set",
                                       "errorType": "Custom.ConfigMissing"})


if __name__ == "__main__":
    unittest.main()
