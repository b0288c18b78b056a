"""A setup written for LocalStack, run against eddy the way its user would: an init script calling
`awslocal` (put on PATH, as the image has it), a wait for the `Ready.` line, then the health JSON,
the script's effect and /_localstack/init."""

import http.client
import json
import os
import stat
import unittest

import boto3

from eddy_harness import EDDY_BIN, SOURCE_DIR, temporary_directory
from ready_process import ReadyProcess, get_json

INIT_SCRIPT = """#!/bin/bash
set -euo pipefail
echo "creating resources"
awslocal sqs create-queue --queue-name orders
awslocal dynamodb create-table --table-name readings \\
  --attribute-definitions AttributeName=sensor,AttributeType=S \\
  --key-schema AttributeName=sensor,KeyType=HASH --billing-mode PAY_PER_REQUEST
awslocal sns create-topic --name alerts
"""


class LocalStackConventionsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = temporary_directory()
        ready_d = os.path.join(cls.tmp.name, "etc", "localstack", "init", "ready.d")
        os.makedirs(ready_d)
        script = os.path.join(ready_d, "01-resources.sh")
        with open(script, "w") as f:
            f.write(INIT_SCRIPT)
        os.chmod(script, os.stat(script).st_mode | stat.S_IXUSR)
        # awslocal as the image installs it; the scripts find it on PATH.
        env = dict(os.environ)
        env["PATH"] = os.path.join(SOURCE_DIR, "docker") + os.pathsep + env["PATH"]
        for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION"):
            env.pop(name, None)
        cls.eddy = ReadyProcess([EDDY_BIN, "--port", "0", "--init-dir", ready_d], env=env).start()
        cls.eddy.wait_for_stdout(r"^Ready\.$", timeout=120)
        cls.endpoint = cls.eddy.endpoint

    @classmethod
    def tearDownClass(cls):
        code = cls.eddy.stop()
        cls.tmp.cleanup()
        if code != 0:
            raise AssertionError(f"eddy stopped with {code}: {cls.eddy.stderr_lines}")

    def client(self, service):
        return boto3.client(service, endpoint_url=self.endpoint, region_name="us-east-1",
                            aws_access_key_id="test", aws_secret_access_key="test")

    def test_the_init_script_made_its_resources_before_ready(self):
        urls = self.client("sqs").list_queues()["QueueUrls"]
        self.assertEqual([url.rsplit("/", 1)[1] for url in urls], ["orders"])
        table = self.client("dynamodb").describe_table(TableName="readings")["Table"]
        self.assertEqual(table["TableStatus"], "ACTIVE")
        topics = self.client("sns").list_topics()["Topics"]
        self.assertEqual([t["TopicArn"] for t in topics],
                         ["arn:aws:sns:us-east-1:000000000000:alerts"])
        self.assertIn("info init 01-resources.sh: creating resources", self.eddy.stderr_lines)

    def test_health_lists_every_service_running(self):
        status, body, _ = get_json(self.endpoint + "/_localstack/health")
        self.assertEqual(status, 200)
        self.assertEqual(set(body), {"services", "edition", "version"})
        _, eddy_health, _ = get_json(self.endpoint + "/_eddy/health")
        self.assertEqual(body["services"], {name: "running" for name in eddy_health["services"]})
        for name in ("sqs", "sns", "dynamodb", "dynamodbstreams", "kinesis", "lambda", "iam",
                     "sts"):
            self.assertEqual(body["services"][name], "running")
        self.assertEqual(body["edition"], "eddy")
        self.assertEqual(body["version"], eddy_health["version"])

    def test_head_health_answers_without_a_body(self):
        connection = http.client.HTTPConnection(self.endpoint.split("//")[1], timeout=10)
        try:
            connection.request("HEAD", "/_localstack/health")
            response = connection.getresponse()
            self.assertEqual(response.status, 200)
            self.assertEqual(response.read(), b"")
            # Nothing followed the HEAD answer: the next one on the connection parses.
            connection.request("GET", "/_localstack/health")
            response = connection.getresponse()
            self.assertEqual(response.status, 200)
            self.assertEqual(json.loads(response.read())["services"]["sqs"], "running")
        finally:
            connection.close()

    def test_init_reports_every_stage_and_the_ready_scripts(self):
        status, body, _ = get_json(self.endpoint + "/_localstack/init")
        self.assertEqual(status, 200)
        self.assertEqual(body, {
            "completed": {"BOOT": True, "START": True, "READY": True, "SHUTDOWN": False},
            "scripts": [{"stage": "READY", "name": "01-resources.sh", "state": "SUCCESSFUL"}],
        })
        status, body, _ = get_json(self.endpoint + "/_localstack/init/ready")
        self.assertEqual(status, 200)
        self.assertEqual(body, {
            "completed": True,
            "scripts": [{"stage": "READY", "name": "01-resources.sh", "state": "SUCCESSFUL"}],
        })
        for stage, completed in (("boot", True), ("start", True), ("shutdown", False)):
            status, body, _ = get_json(self.endpoint + f"/_localstack/init/{stage}")
            self.assertEqual((status, body), (200, {"completed": completed, "scripts": []}))

    def test_unknown_routes_and_methods_are_refused(self):
        status, body, _ = get_json(self.endpoint + "/_localstack/init/later")
        self.assertEqual((status, body["message"]), (404, "No such LocalStack route in Eddy."))
        status, _, _ = get_json(self.endpoint + "/_localstack/nothing")
        self.assertEqual(status, 404)
        status, body, _ = get_json(self.endpoint + "/_localstack/health", method="DELETE")
        self.assertEqual((status, body["message"]), (405, "This route takes GET or HEAD."))


if __name__ == "__main__":
    unittest.main()
