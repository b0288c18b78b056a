"""GetQueueUrl over the JSON protocol is read straight from the request's text and answered as text;
anything the reader does not fully understand takes the json-value path every other protocol
takes. The same requests sent as plain JSON (the text reader), as JSON whose member names are
written with a \\u escape (equal JSON the reader leaves to the json path) and as a query-protocol
form give the same answers and errors, byte for byte on the two JSON paths."""

import json
import socket
import urllib.parse
import uuid
import xml.etree.ElementTree as ET

from eddy_harness import EddyTestCase
from sqs_test_support import NS, SCOPE, escaped_names, post



class SqsGetQueueUrlTextTest(EddyTestCase):
    def post(self, body, headers):
        return post(self.eddy.port, body, headers)

    def by_json(self, text):
        """(status, body bytes, error code) of a JSON-protocol GetQueueUrl."""
        response, data = self.post(text.encode("utf-8"), {
            "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "AmazonSQS.GetQueueUrl"})
        code = response.getheader("x-amzn-query-error", "").split(";")[0] or None
        return response.status, data, code

    def by_query(self, request):
        form = {"Action": "GetQueueUrl", "Version": "2012-11-05"}
        form.update({key: str(value) for key, value in request.items()})
        response, data = self.post(urllib.parse.urlencode(form),
                                   {"Content-Type": "application/x-www-form-urlencoded"})
        root = ET.fromstring(data)
        if response.status != 200:
            error = root.find("sqs:Error", NS)
            return response.status, error.find("sqs:Message", NS).text, error.find("sqs:Code", NS).text
        return 200, root.find("sqs:GetQueueUrlResult/sqs:QueueUrl", NS).text, None

    def test_answers_and_errors_are_the_same_on_every_path(self):
        name = f"url-{uuid.uuid4().hex[:8]}"
        url = self.client("sqs").create_queue(QueueName=name)["QueueUrl"]
        requests = [
            ({"QueueName": name}, url),
            ({"QueueName": name, "QueueOwnerAWSAccountId": "000000000000"}, url),
            ({"QueueName": name, "QueueOwnerAWSAccountId": ""}, url),
            ({"QueueName": "no-such-queue"}, None),
            ({"QueueName": name, "QueueOwnerAWSAccountId": "111111111111"}, None),
            ({"QueueName": ""}, None),  # missing to the json path, not a name
            ({}, None),
        ]
        for request, expected_url in requests:
            with self.subTest(request=request):
                by_text = self.by_json(json.dumps(request))
                by_json = self.by_json(escaped_names(json.dumps(request)))
                self.assertEqual(by_text, by_json)
                status, body, code = by_text
                if expected_url:
                    self.assertEqual((status, json.loads(body)), (200, {"QueueUrl": expected_url}))
                    self.assertEqual(self.by_query(request), (200, expected_url, None))
                else:
                    self.assertEqual(status, 400)
                    # The same error; AWS words QueueDoesNotExist differently on the query protocol.
                    query_status, _, query_code = self.by_query(request)
                    self.assertEqual((query_status, query_code), (status, code))
        # Members of the wrong type, or unknown, or repeated: the json path answers them as before.
        for text in ('{"QueueName": 5}', '{"QueueName": null}', f'{{"QueueName": "{name}", "Extra": 1}}',
                     f'{{"QueueName": "x", "QueueName": "{name}"}}'):
            with self.subTest(text=text):
                self.assertEqual(self.by_json(text), self.by_json(escaped_names(text)))

    def test_the_url_carries_the_host_as_the_json_path_writes_it(self):
        name = f"host-{uuid.uuid4().hex[:8]}"
        self.client("sqs").create_queue(QueueName=name)

        def answer(body, host):
            with socket.create_connection(("127.0.0.1", self.eddy.port), timeout=30) as sock:
                sock.sendall((f"POST / HTTP/1.1\r\nHost: {host}\r\nAuthorization: {SCOPE}\r\n"
                              "Content-Type: application/x-amz-json-1.0\r\nX-Amz-Target: AmazonSQS.GetQueueUrl\r\n"
                              f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n{body}").encode())
                data = b""
                while chunk := sock.recv(65536):
                    data += chunk
            head, _, payload = data.partition(b"\r\n\r\n")
            self.assertIn(b" 200 ", head.split(b"\r\n")[0])
            return payload

        request = json.dumps({"QueueName": name})
        for host in ("sensors.local:4566", "127.0.0.1:4566", "a\\b"):
            with self.subTest(host=host):
                by_text = answer(request, host)
                self.assertEqual(by_text, answer(escaped_names(request), host))
                self.assertEqual(json.loads(by_text)["QueueUrl"], f"http://{host}/000000000000/{name}")
