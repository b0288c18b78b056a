"""The Docker image's logic, run outside Docker (no engine runs here): docker/entrypoint.sh with
the image's paths under a scratch root (EDDY_IMAGE_ROOT) and the built binary (EDDY_BIN), the
awslocal it installs on PATH, and its HEALTHCHECK command. The image build itself is not tested."""

import fnmatch
import os
import stat
import subprocess
import unittest

import boto3

from eddy_harness import EDDY_BIN, SOURCE_DIR, temporary_directory
from ready_process import ReadyProcess, free_port

DOCKER_DIR = os.path.join(SOURCE_DIR, "docker")
ENTRYPOINT = os.path.join(DOCKER_DIR, "entrypoint.sh")
HEALTHCHECK = os.path.join(DOCKER_DIR, "healthcheck")


def write_script(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)


class DockerEntrypointTest(unittest.TestCase):
    def setUp(self):
        self.tmp = temporary_directory()
        self.root = os.path.join(self.tmp.name, "root")
        self.trace = os.path.join(self.tmp.name, "trace")
        self.port = free_port()

    def tearDown(self):
        self.tmp.cleanup()

    def environment(self, **variables):
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("EDDY_", "AWS_")) and k != "PERSISTENCE"}
        env.update(EDDY_IMAGE_ROOT=self.root, EDDY_BIN=EDDY_BIN, EDDY_PORT=str(self.port))
        # awslocal and the health check as the image installs them: on PATH.
        env["PATH"] = DOCKER_DIR + os.pathsep + env["PATH"]
        env.update(variables)
        return env

    def entrypoint(self, *args, **variables):
        return ReadyProcess([ENTRYPOINT, *args], env=self.environment(**variables)).start()

    def healthcheck(self):
        return subprocess.run([HEALTHCHECK], env=self.environment(), capture_output=True,
                              timeout=30).returncode

    def client(self, service):
        return boto3.client(service, endpoint_url=f"http://127.0.0.1:{self.port}",
                            region_name="us-east-1", aws_access_key_id="test",
                            aws_secret_access_key="test")

    def test_a_localstack_style_container_with_persistence(self):
        write_script(os.path.join(self.root, "etc/eddy/init/ready.d/01-eddy.sh"),
                     f"#!/bin/sh\necho eddy >> {self.trace}\n")
        write_script(os.path.join(self.root, "etc/localstack/init/ready.d/01-queue.sh"),
                     "#!/bin/sh\nset -e\nawslocal sqs create-queue --queue-name jobs >/dev/null\n"
                     f"echo localstack >> {self.trace}\n")
        state = os.path.join(self.root, "var/lib/localstack")
        with self.entrypoint(PERSISTENCE="1") as container:
            listening = container.wait_for_stdout("listening on")
            self.assertIn(f"http://0.0.0.0:{self.port} (data in {state})", listening)
            container.wait_for_stdout(r"^Ready\.$", timeout=120)
            with open(self.trace) as f:
                self.assertEqual(f.read().split(), ["eddy", "localstack"])
            self.assertEqual(self.healthcheck(), 0)
            self.assertTrue(self.client("sqs").list_queues()["QueueUrls"][0].endswith("/jobs"))
        self.assertEqual(container.process.returncode, 0)
        self.assertNotEqual(self.healthcheck(), 0)
        self.assertTrue(os.path.exists(os.path.join(state, "eddy.db")))
        # A new container on the same volume finds the queue (the hook's create is idempotent).
        with self.entrypoint(PERSISTENCE="true") as container:
            container.wait_for_stdout(r"^Ready\.$", timeout=120)
            urls = self.client("sqs").list_queues()["QueueUrls"]
            self.assertEqual([u.rsplit("/", 1)[1] for u in urls], ["jobs"])

    def test_state_is_in_memory_unless_persistence_or_a_data_dir_is_asked_for(self):
        with self.entrypoint() as container:
            self.assertIn("(in-memory)", container.wait_for_stdout("listening on"))
        with self.entrypoint(PERSISTENCE="0") as container:
            self.assertIn("(in-memory)", container.wait_for_stdout("listening on"))
        data = os.path.join(self.tmp.name, "volume", "eddy")
        with self.entrypoint(PERSISTENCE="1", EDDY_DATA_DIR=data) as container:
            self.assertIn(f"(data in {data})", container.wait_for_stdout("listening on"))
            container.wait_for_stdout(r"^Ready\.$")
        self.assertTrue(os.path.exists(os.path.join(data, "eddy.db")))

    def test_user_settings_come_before_the_image_defaults(self):
        own = os.path.join(self.tmp.name, "own-hooks")
        write_script(os.path.join(own, "01-own.sh"), f"#!/bin/sh\necho own >> {self.trace}\n")
        write_script(os.path.join(self.root, "etc/eddy/init/ready.d/01-image.sh"),
                     f"#!/bin/sh\necho image >> {self.trace}\n")
        with self.entrypoint(EDDY_HOST="127.0.0.1", EDDY_INIT_DIR=own) as container:
            self.assertIn(f"http://127.0.0.1:{self.port} ", container.wait_for_stdout("listening"))
            container.wait_for_stdout(r"^Ready\.$")
            with open(self.trace) as f:
                self.assertEqual(f.read().split(), ["own", "image"])

    def test_flags_go_to_eddy_and_other_commands_run_instead(self):
        with self.entrypoint("--version") as container:
            self.assertRegex(container.wait_for_stdout("^eddy "), r"^eddy \d+\.\d+\.\d+")
            self.assertEqual(container.process.wait(timeout=30), 0)
        with self.entrypoint("sh", "-c", "echo \"$EDDY_HOST:$EDDY_PORT\"") as container:
            self.assertEqual(container.wait_for_stdout(":"), f"0.0.0.0:{self.port}")
            self.assertEqual(container.process.wait(timeout=30), 0)

    def test_awslocal_reaches_eddy_with_dummy_credentials(self):
        with self.entrypoint() as container:
            container.wait_for_stdout(r"^Ready\.$")
            # Outside an init hook nothing sets AWS_ENDPOINT_URL: EDDY_PORT decides.
            created = subprocess.run(
                ["awslocal", "sns", "create-topic", "--name", "from-shell", "--output", "text"],
                env=self.environment(), capture_output=True, text=True, timeout=60)
            self.assertEqual(created.returncode, 0, created.stderr)
            self.assertEqual(created.stdout.strip(),
                             "arn:aws:sns:us-east-1:000000000000:from-shell")

    def test_the_dockerfile_copies_only_what_the_build_context_holds(self):
        with open(os.path.join(DOCKER_DIR, "Dockerfile")) as f:
            lines = f.read().splitlines()
        with open(os.path.join(SOURCE_DIR, ".dockerignore")) as f:
            ignored = [line.strip().rstrip("/") for line in f
                       if line.strip() and not line.startswith("#")]
        copies = [line.split()[1:-1] for line in lines
                  if line.startswith("COPY ") and "--from=" not in line]
        self.assertGreater(len(copies), 3)
        for sources in copies:
            for source in sources:
                if source == ".":
                    continue
                self.assertTrue(os.path.exists(os.path.join(SOURCE_DIR, source)), source)
                self.assertFalse(any(fnmatch.fnmatch(source, p) for p in ignored), source)
        for installed in ("docker/entrypoint.sh", "docker/awslocal", "docker/healthcheck",
                          "runtimes", "scripts/install-deps"):
            self.assertIn(installed, [s for sources in copies for s in sources])


if __name__ == "__main__":
    unittest.main()
