"""Helpers shared by the SQS integration tests that speak raw HTTP: the (unchecked) SigV4 scope,
the query protocol's XML namespace, a POST of a prepared body, and the same JSON with its member
names escaped (equal JSON that the hot operations' text readers leave to the json-value path)."""

import http.client
import re

SCOPE = "AWS4-HMAC-SHA256 Credential=test/20261126/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0"
NS = {"sqs": "http://queue.amazonaws.com/doc/2012-11-05/"}


def post(port, body, headers):
    """(response, body bytes) of a POST to / with SCOPE and `headers`."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("POST", "/", body=body, headers={"Authorization": SCOPE, **headers})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response, data


def escaped_names(text):
    """The same JSON with every member name's first letter written as a \\u escape."""
    return re.sub(r'"([A-Z])([A-Za-z]*)"\s*:', lambda m: '"\\u%04x%s":' % (ord(m.group(1)), m.group(2)), text)
