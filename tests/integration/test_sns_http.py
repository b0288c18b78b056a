"""HTTP and HTTPS endpoints: a small http.server receiver on 127.0.0.1 gets the SubscriptionConfirmation,
confirms by fetching its SubscribeURL, then receives notifications with SNS's headers and a
signature that verifies with the certificate Eddy serves; a failing endpoint is retried per its
delivery policy and its message ends up in the subscription's dead-letter queue."""

import json
import os
import ssl
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from eddy_harness import EddyTestCase
from sns_test_support import drain, make_queue, signature_verifies


class Receiver:
    """Records every POST; /fail answers notifications with 500. With `tls`, serves HTTPS with a
    self-signed certificate made by the openssl command."""

    def __init__(self, tls=False):
        self.requests = []
        self.arrived = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length).decode("utf-8")
                failing = self.path == "/fail" and \
                    self.headers.get("x-amz-sns-message-type") == "Notification"
                self.send_response(500 if failing else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()
                with receiver.arrived:
                    receiver.requests.append({"path": self.path, "headers": dict(self.headers),
                                              "body": body})
                    receiver.arrived.notify_all()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.scheme = "http"
        if tls:
            self.scheme = "https"
            self.directory = tempfile.TemporaryDirectory(prefix="eddy-sns-tls-")
            cert = os.path.join(self.directory.name, "cert.pem")
            key = os.path.join(self.directory.name, "key.pem")
            subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                            "-subj", "/CN=127.0.0.1", "-keyout", key, "-out", cert],
                           check=True, capture_output=True)
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(cert, key)
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path):
        return f"{self.scheme}://127.0.0.1:{self.server.server_address[1]}{path}"

    def wait_for(self, count, path=None, timeout=10):
        def matching():
            return [r for r in self.requests if path is None or r["path"] == path]
        with self.arrived:
            self.arrived.wait_for(lambda: len(matching()) >= count, timeout)
            return matching()

    def close(self):
        self.server.shutdown()
        self.server.server_close()
        if self.scheme == "https":
            self.directory.cleanup()


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode()


