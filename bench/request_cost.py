#!/usr/bin/env python3
"""Instructions per request, measured with callgrind: repeatable on a shared machine, where
wall-clock throughput is not.

Starts Eddy under `valgrind --tool=callgrind` with collection off, sets up what each scenario
needs, warms it up, then collects only while it sends N requests of one kind over one keep-alive
connection. Prints instructions per request for each scenario, and leaves the callgrind files
(for callgrind_annotate) in --out.

    python3 bench/request_cost.py --eddy build/bin/eddy --requests 2000 health put_record
"""
import argparse
import base64
import http.client
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
AUTH = "AWS4-HMAC-SHA256 Credential=test/20261126/us-east-1/{}/aws4_request, SignedHeaders=host, Signature=0"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def aws_request(service, target, content_type, body):
    payload = json.dumps(body).encode()
    head = (f"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n"
            f"X-Amz-Target: {target}\r\nAuthorization: {AUTH.format(service)}\r\n"
            f"Content-Length: {len(payload)}\r\n\r\n")
    return head.encode() + payload


def sqs(operation, body):
    return aws_request("sqs", f"AmazonSQS.{operation}", "application/x-amz-json-1.0", body)


def query_request(service, params):
    """A request over the query protocol (form in, XML out), as the SDKs send it to SNS and SQS."""
    payload = urllib.parse.urlencode(params).encode()
    head = (f"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Content-Type: application/x-www-form-urlencoded\r\n"
            f"Authorization: {AUTH.format(service)}\r\nContent-Length: {len(payload)}\r\n\r\n")
    return head.encode() + payload


def kinesis(operation, body):
    return aws_request("kinesis", f"Kinesis_20131202.{operation}", "application/x-amz-json-1.1", body)


class Connection:
    """One keep-alive connection that sends raw requests and reads whole responses."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.pending = b""

    def call(self, request, parse=True):
        self.sock.sendall(request)
        while b"\r\n\r\n" not in self.pending:
            self.pending += self.sock.recv(65536)
        head, _, rest = self.pending.partition(b"\r\n\r\n")
        length = int(re.search(rb"(?i)content-length:\s*(\d+)", head).group(1))
        while len(rest) < length:
            rest += self.sock.recv(65536)
        self.pending = rest[length:]
        status = int(head.split(b" ", 2)[1])
        if status != 200:
            raise RuntimeError(f"{status}: {rest[:length]!r}")
        return json.loads(rest[:length] or b"{}") if parse else rest[:length]


def records_iterator(conn, stream, count):
    """An AT_SEQUENCE_NUMBER iterator at the middle of a one-shard stream of `count` records of
    100 bytes, as bench/kinesis_bench.py's GetRecords scenarios read."""
    conn.call(kinesis("CreateStream", {"StreamName": stream, "ShardCount": 1}))
    data = base64.b64encode(b"x" * 100).decode()
    middle = None
    for batch in range(count // 500):
        out = conn.call(kinesis("PutRecords", {"StreamName": stream, "Records": [
            {"PartitionKey": "p", "Data": data} for _ in range(500)]}))
        if batch == count // 1000:
            middle = out["Records"][0]["SequenceNumber"]
    shard = conn.call(kinesis("ListShards", {"StreamName": stream}))["Shards"][0]["ShardId"]
    return conn.call(kinesis("GetShardIterator", {
        "StreamName": stream, "ShardId": shard, "ShardIteratorType": "AT_SEQUENCE_NUMBER",
        "StartingSequenceNumber": middle}))["ShardIterator"]


def fill_queue(conn, queue_url, count):
    body = "{\"sensor\":\"s-17\",\"db\":71.5}"
    for first in range(0, count, 10):
        conn.call(sqs("SendMessageBatch", {"QueueUrl": queue_url, "Entries": [
            {"Id": str(i), "MessageBody": body} for i in range(min(10, count - first))]}))


def fanout_topic(conn, name):
    """A topic with two raw SQS subscriptions, the second filtering on a district the published
    message lacks (bench/run.py's SNS scenario, at two subscriptions)."""
    answer = conn.call(query_request("sns", {"Action": "CreateTopic", "Name": name}), parse=False)
    topic = re.search(rb"<TopicArn>([^<]+)</TopicArn>", answer).group(1).decode()
    for i, policy in enumerate([None, json.dumps({"district": ["hyde-park"]})]):
        conn.call(sqs("CreateQueue", {"QueueName": f"{name}-{i}"}))
        subscribe = {"Action": "Subscribe", "TopicArn": topic, "Protocol": "sqs",
                     "Endpoint": f"arn:aws:sqs:us-east-1:000000000000:{name}-{i}",
                     "Attributes.entry.1.key": "RawMessageDelivery",
                     "Attributes.entry.1.value": "true"}
        if policy:
            subscribe.update({"Attributes.entry.2.key": "FilterPolicy",
                              "Attributes.entry.2.value": policy})
        conn.call(query_request("sns", subscribe), parse=False)
    return topic


def receipt_handles(conn, queue_url, count):
    """Handles of `count` messages sent and received just now (received for a minute)."""
    fill_queue(conn, queue_url, count)
    handles = []
    while len(handles) < count:
        answer = conn.call(sqs("ReceiveMessage", {"QueueUrl": queue_url, "VisibilityTimeout": 60,
                                                  "MaxNumberOfMessages": min(10, count - len(handles))}))
        handles += [m["ReceiptHandle"] for m in answer.get("Messages", [])]
    return handles


def scenarios(conn):
    """Each scenario's request factory, after creating what it needs."""
    queue_url = conn.call(sqs("CreateQueue", {"QueueName": "cost"}))["QueueUrl"]
    delete_url = conn.call(sqs("CreateQueue", {"QueueName": "cost-delete"}))["QueueUrl"]
    depth_url = conn.call(sqs("CreateQueue", {"QueueName": "cost-depth-1k"}))["QueueUrl"]
    fill_queue(conn, depth_url, 1000)
    topic = fanout_topic(conn, "cost-fanout")
    conn.call(kinesis("CreateStream", {"StreamName": "cost", "ShardCount": 2}))
    # Iterators expire after 5 minutes: long enough for a run of a few thousand requests.
    iterator = records_iterator(conn, "cost-read", 10_000)
    counter = iter(range(10**9))
    health = b"GET /_eddy/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    return {
        "health": lambda: health,
        "get_queue_url": lambda: sqs("GetQueueUrl", {"QueueName": "cost"}),
        "send_message": lambda: sqs("SendMessage", {
            "QueueUrl": queue_url, "MessageBody": "{\"sensor\":\"s-17\",\"db\":71.5}",
            "MessageAttributes": {"city": {"DataType": "String", "StringValue": "Chicago"}}}),
        "send_message_query": lambda: query_request("sqs", {
            "Action": "SendMessage", "Version": "2012-11-05", "QueueUrl": queue_url,
            "MessageBody": "{\"sensor\":\"s-17\",\"db\":71.5}",
            "MessageAttribute.1.Name": "city", "MessageAttribute.1.Value.DataType": "String",
            "MessageAttribute.1.Value.StringValue": "Chicago"}),
        "send_batch_10": lambda: sqs("SendMessageBatch", {"QueueUrl": queue_url, "Entries": [
            {"Id": str(i), "MessageBody": "{\"sensor\":\"s-17\",\"db\":71.5}",
             "MessageAttributes": {"city": {"DataType": "String", "StringValue": "Chicago"}}}
            for i in range(10)]}),
        # Each made when asked for: a message sent and received, then its delete.
        "delete_message": lambda: sqs("DeleteMessage", {
            "QueueUrl": delete_url, "ReceiptHandle": receipt_handles(conn, delete_url, 1)[0]}),
        "delete_batch_10": lambda: sqs("DeleteMessageBatch", {"QueueUrl": delete_url, "Entries": [
            {"Id": str(i), "ReceiptHandle": handle}
            for i, handle in enumerate(receipt_handles(conn, delete_url, 10))]}),
        # 1,000 queued and VisibilityTimeout 0: every receive takes 10 and leaves them visible.
        "receive_10": lambda: sqs("ReceiveMessage", {
            "QueueUrl": depth_url, "MaxNumberOfMessages": 10, "VisibilityTimeout": 0}),
        "publish_2_subs": lambda: query_request("sns", {
            "Action": "Publish", "Version": "2010-03-31", "TopicArn": topic,
            "Message": "{\"sensor\":\"s-17\",\"db\":71.5}",
            "MessageAttributes.entry.1.Name": "district",
            "MessageAttributes.entry.1.Value.DataType": "String",
            "MessageAttributes.entry.1.Value.StringValue": "loop"}),
        "put_record": lambda: kinesis("PutRecord", {
            "StreamName": "cost", "PartitionKey": f"sensor-{next(counter)}",
            "Data": "QUJD" * 33 + "QQ=="}),
        "get_records_10": lambda: kinesis("GetRecords", {"ShardIterator": iterator, "Limit": 10}),
    }


