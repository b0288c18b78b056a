"""Connection timeouts through raw sockets: a client that stalls mid-header or mid-body loses its
connection after the header or body timeout, an idle kept-alive one after the (longer) idle
timeout, and a slow body that keeps arriving is served."""

import socket
import time
import unittest

from eddy_harness import EddyProcess

SQS_JSON_HEAD = (b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.0\r\n"
                 b"X-Amz-Target: AmazonSQS.ListQueues\r\n")


class ConnectionTimeoutsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.eddy = EddyProcess(
            extra_args=["--idle-timeout", "3", "--header-timeout", "1", "--body-timeout", "1"]
        ).start()

    @classmethod
    def tearDownClass(cls):
        code = cls.eddy.stop()
        if code != 0:
            raise AssertionError(f"eddy stopped with exit code {code}: {cls.eddy.log_lines}")

    def seconds_until_closed(self, first_bytes, limit=10):
        """Sends `first_bytes`, then waits for the server to close: (seconds, what it answered)."""
        with socket.create_connection(("127.0.0.1", self.eddy.port), timeout=limit) as s:
            if first_bytes:
                s.sendall(first_bytes)
            started = time.monotonic()
            received = b""
            while True:
                try:
                    chunk = s.recv(4096)
                except ConnectionResetError:
                    break
                if not chunk:
                    break
                received += chunk
            return time.monotonic() - started, received

    def test_a_stalled_header_is_closed_after_the_header_timeout(self):
        elapsed, received = self.seconds_until_closed(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Tar")
        self.assertGreater(elapsed, 0.8)
        self.assertLess(elapsed, 2.5)
        self.assertEqual(received, b"")

    def test_a_stalled_body_is_closed_after_the_body_timeout(self):
        elapsed, received = self.seconds_until_closed(SQS_JSON_HEAD + b"Content-Length: 100\r\n\r\n{")
        self.assertGreater(elapsed, 0.8)
        self.assertLess(elapsed, 2.5)
        self.assertEqual(received, b"")

    def test_an_idle_connection_waits_for_the_idle_timeout(self):
        elapsed, received = self.seconds_until_closed(b"")
        self.assertGreater(elapsed, 2.5)
        self.assertLess(elapsed, 5)
        self.assertEqual(received, b"")

    def test_an_idle_kept_alive_connection_is_closed_after_the_idle_timeout(self):
        with socket.create_connection(("127.0.0.1", self.eddy.port), timeout=10) as s:
            s.sendall(b"GET /_eddy/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            received = b""
            while b"}" not in received:
                received += s.recv(4096)
            self.assertTrue(received.startswith(b"HTTP/1.1 200"), received)
            started = time.monotonic()
            self.assertEqual(s.recv(4096), b"")
            elapsed = time.monotonic() - started
        self.assertGreater(elapsed, 2.5)
        self.assertLess(elapsed, 5)

    def test_a_stalled_header_after_a_kept_alive_request_is_closed_after_the_header_timeout(self):
        # The connection's deadline was the (later) idle one; the header's must still win.
        with socket.create_connection(("127.0.0.1", self.eddy.port), timeout=10) as s:
            s.sendall(b"GET /_eddy/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            received = b""
            while b"}" not in received:
                received += s.recv(4096)
            self.assertTrue(received.startswith(b"HTTP/1.1 200"), received)
            s.sendall(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Tar")
            started = time.monotonic()
            self.assertEqual(s.recv(4096), b"")
            elapsed = time.monotonic() - started
        self.assertGreater(elapsed, 0.8)
        self.assertLess(elapsed, 2.5)

    def test_a_slow_body_that_keeps_arriving_is_served(self):
        body = b'{"QueueNamePrefix":"slow"}'
        with socket.create_connection(("127.0.0.1", self.eddy.port), timeout=10) as s:
            s.sendall(SQS_JSON_HEAD + b"Content-Length: %d\r\n\r\n" % len(body))
            # Longer in total than the body timeout, never silent for as long.
            for i in range(0, len(body), 4):
                s.sendall(body[i:i + 4])
                time.sleep(0.3)
            received = b""
            while b"}" not in received:
                chunk = s.recv(4096)
                if not chunk:
                    break
                received += chunk
        self.assertTrue(received.startswith(b"HTTP/1.1 200"), received)


if __name__ == "__main__":
    unittest.main()
