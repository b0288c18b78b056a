"""The HTTP front door with raw sockets: malformed input gets an AWS error and the server keeps
serving; keep-alive, chunked bodies, Expect: 100-continue, body limits, admin routes."""

import http.client
import json
import os
import socket
import subprocess
import time
import unittest

from eddy_harness import EDDY_BIN, EddyProcess, EddyTestCase

SQS_JSON = {"Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "AmazonSQS.ListQueues"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
SQS_SCOPE = "AWS4-HMAC-SHA256 Credential=test/20261126/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0"


class RawHttpTest(EddyTestCase):
    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.eddy.port, timeout=10)
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        conn.close()
        return response, data

    def assert_still_serving(self):
        response, data = self.request("GET", "/_eddy/health")
        self.assertEqual(response.status, 200)

    def raw_exchange(self, payload, read_until=b"\r\n\r\n", timeout=5):
        with socket.create_connection(("127.0.0.1", self.eddy.port), timeout=timeout) as s:
            s.sendall(payload)
            data = b""
            while read_until not in data:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
            return data

    def test_health_reports_status_version_uptime_and_services(self):
        response, data = self.request("GET", "/_eddy/health")
        self.assertEqual(response.status, 200)
        health = json.loads(data)
        self.assertEqual(health["status"], "running")
        self.assertRegex(health["version"], r"^\d+\.\d+\.\d+$")
        self.assertGreaterEqual(health["uptime_seconds"], 0)
        self.assertEqual(health["storage"], "memory")
        self.assertEqual(health["services"]["sqs"], "running")
        self.assertEqual(health["services"]["sns"], "running")

    def test_unknown_admin_route_is_404(self):
        response, _ = self.request("GET", "/_eddy/nope")
        self.assertEqual(response.status, 404)

    def test_malformed_json_is_a_serialization_error(self):
        response, data = self.request("POST", "/", b"{not json", SQS_JSON)
        self.assertEqual(response.status, 400)
        body = json.loads(data)
        self.assertTrue(body["__type"].endswith("SerializationException"), body)
        self.assertTrue(response.getheader("x-amzn-RequestId"))
        response, data = self.request("POST", "/", b"[1,2]", SQS_JSON)
        self.assertEqual(response.status, 400)
        self.assert_still_serving()

    def test_unknown_json_operation_and_service(self):
        response, data = self.request(
            "POST", "/", b"{}", {**SQS_JSON, "X-Amz-Target": "AmazonSQS.DoesNotExist"})
        self.assertEqual(response.status, 400)
        self.assertTrue(json.loads(data)["__type"].endswith("UnknownOperationException"))
        self.assertEqual(response.getheader("x-amzn-query-error"), "UnknownOperationException;Sender")
        response, data = self.request(
            "POST", "/", b"{}", {**SQS_JSON, "X-Amz-Target": "NoSuchService_2020.Op"})
        self.assertEqual(response.status, 400)
        self.assertTrue(json.loads(data)["__type"].endswith("UnknownOperationException"))
        self.assert_still_serving()

    def test_query_errors_are_xml(self):
        response, data = self.request(
            "POST", "/", b"Action=NoSuchAction&Version=2012-11-05", {**FORM, "Authorization": SQS_SCOPE})
        self.assertEqual(response.status, 400)
        self.assertEqual(response.getheader("Content-Type"), "text/xml")
        self.assertIn(b"<Code>InvalidAction</Code>", data)
        self.assertIn(b"<RequestId>", data)
        response, data = self.request("POST", "/", b"Action=ListQueues&QueueNamePrefix=%G1", FORM)
        self.assertEqual(response.status, 400)
        self.assertIn(b"<Code>MalformedQueryString</Code>", data)
        response, data = self.request("POST", "/", b"Version=2012-11-05", FORM)
        self.assertEqual(response.status, 400)
        self.assertIn(b"<Code>MissingAction</Code>", data)
        self.assert_still_serving()

    def test_every_response_has_a_request_id(self):
        for method, path, body, headers in [
            ("POST", "/", b"{}", SQS_JSON),
            ("POST", "/", b"Action=ListQueues", FORM),
            ("GET", "/nowhere", None, {}),
        ]:
            response, _ = self.request(method, path, body, headers)
            self.assertRegex(response.getheader("x-amzn-RequestId") or "", r"^[0-9a-f-]{36}$")

    def test_keep_alive_serves_many_requests_on_one_connection(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.eddy.port, timeout=10)
        for _ in range(50):
            conn.request("POST", "/", body=b"{}", headers=SQS_JSON)
            response = conn.getresponse()
            response.read()
            self.assertEqual(response.status, 200)
        conn.close()

    def test_chunked_request_body(self):
        body = b'{"QueueNamePrefix":"x"}'
        payload = (
            b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
            b"Content-Type: application/x-amz-json-1.0\r\nX-Amz-Target: AmazonSQS.ListQueues\r\n"
            b"Connection: close\r\n\r\n"
            + b"%x\r\n" % 5 + body[:5] + b"\r\n"
            + b"%x\r\n" % (len(body) - 5) + body[5:] + b"\r\n0\r\n\r\n"
        )
        data = self.raw_exchange(payload, read_until=b"}")
        self.assertTrue(data.startswith(b"HTTP/1.1 200"), data)

    def test_expect_100_continue(self):
        body = b"{}"
        with socket.create_connection(("127.0.0.1", self.eddy.port), timeout=5) as s:
            s.sendall(
                b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\n"
                b"Content-Type: application/x-amz-json-1.0\r\nX-Amz-Target: AmazonSQS.ListQueues\r\n"
                b"Content-Length: 2\r\n\r\n"
            )
            interim = s.recv(1024)
            self.assertTrue(interim.startswith(b"HTTP/1.1 100 Continue"), interim)
            s.sendall(body)
            final = b""
            while b"}" not in final:
                chunk = s.recv(4096)
                if not chunk:
                    break
                final += chunk
            self.assertIn(b"HTTP/1.1 200", final)

    def test_body_over_the_limit_is_413_and_server_survives(self):
        payload = (
            b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.0\r\n"
            b"X-Amz-Target: AmazonSQS.ListQueues\r\nContent-Length: 209715200\r\n\r\n{"
        )
        data = self.raw_exchange(payload)
        self.assertTrue(data.startswith(b"HTTP/1.1 413"), data[:100])
        self.assert_still_serving()

    def test_garbage_and_half_requests_do_not_hurt_the_server(self):
        self.raw_exchange(b"\x00\x01\x02 not http at all\r\n\r\n")
        with socket.create_connection(("127.0.0.1", self.eddy.port), timeout=5) as idle:
            idle.sendall(b"POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\n{")  # never finished
            self.assert_still_serving()
        self.assert_still_serving()


