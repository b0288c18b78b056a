"""Starts an eddy (or anything that execs it: `make run`'s recipe, the Docker entrypoint) the way a
user or a test container does: by command and environment alone, then waits for lines on its
output such as LocalStack's `Ready.`. Both output streams are collected."""

import json
import os
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request

LISTENING = re.compile(r"listening on (http://\S+):(\d+)")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ReadyProcess:
    def __init__(self, args, env=None, cwd=None, shell=False):
        self.args = args
        self.env = dict(os.environ if env is None else env)
        self.cwd = cwd
        self.shell = shell
        self.process = None
        self.stdout_lines = []
        self.stderr_lines = []
        self._changed = threading.Condition()
        self._stdout_ended = False

    def start(self):
        self.process = subprocess.Popen(
            self.args, env=self.env, cwd=self.cwd, shell=self.shell, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
        )
        self._readers = [
            threading.Thread(target=self._collect, args=(stream, lines), daemon=True)
            for stream, lines in ((self.process.stdout, self.stdout_lines),
                                  (self.process.stderr, self.stderr_lines))]
        for reader in self._readers:
            reader.start()
        return self

    def _collect(self, stream, lines):
        for line in stream:
            with self._changed:
                lines.append(line.rstrip("\n"))
                self._changed.notify_all()
        with self._changed:
            if lines is self.stdout_lines:
                self._stdout_ended = True
            self._changed.notify_all()

    def wait_for_stdout(self, pattern, timeout=60):
        """The first stdout line matching `pattern` (a regex); fails after `timeout` seconds."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for line in self.stdout_lines:
                    if regex.search(line):
                        return line
                left = deadline - time.monotonic()
                if left <= 0 or self._stdout_ended:
                    raise AssertionError(
                        f"no stdout line matching {pattern!r}; stdout={self.stdout_lines} "
                        f"stderr={self.stderr_lines} exit={self.process.poll()}")
                self._changed.wait(min(left, 0.2))

    @property
    def endpoint(self):
        """http://127.0.0.1:PORT from the listening line (a wildcard host is reached on loopback)."""
        line = self.wait_for_stdout(LISTENING.pattern)
        port = LISTENING.search(line).group(2)
        return f"http://127.0.0.1:{port}"

    def stop(self, timeout=30):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if self.process:
            # Everything it wrote is collected before the test looks at it.
            for reader in self._readers:
                reader.join(timeout=timeout)
            self.process.stdout.close()
            self.process.stderr.close()
        return self.process.returncode if self.process else None

    def __enter__(self):
        return self if self.process else self.start()

    def __exit__(self, *exc):
        self.stop()


def get_json(url, method="GET"):
    """(status, parsed body or None, raw body) of an HTTP request."""
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
            status = response.status
    except urllib.error.HTTPError as e:
        body = e.read()
        status = e.code
    return status, (json.loads(body) if body else None), body