def wait_healthy(port, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            c.request("GET", "/_eddy/health")
            if c.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("Eddy did not become healthy under valgrind")


def control(pid, *args):
    subprocess.run(["callgrind_control", *args, str(pid)], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--eddy", default=os.path.join(HERE, "..", "build", "bin", "eddy"))
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--out", default="/tmp/eddy-request-cost")
    parser.add_argument("names", nargs="*")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)

    port = free_port()
    server = subprocess.Popen(
        ["valgrind", "--tool=callgrind", "--instr-atstart=no",
         f"--callgrind-out-file={args.out}/callgrind.out.%p", args.eddy, "--port", str(port),
         "--log-level", "warn"], stderr=subprocess.DEVNULL)
    try:
        wait_healthy(port)
        conn = Connection(port)
        factories = scenarios(conn)
        for name in args.names or list(factories):
            make = factories[name]
            for _ in range(args.warmup):
                conn.call(make(), parse=False)
            requests = [make() for _ in range(args.requests)]
            control(server.pid, "--zero")
            control(server.pid, "-i", "on")
            for request in requests:
                conn.call(request, parse=False)
            control(server.pid, "-i", "off")
            control(server.pid, "--dump=" + name)
            dumps = sorted((f for f in os.listdir(args.out) if f.startswith(f"callgrind.out.{server.pid}.")),
                           key=lambda f: os.path.getmtime(os.path.join(args.out, f)))
            total = 0
            with open(os.path.join(args.out, dumps[-1])) as dump:
                for line in dump:
                    if line.startswith("totals:"):
                        total = int(line.split()[1])
            print(f"{name:16} {total / args.requests:10.0f} instructions/request  ({dumps[-1]})",
                  flush=True)
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    sys.exit(main())
