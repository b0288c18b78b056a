"""Kinesis side by side: Eddy, kinesalite and moto_server started on loopback in the same run,
the same wrk scenarios against each (PutRecord, PutRecords of 100, GetRecords of 100), then
requests/s, p50, p99, errors and Eddy's ratio to each peer. Also Eddy's GetRecords from
AT_SEQUENCE_NUMBER in a shard of 10 thousand vs 1 million records.

Called from run.py; alone:
    python3 bench/kinesis_bench.py --eddy build/bin/eddy [--kinesalite PATH] [--skip-moto]
"""

import argparse
import base64
import http.client
import json
import os
import sys
import threading
import time

import run

HERE = os.path.dirname(os.path.abspath(__file__))
KINESALITE = os.path.join(HERE, "peers", "node_modules", ".bin", "kinesalite")
AUTH = ("AWS4-HMAC-SHA256 Credential=test/20261126/us-east-1/kinesis/aws4_request, "
        "SignedHeaders=host, Signature=0")


def kinesalite(binary):
    """kinesalite's own CLI listens on every interface; started through node, it takes
    loopback only."""
    port = run.free_port()
    module = os.path.dirname(os.path.realpath(binary))
    script = (f"require({json.dumps(module)})({{createStreamMs: 0, deleteStreamMs: 0, "
              f"updateStreamMs: 0, shardLimit: 1000}}).listen({port}, '127.0.0.1')")
    return run.Emulator("kinesalite", ["node", "-e", script], port, "/")


def call(conn, operation, payload):
    conn.request("POST", "/", json.dumps(payload),
                 {"Content-Type": "application/x-amz-json-1.1",
                  "X-Amz-Target": f"Kinesis_20131202.{operation}", "Authorization": AUTH,
                  "X-Amz-Date": "20261126T000000Z"})
    response = conn.getresponse()
    body = response.read()
    if response.status != 200:
        raise RuntimeError(f"{operation} failed with {response.status}: {body[:300]!r}")
    return json.loads(body) if body else {}


def create_stream(server, name, shards):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    call(conn, "CreateStream", {"StreamName": name, "ShardCount": shards})
    for _ in range(200):  # kinesalite is CREATING for a moment even at --createStreamMs 0
        status = call(conn, "DescribeStreamSummary", {"StreamName": name})[
            "StreamDescriptionSummary"]["StreamStatus"]
        if status == "ACTIVE":
            break
        time.sleep(0.05)
    conn.close()