class HttpEndpointTest(EddyTestCase):
    def setUp(self):
        self.sns = self.client("sns")
        self.sqs = self.client("sqs")
        self.receiver = Receiver()
        self.addCleanup(self.receiver.close)

    def subscribe_and_confirm(self, topic, path, receiver=None, **attributes):
        receiver = receiver or self.receiver
        kwargs = {"Attributes": attributes} if attributes else {}
        reply = self.sns.subscribe(TopicArn=topic, Protocol=receiver.scheme,
                                   Endpoint=receiver.url(path), **kwargs)
        self.assertEqual(reply["SubscriptionArn"], "pending confirmation")
        [confirmation] = receiver.wait_for(1, path)
        body = json.loads(confirmation["body"])
        status, xml = fetch(body["SubscribeURL"])
        self.assertEqual(status, 200)
        self.assertIn("<ConfirmSubscriptionResult><SubscriptionArn>", xml)
        return confirmation, xml.split("<SubscriptionArn>")[1].split("</SubscriptionArn>")[0]

    def test_confirmation_and_notifications(self):
        topic = self.sns.create_topic(Name="http-topic")["TopicArn"]
        confirmation, subscription = self.subscribe_and_confirm(topic, "/ok")
        headers, body = confirmation["headers"], json.loads(confirmation["body"])
        self.assertEqual(headers["x-amz-sns-message-type"], "SubscriptionConfirmation")
        self.assertEqual(headers["x-amz-sns-topic-arn"], topic)
        self.assertEqual(headers["x-amz-sns-message-id"], body["MessageId"])
        self.assertNotIn("x-amz-sns-subscription-arn", headers)
        self.assertEqual(headers["Content-Type"], "text/plain; charset=UTF-8")
        self.assertEqual(headers["User-Agent"], "Amazon Simple Notification Service Agent")
        self.assertEqual(body["Type"], "SubscriptionConfirmation")
        self.assertEqual(body["SubscribeURL"],
                         f"{self.eddy.endpoint}/?Action=ConfirmSubscription&TopicArn={topic}&Token={body['Token']}")
        self.assertTrue(signature_verifies(body))

        attributes = self.sns.get_subscription_attributes(SubscriptionArn=subscription)["Attributes"]
        self.assertEqual(attributes["PendingConfirmation"], "false")
        self.assertEqual(attributes["Protocol"], "http")
        self.assertIn("EffectiveDeliveryPolicy", attributes)
        # Confirming again is fine and answers the same subscription.
        self.assertIn(subscription, fetch(body["SubscribeURL"])[1])

        published = self.sns.publish(TopicArn=topic, Message="test_external_http_endpoint",
                                     MessageAttributes={"a": {"DataType": "String", "StringValue": "b"}})
        notification = self.receiver.wait_for(2, "/ok")[1]
        headers, body = notification["headers"], json.loads(notification["body"])
        self.assertEqual(headers["x-amz-sns-message-type"], "Notification")
        self.assertEqual(headers["x-amz-sns-message-id"], published["MessageId"])
        self.assertEqual(headers["x-amz-sns-subscription-arn"], subscription)
        self.assertEqual(headers["x-amz-sns-topic-arn"], topic)
        self.assertNotIn("x-amz-sns-rawdelivery", headers)
        self.assertEqual(body["Message"], "test_external_http_endpoint")
        self.assertEqual(body["MessageAttributes"], {"a": {"Type": "String", "Value": "b"}})
        self.assertTrue(signature_verifies(body))

        self.sns.set_subscription_attributes(SubscriptionArn=subscription, AttributeName="RawMessageDelivery",
                                             AttributeValue="true")
        self.sns.publish(TopicArn=topic, Message="raw body")
        raw = self.receiver.wait_for(3, "/ok")[2]
        self.assertEqual(raw["body"], "raw body")
        self.assertEqual(raw["headers"]["x-amz-sns-rawdelivery"], "true")

        # The UnsubscribeURL works unsigned too, and the endpoint hears about it.
        status, _ = fetch(body["UnsubscribeURL"])
        self.assertEqual(status, 200)
        goodbye = self.receiver.wait_for(4, "/ok")[3]
        self.assertEqual(goodbye["headers"]["x-amz-sns-message-type"], "UnsubscribeConfirmation")
        self.assertEqual(self.sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"], [])

    def test_https_endpoint(self):
        receiver = Receiver(tls=True)
        self.addCleanup(receiver.close)
        topic = self.sns.create_topic(Name="https-topic")["TopicArn"]
        _, subscription = self.subscribe_and_confirm(topic, "/secure", receiver)
        self.assertEqual(self.sns.get_subscription_attributes(SubscriptionArn=subscription)
                         ["Attributes"]["Protocol"], "https")
        self.sns.publish(TopicArn=topic, Message="over tls")
        notification = receiver.wait_for(2, "/secure")[1]
        self.assertEqual(json.loads(notification["body"])["Message"], "over tls")
        self.assertEqual(notification["headers"]["x-amz-sns-subscription-arn"], subscription)

    def test_failed_deliveries_are_retried_then_dead_lettered(self):
        topic = self.sns.create_topic(Name="http-failing")["TopicArn"]
        dead_letters, dead_letters_arn = make_queue(self.sqs, "http-dlq")
        policy = {"healthyRetryPolicy": {"minDelayTarget": 1, "maxDelayTarget": 1, "numRetries": 2}}
        _, subscription = self.subscribe_and_confirm(
            topic, "/fail", DeliveryPolicy=json.dumps(policy),
            RedrivePolicy=json.dumps({"deadLetterTargetArn": dead_letters_arn}))
        started = time.monotonic()
        published = self.sns.publish(TopicArn=topic, Message="never accepted")
        attempts = self.receiver.wait_for(4, "/fail")  # the confirmation and three attempts
        self.assertEqual(len(attempts), 4)
        self.assertGreaterEqual(time.monotonic() - started, 2)  # two retries a second apart
        self.assertTrue(all(json.loads(a["body"])["MessageId"] == published["MessageId"]
                            for a in attempts[1:]))
        [message] = drain(self.sqs, dead_letters, expect=1)
        body = json.loads(message["Body"])
        self.assertEqual(body["MessageId"], published["MessageId"])
        self.assertEqual(body["Message"], "never accepted")
        self.assertTrue(body["UnsubscribeURL"].endswith(subscription))
        time.sleep(1.5)
        self.assertEqual(len(self.receiver.wait_for(4, "/fail", timeout=0)), 4)  # no more attempts


if __name__ == "__main__":
    unittest.main()
