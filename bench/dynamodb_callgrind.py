#!/usr/bin/env python3
"""Instructions per DynamoDB request, repeatable whatever the machine's load: Eddy (one thread)
started under valgrind's callgrind, a small table loaded, counters zeroed, N requests of one kind
sent on one keep-alive connection, counters dumped. The dump is kept for callgrind_annotate.

    python3 bench/dynamodb_callgrind.py --eddy build/bin/eddy [--requests 300] [--out /tmp/cg]
        [--preload N] {put,get,query,scan,batch_get,update,delete,health} ...

--preload N first stores N more PutItem-shaped items (uninstrumented, so it stays quick): the
wrk PutItem scenario's table grows past the writer's page cache, and a small table hides that.
"""

import argparse
import glob
import http.client
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from run import free_port  # noqa: E402

TABLE = "bench-ddb"
GET_ITEMS = 200
QUERY_PARTITIONS = 5
HEADERS = {
    "Content-Type": "application/x-amz-json-1.0",
    "X-Amz-Date": "20261126T000000Z",
    "Authorization": "AWS4-HMAC-SHA256 Credential=test/20261126/us-east-1/dynamodb/aws4_request, "
                     "SignedHeaders=host, Signature=0",
}


class Client:
    def __init__(self, port):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def call(self, operation, body):
        self.conn.request("POST", "/", body=json.dumps(body),
                          headers=dict(HEADERS, **{"X-Amz-Target": "DynamoDB_20120810." + operation}))
        response = self.conn.getresponse()
        data = response.read()
        if response.status != 200:
            raise RuntimeError(f"{operation}: {response.status} {data[:300]!r}")
        return data

    def health(self):
        self.conn.request("GET", "/_eddy/health")
        self.conn.getresponse().read()


def prepare(client):
    client.call("CreateTable", {
        "TableName": TABLE,
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                 {"AttributeName": "sk", "AttributeType": "N"}],
        "BillingMode": "PAY_PER_REQUEST"})
    items = [{"pk": {"S": f"get-{i}"}, "sk": {"N": "0"}, "sensor": {"S": "s-17"}, "db": {"N": "71.5"}}
             for i in range(GET_ITEMS)]
    items += [{"pk": {"S": f"query-{p}"}, "sk": {"N": str(s)}, "db": {"N": str(s)}}
              for p in range(QUERY_PARTITIONS) for s in range(100)]
    for start in range(0, len(items), 25):
        client.call("BatchWriteItem", {"RequestItems": {TABLE: [{"PutRequest": {"Item": item}}
                                                                for item in items[start:start + 25]]}})


# The same requests as the wrk scenarios (bench/scenarios/ddb_*.lua).
REQUESTS = {
    "health": lambda client, i: client.health(),
    "put": lambda client, i: client.call("PutItem", {"TableName": TABLE, "Item": {
        "pk": {"S": f"put-{i * 7919 % 1000003}"}, "sk": {"N": str(i)}, "sensor": {"S": "s-17"},
        "db": {"N": "71.5"}, "district": {"S": "hyde-park"}, "note": {"S": "x" * 100}}}),
    "get": lambda client, i: client.call("GetItem", {"TableName": TABLE, "Key": {
        "pk": {"S": f"get-{i % GET_ITEMS}"}, "sk": {"N": "0"}}}),
    "query": lambda client, i: client.call("Query", {
        "TableName": TABLE, "KeyConditionExpression": "pk = :p AND sk >= :s",
        "ExpressionAttributeValues": {":p": {"S": f"query-{i % QUERY_PARTITIONS}"}, ":s": {"N": "0"}},
        "Limit": 10}),
    # Not wrk scenarios: the other two reads, at the shapes an application commonly uses.
    "scan": lambda client, i: client.call("Scan", {"TableName": TABLE, "Limit": 10}),
    "batch_get": lambda client, i: client.call("BatchGetItem", {"RequestItems": {TABLE: {"Keys": [
        {"pk": {"S": f"get-{(i + k) % GET_ITEMS}"}, "sk": {"N": "0"}} for k in range(10)]}}}),
    # Each request deletes an item that exists (prepare_deletes stores them).
    "delete": lambda client, i: client.call("DeleteItem", {
        "TableName": TABLE, "Key": {"pk": {"S": f"delete-{i}"}, "sk": {"N": "0"}}}),
    "update": lambda client, i: client.call("UpdateItem", {
        "TableName": TABLE, "Key": {"pk": {"S": f"get-{i % GET_ITEMS}"}, "sk": {"N": "0"}},
        "UpdateExpression": "SET hits = if_not_exists(hits, :zero) + :one",
        "ConditionExpression": "attribute_exists(pk)",
        "ExpressionAttributeValues": {":zero": {"N": "0"}, ":one": {"N": "1"}}}),
    # Not a wrk scenario: an update that only sets values.
    "update_set": lambda client, i: client.call("UpdateItem", {
        "TableName": TABLE, "Key": {"pk": {"S": f"get-{i % GET_ITEMS}"}, "sk": {"N": "0"}},
        "UpdateExpression": "SET db = :d", "ConditionExpression": "attribute_exists(pk)",
        "ExpressionAttributeValues": {":d": {"N": "72"}}}),
}