def preload(server, stream, count, threads=4):
    """Puts `count` 100-byte records in PutRecords of 500 over keep-alive connections; returns
    the sequence number of the record in the middle, which all share one shard."""
    data = base64.b64encode(b"x" * 100).decode()
    batches = (count + 499) // 500
    middle = {}

    def worker(first, last):
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
        for b in range(first, last):
            n = min(500, count - b * 500)
            out = call(conn, "PutRecords", {"StreamName": stream, "Records": [
                {"PartitionKey": "p", "Data": data} for _ in range(n)]})
            if out.get("FailedRecordCount"):
                raise RuntimeError(f"preload: {out['FailedRecordCount']} records failed")
            if b == batches // 2:
                middle["sequence"] = out["Records"][0]["SequenceNumber"]
        conn.close()

    per = (batches + threads - 1) // threads
    workers = [threading.Thread(target=worker, args=(w * per, min(batches, (w + 1) * per)))
               for w in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    return middle["sequence"]


def iterator_at(server, stream, sequence):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    shard = call(conn, "ListShards", {"StreamName": stream})["Shards"][0]["ShardId"]
    out = call(conn, "GetShardIterator", {"StreamName": stream, "ShardId": shard,
                                          "ShardIteratorType": "AT_SEQUENCE_NUMBER",
                                          "StartingSequenceNumber": sequence})
    conn.close()
    # Escaped for the JSON body the scenario writes: moto's iterators end in a newline.
    return json.dumps(out["ShardIterator"])[1:-1]


def bench_server(server, duration, connections, deep):
    results, extra = {}, {}
    if server.name == "eddy":
        # The issue's yardstick: each scenario against Eddy's own cheapest request, same run.
        results["health"] = run.run_wrk(server.endpoint, "health.lua", [], duration, connections)
    create_stream(server, "bench-put", 4)
    results["kinesis_put_record"] = run.run_wrk(
        server.endpoint, "kinesis_put_record.lua", ["bench-put"], duration, connections)
    results["kinesis_put_records_100"] = run.run_wrk(
        server.endpoint, "kinesis_put_records.lua", ["bench-put"], duration, connections)
    results["kinesis_put_records_100"]["records_per_s"] = (
        results["kinesis_put_records_100"]["rps"] * 100)
    create_stream(server, "bench-read-10k", 1)
    iterator = iterator_at(server, "bench-read-10k", preload(server, "bench-read-10k", 10_000))
    results["kinesis_get_records_10k"] = run.run_wrk(
        server.endpoint, "kinesis_get_records.lua", [iterator], duration, connections)
    # GetRecords of 10 records, the size the issue's peer figures were taken at.
    results["kinesis_get_records_10"] = run.run_wrk(
        server.endpoint, "kinesis_get_records.lua", [iterator, "10"], duration, connections)
    if deep:
        create_stream(server, "bench-read-deep", 1)
        began = time.perf_counter()
        sequence = preload(server, "bench-read-deep", deep)
        extra[f"{server.name}_preload_records_per_s"] = deep / (time.perf_counter() - began)
        iterator = iterator_at(server, "bench-read-deep", sequence)
        results["kinesis_get_records_1m"] = run.run_wrk(
            server.endpoint, "kinesis_get_records.lua", [iterator], duration, connections)
    return results, extra


def run_kinesis(eddy_binary, kinesalite_binary, duration, connections, deep, skip_moto):
    """Runs every scenario against each server; returns {server: {scenario: result}}, extras."""
    servers = [run.eddy(eddy_binary)]
    if kinesalite_binary and os.path.exists(kinesalite_binary):
        servers.append(kinesalite(kinesalite_binary))
    else:
        print(f"kinesalite not found at {kinesalite_binary}: skipped", file=sys.stderr)
    if not skip_moto:
        servers.append(run.moto())
    results, extra = {}, {}
    try:
        for server in servers:
            server.start()
            results[server.name], more = bench_server(
                server, duration, connections, deep if server.name == "eddy" else 0)
            extra.update(more)
            server.stop()
    finally:
        for server in servers:
            server.stop()
    return results, extra


def report(results, extra, deep):
    eddy = results["eddy"]
    peers = [name for name in results if name != "eddy"]
    header = f"{'kinesis scenario':26} {'eddy req/s':>10} {'p50 ms':>7} {'p99 ms':>7} {'err':>4}"
    for peer in peers:
        header += f" | {peer + ' req/s':>16} {'err':>4} {'eddy/' + peer:>16}"
    print()
    print(header)
    for name, e in eddy.items():
        if name == "health":
            continue
        line = (f"{name:26} {e['rps']:10.0f} {run.fmt(e['p50_ms']):>7} "
                f"{run.fmt(e['p99_ms']):>7} {e['errors']:4d}")
        for peer in peers:
            p = results[peer].get(name)
            ratio = e["rps"] / p["rps"] if p and p["rps"] else None
            line += (f" | {(p['rps'] if p else 0):16.1f} {(p['errors'] if p else 0):4d}"
                     f" {run.fmt(ratio, 1):>16}")
        print(line)
    if "health" in eddy:
        health = eddy["health"]["rps"]
        print(f"Eddy GET /_eddy/health: {health:.0f} req/s; each scenario / health: " +
              ", ".join(f"{name} {e['rps'] / health:.2f}" for name, e in eddy.items()
                        if name != "health"))
    if "kinesis_get_records_1m" in eddy:
        shallow = eddy["kinesis_get_records_10k"]["rps"]
        deep_rps = eddy["kinesis_get_records_1m"]["rps"]
        print(f"GetRecords AT_SEQUENCE_NUMBER at 10k vs {deep} records in the shard: "
              f"{shallow:.0f} vs {deep_rps:.0f} req/s (ratio {shallow / deep_rps:.2f})")
    for key, value in extra.items():
        print(f"{key}: {run.fmt(value) if isinstance(value, float) else value}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--eddy", default=os.path.join(HERE, "..", "build", "bin", "eddy"))
    parser.add_argument("--kinesalite", default=KINESALITE)
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--deep", type=int, default=1_000_000)
    parser.add_argument("--skip-moto", action="store_true")
    args = parser.parse_args()
    results, extra = run_kinesis(args.eddy, args.kinesalite, args.duration, args.connections,
                                 args.deep, args.skip_moto)
    report(results, extra, args.deep)
    os.makedirs(run.RESULTS, exist_ok=True)
    with open(os.path.join(run.RESULTS, "kinesis_latest.json"), "w") as out:
        json.dump({"results": results, "extra": extra, "args": vars(args)}, out, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
