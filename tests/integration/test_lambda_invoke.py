"""Lambda Invoke through boto3 end to end: functions run as local python and node processes
speaking the Runtime API, reach Eddy's own SQS through AWS_ENDPOINT_URL, fail, time out, log,
run asynchronously, and pick up new code."""

import base64
import json
import time
import unittest
import urllib.request

from eddy_harness import EddyTestCase
from lambda_test_support import create_function, make_zip

ECHO = """
import os
def handler(event, context):
    return {"event": event, "name": context.function_name, "version": context.function_version,
            "region": os.environ["AWS_REGION"], "remaining": context.get_remaining_time_in_millis() > 0}
"""

SEND_TO_QUEUE = """
import boto3
def handler(event, context):
    sqs = boto3.client("sqs")
    url = sqs.create_queue(QueueName=event["queue"])["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody=json_text(event))
    return {"sent": True}
def json_text(value):
    import json
    return json.dumps(value, sort_keys=True)
"""


class LambdaInvokeTest(EddyTestCase):
    def setUp(self):
        self.lam = self.client("lambda")
        self.sqs = self.client("sqs")

    def invoke(self, name, event, **extra):
        out = self.lam.invoke(FunctionName=name, Payload=json.dumps(event).encode(), **extra)
        out["body"] = out["Payload"].read()
        return out

    def test_a_python_function_answers_with_its_result_and_context(self):
        create_function(self.lam, "py-echo", make_zip({"app.py": ECHO}))
        out = self.invoke("py-echo", {"reading": 61.5})
        self.assertEqual(out["StatusCode"], 200)
        self.assertNotIn("FunctionError", out)
        self.assertEqual(out["ExecutedVersion"], "$LATEST")
        self.assertEqual(json.loads(out["body"]), {
            "event": {"reading": 61.5}, "name": "py-echo", "version": "$LATEST",
            "region": "us-east-1", "remaining": True})

    def test_function_code_reaches_eddy_through_its_sdk(self):
        create_function(self.lam, "py-sender", make_zip({"app.py": SEND_TO_QUEUE}), Timeout=30)
        out = self.invoke("py-sender", {"queue": "from-lambda", "n": 1})
        self.assertNotIn("FunctionError", out, out["body"])
        url = self.sqs.get_queue_url(QueueName="from-lambda")["QueueUrl"]
        messages = self.sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1)["Messages"]
        self.assertEqual(json.loads(messages[0]["Body"]), {"queue": "from-lambda", "n": 1})

    def test_an_exception_is_an_unhandled_function_error_and_tail_shows_the_log(self):
        code = "def handler(event, context):\n    print('about to fail')\n    raise ValueError('bad reading')\n"
        create_function(self.lam, "py-fails", make_zip({"app.py": code}))
        out = self.invoke("py-fails", {}, LogType="Tail")
        self.assertEqual(out["StatusCode"], 200)
        self.assertEqual(out["FunctionError"], "Unhandled")
        error = json.loads(out["body"])
        self.assertEqual((error["errorType"], error["errorMessage"]), ("ValueError", "bad reading"))
        self.assertIsInstance(error["stackTrace"], list)
        self.assertIn("about to fail", base64.b64decode(out["LogResult"]).decode())

    def test_a_function_past_its_timeout_is_stopped_with_aws_message(self):
        code = "import time\ndef handler(event, context):\n    time.sleep(30)\n"
        create_function(self.lam, "py-slow", make_zip({"app.py": code}), Timeout=1)
        started = time.monotonic()
        out = self.invoke("py-slow", {})
        self.assertLess(time.monotonic() - started, 15)
        self.assertEqual(out["FunctionError"], "Unhandled")
        self.assertIn("Task timed out after 1.00 seconds", json.loads(out["body"])["errorMessage"])

    def test_a_node_function_runs_on_the_local_node(self):
        code = "exports.handler = async (event, context) => ({doubled: event.n * 2, name: context.functionName});\n"
        create_function(self.lam, "node-double", make_zip({"index.js": code}),
                        Runtime="nodejs20.x", Handler="index.handler")
        out = self.invoke("node-double", {"n": 21})
        self.assertNotIn("FunctionError", out, out["body"])
        self.assertEqual(json.loads(out["body"]), {"doubled": 42, "name": "node-double"})

    def test_an_event_invocation_runs_later_and_answers_202(self):
        create_function(self.lam, "py-async", make_zip({"app.py": SEND_TO_QUEUE}), Timeout=30)
        out = self.invoke("py-async", {"queue": "async-out", "n": 2}, InvocationType="Event")
        self.assertEqual(out["StatusCode"], 202)
        self.assertEqual(out["body"], b"")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                url = self.sqs.get_queue_url(QueueName="async-out")["QueueUrl"]
            except self.sqs.exceptions.QueueDoesNotExist:
                time.sleep(0.2)
                continue
            messages = self.sqs.receive_message(QueueUrl=url, WaitTimeSeconds=5).get("Messages", [])
            if messages:
                self.assertEqual(json.loads(messages[0]["Body"]), {"queue": "async-out", "n": 2})
                return
        self.fail("the asynchronous invocation never sent its message")

    def test_new_code_runs_after_update_function_code(self):
        create_function(self.lam, "py-updated", make_zip({"app.py": "def handler(e, c):\n    return 'v1'\n"}))
        self.assertEqual(json.loads(self.invoke("py-updated", {})["body"]), "v1")
        self.lam.update_function_code(
            FunctionName="py-updated", ZipFile=make_zip({"app.py": "def handler(e, c):\n    return 'v2'\n"}))
        self.lam.get_waiter("function_updated_v2").wait(FunctionName="py-updated")
        self.assertEqual(json.loads(self.invoke("py-updated", {})["body"]), "v2")

    def test_functions_run_again_after_a_reset(self):
        create_function(self.lam, "py-before-reset", make_zip({"app.py": ECHO}))
        self.assertNotIn("FunctionError", self.invoke("py-before-reset", {}))
        request = urllib.request.Request(self.eddy.endpoint + "/_eddy/reset", method="POST")
        urllib.request.urlopen(request).read()
        create_function(self.lam, "py-after-reset", make_zip({"app.py": ECHO}))
        out = self.invoke("py-after-reset", {"again": True})
        self.assertNotIn("FunctionError", out, out["body"])
        self.assertEqual(json.loads(out["body"])["event"], {"again": True})


if __name__ == "__main__":
    unittest.main()