class CommandLineTest(unittest.TestCase):
    def run_eddy(self, *args, env=None):
        return subprocess.run([EDDY_BIN, *args], capture_output=True, text=True, timeout=10, env=env)

    def test_help_and_version(self):
        help_run = self.run_eddy("--help")
        self.assertEqual(help_run.returncode, 0)
        for flag in ("--host", "--port", "--data-dir", "--log-level", "--init-dir", "--idle-timeout"):
            self.assertIn(flag, help_run.stdout)
        self.assertIn("--port N  (env EDDY_PORT)", help_run.stdout)
        version_run = self.run_eddy("--version")
        self.assertEqual(version_run.returncode, 0)
        self.assertRegex(version_run.stdout, r"^eddy \d+\.\d+\.\d+")

    def test_bad_arguments_exit_2_saying_which(self):
        for args, message in [
            (["--log-level", "loud"], "eddy: --log-level: 'loud' is not one of debug, info, warn, error, off"),
            (["--port", "70000"], "eddy: --port: '70000' is not a whole number from 0 to 65535"),
            (["--port", "45x"], "eddy: --port: '45x' is not a whole number from 0 to 65535"),
            (["--threads", "-1"], "eddy: --threads: '-1' is not a whole number from 0 to 1024"),
            (["--default-account", "12345"], "eddy: --default-account: '12345' is not 12 digits"),
            (["--idle-timeout", "0"], "eddy: --idle-timeout: '0' is not a whole number from 1 to 604800"),
            (["--no-such-flag"], "eddy: unknown option '--no-such-flag'"),
            (["--port"], "eddy: --port needs a value"),
            (["serve"], "eddy: unexpected argument 'serve'"),
        ]:
            with self.subTest(args=args):
                run = self.run_eddy(*args)
                self.assertEqual(run.returncode, 2)
                self.assertEqual(run.stderr.splitlines()[0], message)
                self.assertEqual(run.stdout, "")

    def test_a_bad_environment_variable_exits_2_naming_it(self):
        # EDDY_PORT=abc once ended eddy with an uncaught exception (SIGABRT) instead.
        for variable, value in [("EDDY_PORT", "abc"), ("EDDY_THREADS", "-1"),
                                ("EDDY_LAMBDA_CONCURRENCY_LIMIT", "0"), ("EDDY_LOG_LEVEL", "loud")]:
            with self.subTest(variable=variable):
                run = self.run_eddy(env=dict(os.environ, **{variable: value}))
                self.assertEqual(run.returncode, 2)
                self.assertTrue(run.stderr.startswith(f"eddy: {variable}: '{value}' is not"), run.stderr)

    def test_a_flag_overrides_a_bad_variable(self):
        env = dict(os.environ, EDDY_PORT="abc", EDDY_LOG_LEVEL="warn")
        process = subprocess.Popen([EDDY_BIN, "--port", "0"], stdout=subprocess.PIPE, text=True, env=env)
        try:
            self.assertRegex(process.stdout.readline(), r"listening on http://127\.0\.0\.1:\d+ ")
        finally:
            process.terminate()
            self.assertEqual(process.wait(timeout=10), 0)

    def test_environment_sets_the_port_and_flags_override_it(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        env = dict(os.environ, EDDY_PORT=str(port), EDDY_LOG_LEVEL="warn")
        process = subprocess.Popen([EDDY_BIN], stdout=subprocess.PIPE, text=True, env=env)
        try:
            self.assertIn(f"127.0.0.1:{port}", process.stdout.readline())
        finally:
            process.terminate()
            self.assertEqual(process.wait(timeout=10), 0)
        process = subprocess.Popen([EDDY_BIN, "--port", "0"], stdout=subprocess.PIPE, text=True, env=env)
        try:
            self.assertNotIn(f"127.0.0.1:{port} ", process.stdout.readline())
        finally:
            process.terminate()
            process.wait(timeout=10)

    def test_one_log_line_per_request_at_info(self):
        server = EddyProcess(log_level="info").start()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
            conn.request("POST", "/", body=b"{}", headers=SQS_JSON)
            request_id = conn.getresponse().getheader("x-amzn-RequestId")
            conn.close()
        finally:
            self.assertEqual(server.stop(), 0)
        time.sleep(0.1)
        lines = [line for line in server.log_lines if request_id in line]
        self.assertEqual(len(lines), 1, server.log_lines)
        self.assertRegex(lines[0], r"^info sqs ListQueues 200 [\d.]+ms " + request_id)

    def test_sigint_and_sigterm_exit_cleanly(self):
        import signal

        # Several rounds: a stop right after start once found a write still queued on the store
        # outliving the executor it would resume on (AddressSanitizer: heap-use-after-free).
        for _ in range(10):
            for sig in (signal.SIGINT, signal.SIGTERM):
                server = EddyProcess().start()
                self.assertEqual(server.stop(sig), 0, server.log_lines[-20:])


if __name__ == "__main__":
    unittest.main()
