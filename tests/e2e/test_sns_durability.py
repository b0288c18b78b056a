"""A publish that returned a MessageId is never lost: messages published to a topic with an SQS
and an HTTP subscription survive `kill -9`. The queue holds every message after the restart, and
HTTP deliveries that were still waiting for a retry go out once the endpoint answers."""

import json
import os
import sys
import threading
import time
import unittest
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))

from eddy_harness import EddyProcess, temporary_directory  # noqa: E402
from sns_test_support import drain, subscribe_queue  # noqa: E402

MESSAGES = 50


class Endpoint:
    """Confirms subscriptions; answers notifications 503 until `accepting` is set."""

    def __init__(self):
        self.accepting = False
        self.delivered = set()
        self.confirmations = []
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                notification = body["Type"] == "Notification"
                self.send_response(503 if notification and not endpoint.accepting else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()
                if not notification:
                    endpoint.confirmations.append(body)
                elif endpoint.accepting:
                    endpoint.delivered.add(body["MessageId"])

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class DurabilityTest(unittest.TestCase):
    def test_messages_survive_kill_9(self):
        endpoint = Endpoint()
        self.addCleanup(endpoint.close)
        with temporary_directory() as data_dir:
            eddy = EddyProcess(data_dir=data_dir).start()
            sns, sqs = eddy.client("sns"), eddy.client("sqs")
            topic = sns.create_topic(Name="readings")["TopicArn"]
            queue, _ = subscribe_queue(sns, sqs, topic, "readings-q", RawMessageDelivery="true")
            policy = {"healthyRetryPolicy": {"minDelayTarget": 1, "maxDelayTarget": 1, "numRetries": 100}}
            sns.subscribe(TopicArn=topic, Protocol="http", Endpoint=endpoint.url,
                          Attributes={"DeliveryPolicy": json.dumps(policy)})
            deadline = time.monotonic() + 10
            while not endpoint.confirmations and time.monotonic() < deadline:
                time.sleep(0.01)
            sns.confirm_subscription(TopicArn=topic, Token=endpoint.confirmations[0]["Token"])
            published = {sns.publish(TopicArn=topic, Message=f"reading {i}")["MessageId"]
                         for i in range(MESSAGES)}
            eddy.kill()

            eddy = EddyProcess(data_dir=data_dir).start()
            try:
                sns, sqs = eddy.client("sns"), eddy.client("sqs")
                bodies = sorted(m["Body"] for m in drain(sqs, queue, expect=MESSAGES))
                self.assertEqual(bodies, sorted(f"reading {i}" for i in range(MESSAGES)))
                endpoint.accepting = True
                deadline = time.monotonic() + 20
                while endpoint.delivered != published and time.monotonic() < deadline:
                    time.sleep(0.05)
                self.assertEqual(endpoint.delivered, published)
            finally:
                self.assertEqual(eddy.stop(), 0)


if __name__ == "__main__":
    unittest.main()
