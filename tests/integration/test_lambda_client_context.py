"""Invoke's ClientContext through boto3: base64 JSON that reaches a python or node function's
context decoded, checked as AWS checks it (a JSON object, at most 3,583 bytes of base64), and
withheld from Event invocations, as AWS passes it on synchronous invocations only."""

import base64
import json
import unittest

from eddy_harness import EddyTestCase
from lambda_test_support import create_function, make_zip

PYTHON_CONTEXT = """
def handler(event, context):
    cc = context.client_context
    if cc is None:
        return None
    return {"custom": cc.custom, "env": cc.env, "app_title": cc.client.app_title,
            "installation_id": cc.client.installation_id}
"""

NODE_CONTEXT = "exports.handler = async (event, context) => context.clientContext ?? null;\n"

CONTEXT = {
    "client": {"installation_id": "inst-1", "app_title": "Gauges", "app_version_name": "1.2",
               "app_version_code": "12", "app_package_name": "org.gauges"},
    "custom": {"sensor": "north-7", "calibrated": "yes"},
    "env": {"platform": "linux", "locale": "en_GB"},
}


def encoded(document):
    return base64.b64encode(json.dumps(document).encode()).decode()


class LambdaClientContextTest(EddyTestCase):
    def setUp(self):
        self.lam = self.client("lambda")

    def invoke(self, name, **extra):
        out = self.lam.invoke(FunctionName=name, Payload=b"{}", **extra)
        out["body"] = out["Payload"].read()
        return out

    def test_a_python_function_sees_the_client_context_decoded(self):
        create_function(self.lam, "py-cc", make_zip({"app.py": PYTHON_CONTEXT}))
        out = self.invoke("py-cc", ClientContext=encoded(CONTEXT))
        self.assertNotIn("FunctionError", out, out["body"])
        self.assertEqual(json.loads(out["body"]), {
            "custom": CONTEXT["custom"], "env": CONTEXT["env"], "app_title": "Gauges",
            "installation_id": "inst-1"})
        # Without one, the context has none.
        self.assertIsNone(json.loads(self.invoke("py-cc")["body"]))

    def test_a_node_function_sees_the_client_context_decoded(self):
        create_function(self.lam, "node-cc", make_zip({"index.js": NODE_CONTEXT}),
                        Runtime="nodejs20.x", Handler="index.handler")
        out = self.invoke("node-cc", ClientContext=encoded(CONTEXT))
        self.assertNotIn("FunctionError", out, out["body"])
        self.assertEqual(json.loads(out["body"]), CONTEXT)
        self.assertIsNone(json.loads(self.invoke("node-cc")["body"]))

    def test_a_client_context_that_is_not_base64_json_is_refused(self):
        create_function(self.lam, "py-cc-bad", make_zip({"app.py": PYTHON_CONTEXT}))
        message = "Client context must be a valid Base64-encoded JSON object."
        for bad in ["not base64!", base64.b64encode(b"not json").decode(),
                    base64.b64encode(b"[1, 2]").decode()]:
            with self.subTest(bad=bad):
                self.assert_error(self.lam.invoke, "InvalidRequestContentException", message,
                                  FunctionName="py-cc-bad", Payload=b"{}", ClientContext=bad)
        # DryRun checks it too.
        self.assert_error(self.lam.invoke, "InvalidRequestContentException", message,
                          FunctionName="py-cc-bad", InvocationType="DryRun", ClientContext="%%")

    def test_a_client_context_over_3583_bytes_is_refused_and_3583_is_taken(self):
        create_function(self.lam, "py-cc-size", make_zip({"app.py": PYTHON_CONTEXT}))

        # base64 of {"custom": {"pad": "xxx..."}}, 4 characters for every 3 bytes of padding.
        contexts = [encoded({"custom": {"pad": "x" * pad}}) for pad in range(2700)]
        largest = max((c for c in contexts if len(c) <= 3583), key=len)
        out = self.invoke("py-cc-size", ClientContext=largest)
        self.assertNotIn("FunctionError", out, out["body"])
        self.assertEqual(json.loads(out["body"])["custom"],
                         json.loads(base64.b64decode(largest))["custom"])
        too_large = min((c for c in contexts if len(c) > 3583), key=len)
        self.assert_error(self.lam.invoke, "InvalidRequestContentException",
                          FunctionName="py-cc-size", Payload=b"{}", ClientContext=too_large)


if __name__ == "__main__":
    unittest.main()
