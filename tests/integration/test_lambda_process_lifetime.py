"""Runtime processes live no longer than the Eddy that started them: kill -9 of eddy (no chance
to clean up) still ends every warm python and node runtime, as the kernel delivers the SIGKILL
each runtime asked for at its start (PR_SET_PDEATHSIG)."""

import json
import os
import signal
import tempfile
import time
import unittest

from eddy_harness import EddyProcess
from lambda_test_support import create_function, make_zip

# Busy when eddy dies: a runtime waiting on /next would also end when its connection drops, so
# only one still inside its handler shows that the kernel, not the runtime, ends it.
PYTHON_BUSY = """
import os, time
def handler(event, context):
    with open(event["pid_file"], "w") as out:
        out.write(str(os.getpid()))
    time.sleep(120)
"""
NODE_BUSY = """
const fs = require("fs");
exports.handler = async (event) => {
  fs.writeFileSync(event.pid_file, String(process.pid));
  await new Promise((resolve) => setTimeout(resolve, 120000));
};
"""


def running(pid):
    """True while `pid` exists and is not a zombie (a reaped or killed runtime is neither)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            state = stat.read().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def parent_of(pid):
    with open(f"/proc/{pid}/stat") as stat:
        return int(stat.read().rsplit(")", 1)[1].split()[1])


class LambdaProcessLifetimeTest(unittest.TestCase):
    def test_kill_9_of_eddy_leaves_no_runtime_process(self):
        eddy = EddyProcess().start()
        pids = []
        try:
            with tempfile.TemporaryDirectory(prefix="eddy-lifetime-") as directory:
                lam = eddy.client("lambda")
                create_function(lam, "py-busy", make_zip({"app.py": PYTHON_BUSY}), Timeout=300)
                create_function(lam, "node-busy", make_zip({"index.js": NODE_BUSY}),
                                Runtime="nodejs20.x", Handler="index.handler", Timeout=300)
                pid_files = [os.path.join(directory, name) for name in ["py", "node"]]
                for name, pid_file in zip(["py-busy", "node-busy"], pid_files):
                    lam.invoke(FunctionName=name, InvocationType="Event",
                               Payload=json.dumps({"pid_file": pid_file}).encode())
                deadline = time.monotonic() + 30
                while not all(os.path.exists(f) and open(f).read() for f in pid_files):
                    self.assertLess(time.monotonic(), deadline, "the handlers never started")
                    time.sleep(0.05)
                pids = [int(open(f).read()) for f in pid_files]
            for pid in pids:
                self.assertTrue(running(pid), pid)
                self.assertEqual(parent_of(pid), eddy.process.pid)
        finally:
            eddy.kill()
        deadline = time.monotonic() + 10
        while any(running(pid) for pid in pids) and time.monotonic() < deadline:
            time.sleep(0.05)
        leftover = [pid for pid in pids if running(pid)]
        for pid in leftover:  # do not leave them to the next test
            os.kill(pid, signal.SIGKILL)
        self.assertEqual(leftover, [])

if __name__ == "__main__":
    unittest.main()
