"""Request limits through raw sockets: an over-long target is 414, an over-large header 431, and
a body over the addressed service's limit 413 - decided from the head, before the body is read,
and counted as a chunked body arrives. Every refusal is a small JSON answer with
Connection: close, and the server keeps serving."""

import http.client
import json
import select
import socket
import time
import unittest

from eddy_harness import EddyTestCase

SQS_SCOPE = "AWS4-HMAC-SHA256 Credential=test/20261126/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0"
SNS_SCOPE = SQS_SCOPE.replace("/sqs/", "/sns/")
MIB = 1024 * 1024
SQS_LIMIT = 4 * MIB  # sqs_description.cpp
SNS_LIMIT = 1 * MIB  # sns_service.cpp
LAMBDA_LIMIT = 70 * MIB  # lambda_service.cpp: the largest (a 50 MB zip, base64 in JSON)


def read_response(sock, timeout=10):
    """Reads one response that ends with the connection: (status, headers text, body)."""
    sock.settimeout(timeout)
    data = b""
    while True:
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            break
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ")[1]) if head.startswith(b"HTTP/1.1 ") else None
    return status, head.decode("latin-1").lower(), body


def peak_memory_bytes(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no VmHWM in /proc/<pid>/status")


class RequestLimitsTest(EddyTestCase):
    def exchange(self, payload):
        with socket.create_connection(("127.0.0.1", self.eddy.port), timeout=10) as s:
            try:
                s.sendall(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # refused mid-request: the answer is still there to read
            return read_response(s)

    def assert_refused(self, result, status, code):
        got_status, head, body = result
        self.assertEqual(got_status, status, (head, body[:200]))
        self.assertIn("connection: close", head)
        self.assertIn("content-type: application/json", head)
        self.assertEqual(json.loads(body)["__type"], code)

    def assert_still_serving(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.eddy.port, timeout=10)
        conn.request("GET", "/_eddy/health")
        self.assertEqual(conn.getresponse().status, 200)
        conn.close()

    def signed_head(self, scope, content_type, extra=b""):
        return (
            b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + content_type.encode()
            + b"\r\nAuthorization: " + scope.encode() + b"\r\n" + extra
        )

    def test_target_over_16_kib_is_414(self):
        target = b"/?Action=ListQueues&Pad=" + b"a" * (17 * 1024)
        result = self.exchange(b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        self.assert_refused(result, 414, "RequestURITooLong")
        self.assert_still_serving()

    def test_request_line_over_the_header_limit_is_414(self):
        target = b"/" + b"a" * (100 * 1024)
        result = self.exchange(b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        self.assert_refused(result, 414, "RequestURITooLong")
        self.assert_still_serving()

    def test_header_over_64_kib_is_431(self):
        fields = b"".join(b"X-Pad-%d: %s\r\n" % (i, b"b" * 1000) for i in range(70))
        result = self.exchange(b"GET /_eddy/health HTTP/1.1\r\nHost: 127.0.0.1\r\n" + fields + b"\r\n")
        self.assert_refused(result, 431, "RequestHeaderFieldsTooLarge")
        self.assert_still_serving()

    def test_a_header_under_the_limits_is_served(self):
        fields = b"".join(b"X-Pad-%d: %s\r\n" % (i, b"b" * 1000) for i in range(40))
        target = b"/_eddy/health?pad=" + b"c" * (15 * 1024)
        status, _, _ = self.exchange(
            b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + fields + b"\r\n")
        self.assertEqual(status, 200)

    def test_content_length_over_the_services_limit_is_413_before_the_body(self):
        for scope, limit in ((SQS_SCOPE, SQS_LIMIT), (SNS_SCOPE, SNS_LIMIT)):
            head = self.signed_head(scope, "application/x-www-form-urlencoded",
                                    b"Content-Length: %d\r\n\r\n" % (limit + 1))
            with socket.create_connection(("127.0.0.1", self.eddy.port), timeout=10) as s:
                s.sendall(head)  # no body at all: the header alone is enough to refuse
                self.assert_refused(read_response(s), 413, "RequestEntityTooLarge")
        self.assert_still_serving()

    def test_expect_100_continue_over_the_limit_is_413_instead_of_100(self):
        head = self.signed_head(SNS_SCOPE, "application/x-www-form-urlencoded",
                                b"Expect: 100-continue\r\nContent-Length: %d\r\n\r\n" % (2 * MIB))
        with socket.create_connection(("127.0.0.1", self.eddy.port), timeout=10) as s:
            s.sendall(head)
            self.assert_refused(read_response(s), 413, "RequestEntityTooLarge")

    def test_each_service_has_its_own_limit(self):
        # 2 MiB is over SNS's limit but within SQS's: SQS reads it and answers as SQS does.
        body = b'{"QueueNamePrefix":"' + b"q" * (2 * MIB) + b'"}'
        conn = http.client.HTTPConnection("127.0.0.1", self.eddy.port, timeout=30)
        conn.request("POST", "/", body=body, headers={
            "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "AmazonSQS.ListQueues"})
        response = conn.getresponse()
        response.read()
        conn.close()
        self.assertNotEqual(response.status, 413)
        form = b"Action=Publish&Message=" + b"m" * (2 * MIB)
        result = self.exchange(self.signed_head(
            SNS_SCOPE, "application/x-www-form-urlencoded",
            b"Content-Length: %d\r\n\r\n" % len(form)) + form)
        self.assert_refused(result, 413, "RequestEntityTooLarge")

    def test_unaddressed_requests_get_the_largest_service_limit(self):
        # An unsigned form names its service only in the body: the largest limit (Lambda's)
        # applies.
        head = (b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                b"Connection: close\r\nContent-Length: %d\r\n\r\n")
        with socket.create_connection(("127.0.0.1", self.eddy.port), timeout=10) as s:
            s.sendall(head % (LAMBDA_LIMIT + 1))
            self.assert_refused(read_response(s), 413, "RequestEntityTooLarge")
        body = b"Action=ListQueues&Pad=" + b"p" * (SNS_LIMIT * 2)
        status, _, _ = self.exchange(head % len(body) + body)
        self.assertEqual(status, 200)

    def test_admin_routes_take_small_bodies(self):
        result = self.exchange(b"POST /_eddy/reset HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                               b"Content-Length: %d\r\n\r\n" % (2 * MIB))
        self.assert_refused(result, 413, "RequestEntityTooLarge")

    def test_chunked_body_over_the_limit_is_refused_as_it_arrives(self):
        head = self.signed_head(SQS_SCOPE, "application/x-www-form-urlencoded",
                                b"Transfer-Encoding: chunked\r\n\r\n")
        chunk = b"%x\r\n" % (64 * 1024) + b"x" * (64 * 1024) + b"\r\n"
        sent = 0
        # Growth, not the total: a sanitizer build's baseline alone can exceed any fixed figure.
        peak_before = peak_memory_bytes(self.eddy.process.pid)
        started = time.monotonic()
        with socket.create_connection(("127.0.0.1", self.eddy.port), timeout=10) as s:
            s.sendall(head)
            answered = False
            while sent < 50 * MIB:
                readable, _, _ = select.select([s], [], [], 0)
                if readable:
                    answered = True
                    break
                try:
                    s.sendall(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    answered = True
                    break
                sent += len(chunk)
            self.assertTrue(answered, "no answer after 50 MB of chunks")
            self.assert_refused(read_response(s), 413, "RequestEntityTooLarge")
        # Refused near the limit: at most the limit plus what the socket buffers hold in flight.
        self.assertLess(sent, SQS_LIMIT + 12 * MIB)
        self.assertLess(time.monotonic() - started, 10)
        # Buffering the 50 MB sent would grow the server by more than that.
        self.assertLess(peak_memory_bytes(self.eddy.process.pid) - peak_before, 40 * MIB)
        self.assert_still_serving()

    def test_chunked_body_within_the_limit_is_served(self):
        body = b"Action=ListQueues&Pad=" + b"p" * (3 * MIB)
        chunks = b"".join(b"%x\r\n" % len(body[i:i + 65536]) + body[i:i + 65536] + b"\r\n"
                          for i in range(0, len(body), 65536))
        head = self.signed_head(SQS_SCOPE, "application/x-www-form-urlencoded",
                                b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
        status, _, body = self.exchange(head + chunks + b"0\r\n\r\n")
        self.assertEqual(status, 200, body[:300])


if __name__ == "__main__":
    unittest.main()
