"""Running out of file descriptors: with more idle connections open than its limit allows, the
server backs off instead of spinning on accept, logs the failure at most once a second, and serves
again once clients leave. At start-up it raises its soft descriptor limit to the hard one."""

import http.client
import os
import resource
import socket
import time
import unittest

from eddy_harness import EddyProcess


def limit_descriptors(soft, hard):
    def apply():
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    return apply


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    utime, stime = int(fields[11]), int(fields[12])  # fields 14 and 15 of proc(5)
    return (utime + stime) / os.sysconf("SC_CLK_TCK")


def open_file_limits(pid):
    with open(f"/proc/{pid}/limits") as f:
        for line in f:
            if line.startswith("Max open files"):
                soft, hard = line.split()[3:5]
                return int(soft), int(hard)
    raise AssertionError("no 'Max open files' line")


class FileDescriptorsTest(unittest.TestCase):
    def test_out_of_descriptors_the_server_backs_off_and_recovers(self):
        # soft == hard: raising the limit cannot help, so accepts must fail.
        eddy = EddyProcess(preexec_fn=limit_descriptors(64, 64)).start()
        idle = []
        try:
            for _ in range(100):
                idle.append(socket.create_connection(("127.0.0.1", eddy.port), timeout=5))
            time.sleep(0.5)  # the server has taken what fits and now fails to accept the rest
            before = cpu_seconds(eddy.process.pid)
            time.sleep(2)
            used = cpu_seconds(eddy.process.pid) - before
            self.assertLess(used, 0.4, f"the server used {used:.2f} s of CPU in 2 s while out of descriptors")
            failures = [line for line in eddy.log_lines if "accept failed" in line]
            self.assertGreater(len(failures), 0, eddy.log_lines[:5])
            self.assertLessEqual(len(failures), 4, failures)
            self.assertIn("Too many open files", failures[0])

            for s in idle:
                s.close()
            idle.clear()
            conn = http.client.HTTPConnection("127.0.0.1", eddy.port, timeout=5)
            conn.request("GET", "/_eddy/health")
            self.assertEqual(conn.getresponse().status, 200)
            conn.close()
        finally:
            for s in idle:
                s.close()
            self.assertEqual(eddy.stop(), 0, eddy.log_lines[-5:])

    def test_the_soft_limit_is_raised_to_the_hard_limit(self):
        _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        hard = 4096 if hard == resource.RLIM_INFINITY else min(hard, 4096)
        eddy = EddyProcess(preexec_fn=limit_descriptors(min(256, hard // 2), hard)).start()
        try:
            self.assertEqual(open_file_limits(eddy.process.pid), (hard, hard))
        finally:
            self.assertEqual(eddy.stop(), 0)


if __name__ == "__main__":
    unittest.main()
