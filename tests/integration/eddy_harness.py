"""Starts a real `eddy` process on a free loopback port for a test module, and hands out boto3
clients pointed at it. The binary comes from $EDDY_BIN (set by ctest), else build/bin/eddy."""

import os
import signal
import subprocess
import tempfile
import threading
import unittest

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

SOURCE_DIR = os.environ.get(
    "EDDY_SOURCE_DIR", os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
)
EDDY_BIN = os.environ.get("EDDY_BIN", os.path.join(SOURCE_DIR, "build", "bin", "eddy"))
REGION = "us-east-1"


class EddyProcess:
    """One eddy server. Use as a context manager or call start()/stop()."""

    def __init__(self, data_dir=None, extra_args=(), log_level="warn", preexec_fn=None):
        self.data_dir = data_dir
        self.preexec_fn = preexec_fn  # runs in the child before exec: resource limits
        self.log_level = log_level
        self.extra_args = list(extra_args)
        self.process = None
        self.port = None
        self.log_lines = []

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        args = [EDDY_BIN, "--host", "127.0.0.1", "--port", "0", "--log-level", self.log_level]
        if self.data_dir:
            args += ["--data-dir", self.data_dir]
        args += self.extra_args
        self.process = subprocess.Popen(
            args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            preexec_fn=self.preexec_fn,
        )
        line = self.process.stdout.readline()
        if "listening on" not in line:
            self.process.kill()
            raise RuntimeError(f"eddy did not start: {line!r} {self.process.stderr.read()}")
        self.port = int(line.split("http://127.0.0.1:")[1].split()[0])
        threading.Thread(target=self._drain_stderr, daemon=True).start()
        return self

    def _drain_stderr(self):
        for line in self.process.stderr:
            self.log_lines.append(line)

    def stop(self, sig=signal.SIGTERM, timeout=30):
        if self.process and self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(timeout=timeout)
        if self.process and self.process.stdout and not self.process.stdout.closed:
            self.process.stdout.close()
        return self.process.returncode if self.process else None

    def kill(self):
        self.stop(signal.SIGKILL)

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def client(self, service, region=REGION, access_key="test", **config):
        return boto3.client(
            service,
            endpoint_url=self.endpoint,
            region_name=region,
            aws_access_key_id=access_key,
            aws_secret_access_key="test",
            config=Config(retries={"max_attempts": 1}, **config),
        )


class EddyTestCase(unittest.TestCase):
    """A test class sharing one eddy process across its tests; fails if eddy died."""

    eddy = None

    @classmethod
    def setUpClass(cls):
        cls.eddy = EddyProcess().start()

    @classmethod
    def tearDownClass(cls):
        alive = cls.eddy.alive()
        code = cls.eddy.stop()
        if not alive:
            raise AssertionError(f"eddy exited during the tests with {code}: {cls.eddy.log_lines}")
        if code != 0:
            raise AssertionError(f"eddy stopped with exit code {code}: {cls.eddy.log_lines}")

    def client(self, service, **kwargs):
        return self.eddy.client(service, **kwargs)

    def assert_error(self, call, code, message=None, status=400, **kwargs):
        """call(**kwargs) fails with this code, HTTP status and (unless None) message."""
        with self.assertRaises(ClientError) as raised:
            call(**kwargs)
        error = raised.exception.response["Error"]
        self.assertEqual(error["Code"], code)
        if message is not None:
            self.assertEqual(error["Message"], message)
        self.assertEqual(raised.exception.response["ResponseMetadata"]["HTTPStatusCode"], status)
        return raised.exception


def temporary_directory():
    return tempfile.TemporaryDirectory(prefix="eddy-test-")