def prepare_deletes(client, count):
    items = [{"pk": {"S": f"delete-{i}"}, "sk": {"N": "0"}, "sensor": {"S": "s-17"},
              "db": {"N": "71.5"}} for i in range(count)]
    for start in range(0, len(items), 25):
        client.call("BatchWriteItem", {"RequestItems": {TABLE: [{"PutRequest": {"Item": item}}
                                                                for item in items[start:start + 25]]}})


def preload(client, count):
    for start in range(0, count, 25):
        client.call("BatchWriteItem", {"RequestItems": {TABLE: [{"PutRequest": {"Item": {
            "pk": {"S": f"preload-{i * 7919 % 1000003}"}, "sk": {"N": str(i)}, "sensor": {"S": "s-17"},
            "db": {"N": "71.5"}, "district": {"S": "hyde-park"}, "note": {"S": "x" * 100}}}}
            for i in range(start, min(start + 25, count))]}})


def measure(binary, kind, requests, out_dir, preload_items=0):
    os.makedirs(out_dir, exist_ok=True)
    for old in glob.glob(os.path.join(out_dir, f"callgrind.{kind}.*")):
        os.remove(old)
    port = free_port()
    process = subprocess.Popen(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out_dir}/callgrind.{kind}.%p",
         *(["--instr-atstart=no"] if preload_items else []), binary, "--port", str(port), "--threads", "1", "--log-level", "off"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):
            try:
                client = Client(port)
                client.health()
                break
            except OSError:
                time.sleep(0.1)
        prepare(client)
        preload(client, preload_items)
        if preload_items:
            subprocess.run(["callgrind_control", "-i", "on", str(process.pid)], check=True,
                           capture_output=True)
        if kind == "delete":
            prepare_deletes(client, requests + 20)
        for i in range(20):  # warm: statements prepared, caches filled
            REQUESTS[kind](client, i)
        subprocess.run(["callgrind_control", "-z", str(process.pid)], check=True, capture_output=True)
        for i in range(requests):
            REQUESTS[kind](client, i + 20)
        subprocess.run(["callgrind_control", "-d", str(process.pid)], check=True, capture_output=True)
    finally:
        process.terminate()
        process.wait()
    dump = sorted(glob.glob(os.path.join(out_dir, f"callgrind.{kind}.*.1")), key=os.path.getmtime)[-1]
    with open(dump) as lines:
        for line in lines:
            if line.startswith(("summary:", "totals:")):
                return int(line.split()[1]) / requests, dump
    raise RuntimeError(f"no totals in {dump}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--eddy", default=os.path.join(HERE, "..", "build", "bin", "eddy"))
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--out", default="/tmp/eddy-callgrind")
    parser.add_argument("--preload", type=int, default=0, help="more items stored first")
    parser.add_argument("kinds", nargs="+", choices=sorted(REQUESTS))
    args = parser.parse_args()
    for kind in args.kinds:
        per_request, dump = measure(args.eddy, kind, args.requests, args.out, args.preload)
        print(f"{kind:8} {per_request:10,.0f} instructions/request   ({dump})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
