"""Helpers shared by the SNS integration tests: queues subscribed to topics, draining queues, and
checking SNS signatures with the certificate Eddy serves (through the openssl command, since the
tests use only the standard library and boto3)."""

import base64
import os
import subprocess
import tempfile
import time
import urllib.request

NOTIFICATION_KEYS = ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"]
CONFIRMATION_KEYS = ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"]


def queue_arn(sqs, url):
    return sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]


def make_queue(sqs, name, **attributes):
    url = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"] if attributes else \
        sqs.create_queue(QueueName=name)["QueueUrl"]
    return url, queue_arn(sqs, url)


def subscribe_queue(sns, sqs, topic_arn, name, **attributes):
    """A new queue subscribed to `topic_arn`; returns (queue_url, subscription_arn)."""
    queue_attributes = {"FifoQueue": "true"} if name.endswith(".fifo") else {}
    url, arn = make_queue(sqs, name, **queue_attributes)
    kwargs = {"Attributes": attributes} if attributes else {}
    subscription = sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=arn,
                                 ReturnSubscriptionArn=True, **kwargs)["SubscriptionArn"]
    return url, subscription


def drain(sqs, url, expect=0, timeout=10):
    """Every message on the queue, deleted as read. Long polls until at least `expect` came."""
    messages = []
    deadline = time.monotonic() + timeout
    while True:
        waiting = len(messages) < expect and time.monotonic() < deadline
        reply = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10,
                                    WaitTimeSeconds=1 if waiting else 0,
                                    MessageAttributeNames=["All"], AttributeNames=["All"])
        batch = reply.get("Messages", [])
        for message in batch:
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
        messages += batch
        if not batch and not waiting:
            return messages


def canonical_string(body):
    keys = NOTIFICATION_KEYS if body["Type"] == "Notification" else CONFIRMATION_KEYS
    return "".join(f"{key}\n{body[key]}\n" for key in keys if key in body)


def signature_verifies(body):
    """Fetches SigningCertURL and checks Signature over the canonical string with openssl."""
    with urllib.request.urlopen(body["SigningCertURL"], timeout=10) as response:
        certificate = response.read()
    digest = "-sha256" if body["SignatureVersion"] == "2" else "-sha1"
    with tempfile.TemporaryDirectory(prefix="eddy-sns-sig-") as d:
        paths = {name: os.path.join(d, name) for name in ("cert.pem", "key.pem", "sig", "data")}
        with open(paths["cert.pem"], "wb") as f:
            f.write(certificate)
        key = subprocess.run(["openssl", "x509", "-pubkey", "-noout", "-in", paths["cert.pem"]],
                             check=True, capture_output=True).stdout
        with open(paths["key.pem"], "wb") as f:
            f.write(key)
        with open(paths["sig"], "wb") as f:
            f.write(base64.b64decode(body["Signature"]))
        with open(paths["data"], "wb") as f:
            f.write(canonical_string(body).encode("utf-8"))
        result = subprocess.run(["openssl", "dgst", digest, "-verify", paths["key.pem"],
                                 "-signature", paths["sig"], paths["data"]], capture_output=True)
        return result.returncode == 0
