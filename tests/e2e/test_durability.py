"""State under --data-dir survives restarts and kill -9; SIGTERM lets in-flight requests finish."""

import os
import signal
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "integration"))
from eddy_harness import EddyProcess, temporary_directory  # noqa: E402


def drain(sqs, url):
    bodies = []
    while True:
        reply = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=0)
        messages = reply.get("Messages", [])
        if not messages:
            return bodies
        bodies += [m["Body"] for m in messages]
        sqs.delete_message_batch(
            QueueUrl=url,
            Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)],
        )


class DurabilityTest(unittest.TestCase):
    def test_state_survives_a_clean_restart(self):
        with temporary_directory() as data_dir:
            with EddyProcess(data_dir=data_dir) as eddy:
                sqs = eddy.client("sqs")
                url = sqs.create_queue(QueueName="kept", Attributes={"VisibilityTimeout": "45"},
                                       tags={"team": "noise"})["QueueUrl"]
                sqs.send_message(QueueUrl=url, MessageBody="before restart")
            with EddyProcess(data_dir=data_dir) as eddy:
                sqs = eddy.client("sqs")
                url = sqs.get_queue_url(QueueName="kept")["QueueUrl"]
                attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
                self.assertEqual(attributes["VisibilityTimeout"], "45")
                self.assertEqual(sqs.list_queue_tags(QueueUrl=url)["Tags"], {"team": "noise"})
                self.assertEqual(drain(sqs, url), ["before restart"])

    def test_kill_9_loses_nothing_acknowledged(self):
        with temporary_directory() as data_dir:
            eddy = EddyProcess(data_dir=data_dir).start()
            sqs = eddy.client("sqs")
            url = sqs.create_queue(QueueName="durable")["QueueUrl"]
            acknowledged = []
            stop = threading.Event()

            def sender(worker):
                client = eddy.client("sqs")
                n = 0
                while not stop.is_set():
                    body = f"{worker}-{n}"
                    try:
                        client.send_message(QueueUrl=url, MessageBody=body)
                    except Exception:
                        return  # the server died mid-request: this one was never acknowledged
                    acknowledged.append(body)
                    n += 1

            threads = [threading.Thread(target=sender, args=(w,)) for w in range(4)]
            for t in threads:
                t.start()
            time.sleep(1.5)
            eddy.kill()  # SIGKILL while sends are in flight
            stop.set()
            for t in threads:
                t.join()
            self.assertGreater(len(acknowledged), 100)

            with EddyProcess(data_dir=data_dir) as restarted:
                bodies = drain(restarted.client("sqs"), url.replace(str(eddy.port), str(restarted.port)))
            missing = set(acknowledged) - set(bodies)
            self.assertEqual(missing, set(), f"{len(missing)} acknowledged messages lost")

    def test_sigterm_ends_long_polls_and_exits_cleanly(self):
        eddy = EddyProcess().start()
        sqs = eddy.client("sqs")
        url = sqs.create_queue(QueueName="waiting")["QueueUrl"]
        outcome = {}

        def long_poll():
            started = time.monotonic()
            reply = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=20)
            outcome["messages"] = reply.get("Messages", [])
            outcome["seconds"] = time.monotonic() - started

        thread = threading.Thread(target=long_poll)
        thread.start()
        time.sleep(0.5)  # the poll is now waiting inside the server
        began = time.monotonic()
        self.assertEqual(eddy.stop(signal.SIGTERM), 0)
        thread.join(timeout=10)
        self.assertLess(time.monotonic() - began, 5)
        self.assertEqual(outcome.get("messages"), [], outcome)  # answered, not cut off
        self.assertLess(outcome["seconds"], 5)


if __name__ == "__main__":
    unittest.main()
