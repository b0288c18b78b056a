"""Init hooks (--init-dir, EDDY_INIT_DIR): the scripts run once eddy listens, in name order, with
the AWS environment pointed at it; their output is logged, their outcome is in /_eddy/health, and
"Ready." is printed only after the last one ended."""

import os
import stat
import sys
import time
import unittest

import boto3

from eddy_harness import EDDY_BIN, SOURCE_DIR, temporary_directory
from ready_process import ReadyProcess, get_json


def write_script(directory, name, text, executable=True):
    path = os.path.join(directory, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    if executable:
        os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)
    return path


def process_alive(pid, wait_seconds=10):
    """Whether `pid` still runs after up to `wait_seconds` (a zombie awaiting its reaper is gone)."""
    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat") as f:
                if f.read().rsplit(")", 1)[1].split()[0] == "Z":
                    return False
        except FileNotFoundError:
            return False
        time.sleep(0.05)
    return True


def start_eddy(*args, env=None):
    return ReadyProcess([EDDY_BIN, "--port", "0", *args], env=env).start()


def health(eddy):
    status, body, _ = get_json(eddy.endpoint + "/_eddy/health")
    assert status == 200, status
    return body


class InitHookTest(unittest.TestCase):
    def setUp(self):
        self.tmp = temporary_directory()
        self.dir = self.tmp.name
        self.hooks = os.path.join(self.dir, "hooks")
        os.makedirs(self.hooks)
        self.trace = os.path.join(self.dir, "trace")

    def tearDown(self):
        self.tmp.cleanup()

    def traced(self):
        with open(self.trace) as f:
            return [line.rstrip("\n") for line in f]

    def test_scripts_run_in_name_order_with_the_aws_environment_then_ready(self):
        env_line = ('echo "$0 $AWS_ENDPOINT_URL $AWS_DEFAULT_REGION $AWS_REGION '
                    '$AWS_ACCESS_KEY_ID $AWS_SECRET_ACCESS_KEY ${AWS_PROFILE:-none}" >> ' + self.trace)
        write_script(self.hooks, "20-second.sh", f"#!/bin/sh\n{env_line}\necho hello from second\n")
        write_script(self.hooks, "10-first.py", "#!/usr/bin/env python3\n"
                     f"open({self.trace!r}, 'a').write('first ' + __import__('os').getcwd() + '\\n')\n")
        write_script(self.hooks, "sub/05-nested.sh", f"#!/bin/sh\necho nested >> {self.trace}\n")
        write_script(self.hooks, "30-notes.txt", f"echo notes >> {self.trace}\n", executable=False)
        write_script(self.hooks, ".40-hidden.sh", f"#!/bin/sh\necho hidden >> {self.trace}\n")
        # The server's own credentials and profile must not reach the scripts: they talk to eddy.
        env = dict(os.environ, AWS_ACCESS_KEY_ID="AKIAREALKEY", AWS_SECRET_ACCESS_KEY="real",
                   AWS_PROFILE="production", AWS_DEFAULT_REGION="eu-west-1")
        with start_eddy("--init-dir", self.hooks, env=env) as eddy:
            eddy.wait_for_stdout(r"^Ready\.$")
            traced = self.traced()
            self.assertEqual(traced[0], f"first {self.hooks}")
            self.assertEqual(traced[1].split()[1:],
                             [eddy.endpoint, "eu-west-1", "eu-west-1", "test", "test", "none"])
            self.assertTrue(traced[1].split()[0].endswith("20-second.sh"))
            self.assertEqual(traced[2:], ["nested"])

            report = health(eddy)["init"]
            self.assertTrue(report["completed"])
            self.assertEqual([s["name"] for s in report["scripts"]],
                             ["10-first.py", "20-second.sh", os.path.join("sub", "05-nested.sh")])
            for script in report["scripts"]:
                self.assertEqual(script["state"], "succeeded")
                self.assertEqual(script["exit_code"], 0)
                self.assertEqual(script["ending"], "exit status 0")
            self.assertEqual(report["scripts"][1]["path"], os.path.join(self.hooks, "20-second.sh"))
            # "Ready." comes after the listening line, once.
            self.assertLess(eddy.stdout_lines.index(eddy.wait_for_stdout("listening on")),
                            eddy.stdout_lines.index("Ready."))
            self.assertEqual(eddy.stdout_lines.count("Ready."), 1)
        self.assertIn("info init 20-second.sh: hello from second", eddy.stderr_lines)

    def test_a_failing_script_is_reported_and_the_rest_still_run(self):
        write_script(self.hooks, "01-fails.sh", "#!/bin/sh\necho about to fail >&2\nexit 3\n")
        write_script(self.hooks, "02-bad-interpreter", "#!/nonexistent/interpreter\n")
        write_script(self.hooks, "03-killed.sh", "#!/bin/sh\nkill -KILL $$\n")
        write_script(self.hooks, "04-runs.sh", f"#!/bin/sh\necho ran >> {self.trace}\n")
        with start_eddy("--init-dir", self.hooks) as eddy:
            eddy.wait_for_stdout(r"^Ready\.$")
            scripts = {s["name"]: s for s in health(eddy)["init"]["scripts"]}
            self.assertEqual(scripts["01-fails.sh"]["state"], "failed")
            self.assertEqual(scripts["01-fails.sh"]["exit_code"], 3)
            self.assertEqual(scripts["01-fails.sh"]["ending"], "exit status 3")
            self.assertEqual(scripts["02-bad-interpreter"]["state"], "failed")
            self.assertIsNone(scripts["02-bad-interpreter"]["exit_code"])
            self.assertEqual(scripts["02-bad-interpreter"]["ending"],
                             "could not start: No such file or directory")
            self.assertEqual(scripts["03-killed.sh"]["state"], "failed")
            self.assertIsNone(scripts["03-killed.sh"]["exit_code"])
            self.assertEqual(scripts["03-killed.sh"]["ending"], "signal: killed")
            self.assertEqual(scripts["04-runs.sh"]["state"], "succeeded")
            self.assertEqual(self.traced(), ["ran"])
            _, init, _ = get_json(eddy.endpoint + "/_localstack/init")
            self.assertEqual([s["state"] for s in init["scripts"]],
                             ["ERROR", "ERROR", "ERROR", "SUCCESSFUL"])
        self.assertIn("info init 01-fails.sh: about to fail", eddy.stderr_lines)

    def test_requests_are_served_while_a_script_runs_and_ready_waits_for_it(self):
        release = os.path.join(self.dir, "release")
        # The script itself calls eddy and then waits: eddy must go on serving meanwhile.
        write_script(self.hooks, "01-slow.py", f"""#!{sys.executable}
import os, time, boto3
sqs = boto3.client("sqs", endpoint_url=os.environ["AWS_ENDPOINT_URL"])
sqs.create_queue(QueueName="made-by-hook")
while not os.path.exists({release!r}):
    time.sleep(0.05)
""")
        write_script(self.hooks, "02-after.sh", f"#!/bin/sh\necho after >> {self.trace}\n")
        # One thread: a script being waited for must not hold it.
        with start_eddy("--init-dir", self.hooks, "--threads", "1") as eddy:
            sqs = boto3.client("sqs", endpoint_url=eddy.endpoint, region_name="us-east-1",
                               aws_access_key_id="test", aws_secret_access_key="test")
            for _ in range(200):
                if sqs.list_queues().get("QueueUrls"):
                    break
                time.sleep(0.05)
            self.assertTrue(sqs.list_queues()["QueueUrls"][0].endswith("/made-by-hook"))
            report = health(eddy)["init"]
            self.assertFalse(report["completed"])
            self.assertEqual([s["state"] for s in report["scripts"]], ["running", "pending"])
            _, init, _ = get_json(eddy.endpoint + "/_localstack/init")
            self.assertFalse(init["completed"]["READY"])
            self.assertEqual([s["state"] for s in init["scripts"]], ["RUNNING", "UNKNOWN"])
            _, ready_stage, _ = get_json(eddy.endpoint + "/_localstack/init/ready")
            self.assertFalse(ready_stage["completed"])
            self.assertNotIn("Ready.", eddy.stdout_lines)

            open(release, "w").close()
            eddy.wait_for_stdout(r"^Ready\.$")
            self.assertEqual(self.traced(), ["after"])
            report = health(eddy)["init"]
            self.assertTrue(report["completed"])
            self.assertEqual([s["state"] for s in report["scripts"]], ["succeeded", "succeeded"])

    def test_stopping_eddy_ends_a_running_script_and_what_it_started(self):
        pids = os.path.join(self.dir, "pids")
        write_script(self.hooks, "01-forever.sh",
                     f"#!/bin/sh\nsleep 1000 &\necho $$ $! > {pids}.tmp\nmv {pids}.tmp {pids}\nwait\n")
        with start_eddy("--init-dir", self.hooks) as eddy:
            for _ in range(200):
                if os.path.exists(pids):
                    break
                time.sleep(0.05)
            with open(pids) as f:
                script_pids = [int(pid) for pid in f.read().split()]
            self.assertEqual(health(eddy)["init"]["scripts"][0]["state"], "running")
        self.assertEqual(eddy.process.returncode, 0)
        self.assertNotIn("Ready.", eddy.stdout_lines)
        for pid in script_pids:
            self.assertFalse(process_alive(pid), f"process {pid} outlived eddy")

    def test_non_executable_python_and_shell_scripts_run_with_their_interpreter(self):
        write_script(self.hooks, "01-plain.py", f"open({self.trace!r}, 'a').write('py\\n')\n",
                     executable=False)
        write_script(self.hooks, "02-plain.sh", f"echo sh >> {self.trace}\n", executable=False)
        with start_eddy("--init-dir", self.hooks) as eddy:
            eddy.wait_for_stdout(r"^Ready\.$")
            self.assertEqual(self.traced(), ["py", "sh"])

    def test_eddy_init_dir_lists_directories_separated_by_colons(self):
        second = os.path.join(self.dir, "second")
        os.makedirs(second)
        write_script(self.hooks, "50-a.sh", f"#!/bin/sh\necho first-dir >> {self.trace}\n")
        write_script(second, "10-b.sh", f"#!/bin/sh\necho second-dir >> {self.trace}\n")
        env = dict(os.environ, EDDY_INIT_DIR=f"{self.hooks}:{second}")
        with start_eddy(env=env) as eddy:
            eddy.wait_for_stdout(r"^Ready\.$")
            self.assertEqual(self.traced(), ["first-dir", "second-dir"])
        # --init-dir replaces the variable's list.
        os.remove(self.trace)
        with start_eddy("--init-dir", second, env=env) as eddy:
            eddy.wait_for_stdout(r"^Ready\.$")
            self.assertEqual(self.traced(), ["second-dir"])

    def test_without_init_hooks_ready_follows_listening(self):
        with start_eddy() as eddy:
            eddy.wait_for_stdout(r"^Ready\.$")
            self.assertEqual(health(eddy)["init"], {"completed": True, "scripts": []})

    def test_an_init_dir_that_does_not_exist_is_refused(self):
        missing = os.path.join(self.dir, "missing")
        with start_eddy("--init-dir", missing) as eddy:
            self.assertEqual(eddy.process.wait(timeout=30), 2)
        self.assertIn(f"eddy: --init-dir: '{missing}' is not a directory", eddy.stderr_lines)

    def test_the_classroom_example_creates_lab_role_once(self):
        example = os.path.join(SOURCE_DIR, "examples", "init")
        data = os.path.join(self.dir, "data")
        for run in range(2):  # the second start keeps the state and finds the role there
            with start_eddy("--init-dir", example, "--data-dir", data) as eddy:
                eddy.wait_for_stdout(r"^Ready\.$", timeout=120)
                [script] = health(eddy)["init"]["scripts"]
                self.assertEqual(script["state"], "succeeded", eddy.stderr_lines)
                iam = boto3.client("iam", endpoint_url=eddy.endpoint, region_name="us-east-1",
                                   aws_access_key_id="test", aws_secret_access_key="test")
                role = iam.get_role(RoleName="LabRole")["Role"]
                self.assertEqual(role["Arn"], "arn:aws:iam::000000000000:role/LabRole")
                self.assertEqual(
                    role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"],
                    {"Service": "lambda.amazonaws.com"})
                policy = iam.get_role_policy(RoleName="LabRole", PolicyName="LabAccess")
                self.assertEqual(policy["PolicyDocument"]["Statement"][0]["Action"], "*")
            expected = ("LabRole created with the LabAccess policy" if run == 0
                        else "LabRole already exists")
            self.assertIn(f"info init 01-lab-role.sh: {expected}", eddy.stderr_lines)


if __name__ == "__main__":
    unittest.main()
