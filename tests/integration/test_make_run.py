"""`make run` honours EDDY_PORT, EDDY_HOST, EDDY_DATA_DIR and EDDY_INIT_DIR. The test runs the
Makefile's own `run` recipe (read from the Makefile, with the build directory filled in) through
the shell, as make would after its deps and build steps, with only those variables set."""

import os
import re
import stat
import unittest

import boto3

from eddy_harness import EDDY_BIN, SOURCE_DIR, temporary_directory
from ready_process import ReadyProcess, free_port, get_json


def run_recipe():
    """The command lines of the Makefile's `run` target."""
    with open(os.path.join(SOURCE_DIR, "Makefile")) as f:
        text = f.read()
    match = re.search(r"^run:[^\n]*\n((?:\t[^\n]*\n)+)", text, re.MULTILINE)
    assert match, "the Makefile has no run target"
    lines = [line[1:] for line in match.group(1).splitlines()]
    build_dir = os.path.dirname(os.path.dirname(EDDY_BIN))  # EDDY_BIN is BUILD_DIR/bin/eddy
    return [line.replace("$(BUILD_DIR)", build_dir) for line in lines]


class MakeRunTest(unittest.TestCase):
    def setUp(self):
        self.tmp = temporary_directory()
        self.data = os.path.join(self.tmp.name, "data")
        os.makedirs(self.data)
        self.hooks = os.path.join(self.tmp.name, "hooks")
        os.makedirs(self.hooks)
        hook = os.path.join(self.hooks, "01-queue.sh")
        with open(hook, "w") as f:
            f.write(f"#!/bin/sh\necho \"$AWS_ENDPOINT_URL\" > {self.tmp.name}/endpoint\n")
        os.chmod(hook, os.stat(hook).st_mode | stat.S_IXUSR)

    def tearDown(self):
        self.tmp.cleanup()

    def start(self, **variables):
        [command] = run_recipe()
        self.assertNotIn("$(", command, "the recipe uses make variables the test cannot fill")
        env = {k: v for k, v in os.environ.items() if not k.startswith("EDDY_")}
        env.update(variables)
        # From the directory the relative EDDY_INIT_DIR is relative to, as `make run` from a checkout.
        return ReadyProcess(command, env=env, shell=True, cwd=self.tmp.name).start()

    def test_the_recipe_serves_where_the_variables_say(self):
        port = free_port()
        settings = dict(EDDY_PORT=str(port), EDDY_HOST="127.0.0.1", EDDY_DATA_DIR=self.data,
                        EDDY_INIT_DIR="hooks")
        with self.start(**settings) as eddy:
            listening = eddy.wait_for_stdout("listening on")
            self.assertIn(f"http://127.0.0.1:{port} (data in {self.data})", listening)
            eddy.wait_for_stdout(r"^Ready\.$")
            endpoint = f"http://127.0.0.1:{port}"
            with open(os.path.join(self.tmp.name, "endpoint")) as f:
                self.assertEqual(f.read().strip(), endpoint)
            status, health, _ = get_json(endpoint + "/_eddy/health")
            self.assertEqual((status, health["storage"]), (200, "file"))
            self.assertEqual(health["init"]["scripts"][0]["state"], "succeeded")
            sqs = boto3.client("sqs", endpoint_url=endpoint, region_name="us-east-1",
                               aws_access_key_id="test", aws_secret_access_key="test")
            sqs.create_queue(QueueName="kept")
        # The shell make starts may die first; eddy itself stopped cleanly once its output ended.
        self.assertIn("info signal SIGTERM: stopping", eddy.stderr_lines)
        self.assertTrue(os.path.exists(os.path.join(self.data, "eddy.db")))
        # The same variables again: the state is still there.
        with self.start(**settings) as eddy:
            eddy.wait_for_stdout(r"^Ready\.$")
            self.assertEqual([u.rsplit("/", 1)[1] for u in sqs.list_queues()["QueueUrls"]],
                             ["kept"])


if __name__ == "__main__":
    unittest.main()
