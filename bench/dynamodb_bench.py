#!/usr/bin/env python3
"""DynamoDB side by side: Eddy, dynalite and moto_server started on loopback in the same run, the
same wrk scenarios against each (PutItem, GetItem, Query of a 100-item partition with Limit 10,
conditional UpdateItem), then requests/s, p50, p99, errors, Eddy's ratio to each peer and to its
own GET /_eddy/health in the same run.

Then Eddy alone at scale: GetItem and Query with 10 thousand items in the table and again with a
million (loaded by pipelined BatchWriteItem within --scale-seconds; the count reached is
reported), and GetItem alone vs GetItem while a PutItem load runs on another table.

    python3 bench/dynamodb_bench.py --eddy build/bin/eddy [--duration 5] [--connections 32]
        [--dynalite bench/peers/node_modules/.bin/dynalite] [--skip-moto]
        [--scale-items 1000000] [--scale-seconds 150] [--skip-scale] [--skip-peers]

Throughput here is wall-clock and noisy on a shared machine; bench/dynamodb_callgrind.py counts
instructions per request instead, which repeat whatever the load.
"""

import argparse
import json
import os
import shutil
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from run import (Emulator, RawHttp, eddy, fmt, free_port, moto, peak_rss_kib, rss_kib,  # noqa: E402
                 run_wrk)

TABLE = "bench-ddb"
GET_ITEMS = 10_000
QUERY_PARTITIONS = 100
QUERY_ITEMS_PER_PARTITION = 100
SCENARIOS = ("ddb_put_item", "ddb_get_item", "ddb_query", "ddb_update_item")


DYNALITE = os.path.join(HERE, "peers", "node_modules", ".bin", "dynalite")


def dynalite(exe=DYNALITE):
    port = free_port()
    if not os.path.exists(exe):
        exe = shutil.which("dynalite") or exe
    return Emulator("dynalite", [exe, "--host", "127.0.0.1", "--port", str(port), "--createTableMs", "0"],
                    port, "/")


def prepare(server):
    """The bench table and its preloaded items: GetItem/UpdateItem keys and Query partitions."""
    client = server.client("dynamodb")
    client.create_table(
        TableName=TABLE,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                              {"AttributeName": "sk", "AttributeType": "N"}],
        BillingMode="PAY_PER_REQUEST",
    )
    client.get_waiter("table_exists").wait(TableName=TABLE, WaiterConfig={"Delay": 1})
    items = [{"pk": {"S": f"get-{i}"}, "sk": {"N": "0"}, "sensor": {"S": "s-17"}, "db": {"N": "71.5"}}
             for i in range(GET_ITEMS)]
    items += [{"pk": {"S": f"query-{p}"}, "sk": {"N": str(s)}, "db": {"N": str(s)}}
              for p in range(QUERY_PARTITIONS) for s in range(QUERY_ITEMS_PER_PARTITION)]
    for start in range(0, len(items), 25):
        batch = [{"PutRequest": {"Item": item}} for item in items[start:start + 25]]
        pending = {TABLE: batch}
        while pending:
            pending = client.batch_write_item(RequestItems=pending)["UnprocessedItems"]


def run(binary, duration, connections, skip_moto=False, dynalite_exe=DYNALITE):
    # dynalite starts in a second; moto is the slow peer that --skip-moto leaves out.
    servers = [eddy(binary), dynalite(dynalite_exe)] + ([] if skip_moto else [moto()])
    results = {}
    try:
        for server in servers:
            server.start()
            prepare(server)
            args = {
                "ddb_put_item": [TABLE],
                "ddb_get_item": [TABLE, str(GET_ITEMS)],
                "ddb_query": [TABLE, str(QUERY_PARTITIONS)],
                "ddb_update_item": [TABLE, str(GET_ITEMS)],
            }
            results[server.name] = {
                name: run_wrk(server.endpoint, name + ".lua", args[name], duration, connections)
                for name in SCENARIOS
            }
            if server.name == "eddy":
                results["eddy"]["health"] = run_wrk(server.endpoint, "health.lua", [], duration,
                                                    connections)
                # The latency target: GetItem p50 on one keep-alive connection.
                results["eddy"]["get_item_one_connection"] = run_wrk(
                    server.endpoint, "ddb_get_item.lua", args["ddb_get_item"], duration, 1)
            server.stop()
    finally:
        for server in servers:
            server.stop()
    return results


def report(results):
    peers = [name for name in results if name != "eddy"]
    header = f"{'scenario':18} {'eddy req/s':>10} {'p50':>6} {'p99':>6} {'err':>4}"
    for peer in peers:
        header += f" | {peer + ' req/s':>14} {'p50':>7} {'err':>4} {'ratio':>6}"
    print(header)
    for name in SCENARIOS:
        e = results["eddy"][name]
        line = f"{name:18} {e['rps']:10.0f} {fmt(e['p50_ms']):>6} {fmt(e['p99_ms']):>6} {e['errors']:4d}"
        for peer in peers:
            p = results[peer][name]
            ratio = e["rps"] / p["rps"] if p["rps"] else None
            line += f" | {p['rps']:14.1f} {fmt(p['p50_ms']):>7} {p['errors']:4d} {fmt(ratio, 1):>6}"
        print(line)
    health = results["eddy"].get("health", {}).get("rps")
    if health:
        print(f"Eddy GET /_eddy/health: {health:.0f} req/s; each scenario / health: " +
              ", ".join(f"{name} {results['eddy'][name]['rps'] / health:.2f}" for name in SCENARIOS))
    alone = results["eddy"].get("get_item_one_connection")
    if alone:
        print(f"Eddy GetItem on one keep-alive connection: p50 {fmt(alone['p50_ms'], 3)} ms, "
              f"p99 {fmt(alone['p99_ms'], 3)} ms, {alone['rps']:.0f} req/s")


# --- Scale: the same reads with 10 thousand and with a million items in the table -------------

SCALE_TABLE = "bench-ddb-scale"
WRITE_TABLE = "bench-ddb-writes"
SCALE_QUERY_PARTITIONS = 50  # of 100 items each: half the first 10 thousand items
SCALE_FIRST_ITEMS = 10_000
SCALE_ITEMS = 1_000_000
SCALE_LOAD_SECONDS = 150
HEADERS = {
    "Content-Type": "application/x-amz-json-1.0",
    "X-Amz-Date": "20261126T000000Z",
    "Authorization": "AWS4-HMAC-SHA256 Credential=test/20261126/us-east-1/dynamodb/aws4_request, "
                     "SignedHeaders=host, Signature=0",
}


def create_table(client, name):
    client.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                              {"AttributeName": "sk", "AttributeType": "N"}],
        BillingMode="PAY_PER_REQUEST",
    )
    client.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 1})


def batch_request(items):
    body = json.dumps({"RequestItems": {SCALE_TABLE: [{"PutRequest": {"Item": item}} for item in items]}})
    return RawHttp.prepare(body, dict(HEADERS, **{"X-Amz-Target": "DynamoDB_20120810.BatchWriteItem"}))


def get_item(i):
    return {"pk": {"S": f"get-{i}"}, "sk": {"N": "0"}, "sensor": {"S": "s-17"}, "db": {"N": "71.5"}}


def load_get_items(port, first, last, deadline, threads=4, pipeline=8):
    """BatchWriteItem of get-{first}..get-{last - 1}, pipelined on a few connections, until done
    or past the deadline. Returns n where get-0..get-(n-1) are all written: threads stop at
    different batches, so that is where the first batch not written starts."""
    batches = [(start, min(start + 25, last)) for start in range(first, last, 25)]
    done = [0] * threads  # batches written by each thread, of batches[n::threads]

    def worker(n):
        conn = RawHttp(port)
        mine = batches[n::threads]
        for at in range(0, len(mine), pipeline):
            if time.monotonic() > deadline:
                break
            group = mine[at:at + pipeline]
            for start, end in group:
                conn.send(batch_request([get_item(i) for i in range(start, end)]))
            for _ in group:
                answer = json.loads(conn.read_response())
                if answer.get("UnprocessedItems") != {}:
                    raise RuntimeError(f"BatchWriteItem did not write everything: {answer}")
                done[n] += 1
        conn.close()

    workers = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    first_missing = min(n + threads * done[n] for n in range(threads))
    return batches[first_missing][0] if first_missing < len(batches) else last


def run_scale(binary, duration, connections, target_items, budget_seconds):
    server = eddy(binary)
    server.start()
    try:
        client = server.client("dynamodb")
        create_table(client, SCALE_TABLE)
        create_table(client, WRITE_TABLE)
        # 10 thousand: the Query partitions and as many GetItem items.
        query_items = [{"pk": {"S": f"query-{p}"}, "sk": {"N": str(s)}, "db": {"N": str(s)}}
                       for p in range(SCALE_QUERY_PARTITIONS) for s in range(100)]
        conn = RawHttp(server.port)
        for start in range(0, len(query_items), 25):
            conn.send(batch_request(query_items[start:start + 25]))
            conn.read_response()
        conn.close()
        first_gets = SCALE_FIRST_ITEMS - len(query_items)
        load_get_items(server.port, 0, first_gets, float("inf"))
        small = {"items": SCALE_FIRST_ITEMS, "rss_kib": rss_kib(server.process.pid)}
        small.update(scale_reads_with(server, first_gets, duration, connections))
        # Reads alone vs reads beside a write load on another table.
        alone = run_wrk(server.endpoint, "ddb_get_item.lua", [SCALE_TABLE, str(first_gets)], duration,
                        connections // 2)
        beside = concurrent_reads_and_writes(server, first_gets, duration, connections // 2)
        # Grow to the target within the time budget.
        started = time.monotonic()
        gets = load_get_items(server.port, first_gets, target_items - len(query_items),
                              started + budget_seconds)
        loaded_seconds = time.monotonic() - started
        large = {"items": client.describe_table(TableName=SCALE_TABLE)["Table"]["ItemCount"],
                 "load_seconds": loaded_seconds, "rss_kib": rss_kib(server.process.pid),
                 "peak_rss_kib": peak_rss_kib(server.process.pid)}
        large.update(scale_reads_with(server, gets, duration, connections))
        return {"small": small, "large": large, "reads_alone": alone, "reads_beside_writes": beside}
    finally:
        server.stop()


def scale_reads_with(server, get_items, duration, connections):
    return {
        "ddb_get_item": run_wrk(server.endpoint, "ddb_get_item.lua", [SCALE_TABLE, str(get_items)],
                                duration, connections),
        "ddb_query": run_wrk(server.endpoint, "ddb_query.lua", [SCALE_TABLE, str(SCALE_QUERY_PARTITIONS)],
                             duration, connections),
    }


def concurrent_reads_and_writes(server, get_items, duration, connections):
    """GetItem on the scale table while PutItem runs on another table, both for `duration`."""
    results = {}

    def writes():
        results["writes"] = run_wrk(server.endpoint, "ddb_put_item.lua", [WRITE_TABLE], duration, connections)

    writer = threading.Thread(target=writes)
    writer.start()
    results["reads"] = run_wrk(server.endpoint, "ddb_get_item.lua", [SCALE_TABLE, str(get_items)], duration,
                               connections)
    writer.join()
    return results


def report_scale(scale):
    small, large = scale["small"], scale["large"]
    print(f"\nEddy at scale: {small['items']} items, then {large['items']} items "
          f"(loaded in {large['load_seconds']:.0f}s)")
    print(f"RSS {small['rss_kib'] / 1024:.1f} MiB with {small['items']} items, {large['rss_kib'] / 1024:.1f} MiB "
          f"with {large['items']} (peak {large['peak_rss_kib'] / 1024:.1f} MiB)")
    print(f"{'scenario':14} {'req/s small':>11} {'p50':>6} | {'req/s large':>11} {'p50':>6} | {'small/large':>11}")
    for name in ("ddb_get_item", "ddb_query"):
        a, b = small[name], large[name]
        ratio = a["rps"] / b["rps"] if b["rps"] else None
        print(f"{name:14} {a['rps']:11.0f} {fmt(a['p50_ms']):>6} | {b['rps']:11.0f} {fmt(b['p50_ms']):>6} | "
              f"{fmt(ratio):>11}")
    alone, beside = scale["reads_alone"], scale["reads_beside_writes"]
    kept = beside["reads"]["rps"] / alone["rps"] if alone["rps"] else None
    print(f"GetItem alone {alone['rps']:.0f} req/s; beside PutItem on another table "
          f"{beside['reads']['rps']:.0f} req/s (kept {fmt(kept)}), PutItem {beside['writes']['rps']:.0f} req/s")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--eddy", default=os.path.join(HERE, "..", "build", "bin", "eddy"))
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--dynalite", default=DYNALITE, help="the dynalite executable")
    parser.add_argument("--skip-moto", action="store_true")
    parser.add_argument("--skip-peers", action="store_true", help="only the scale checks")
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--scale-items", type=int, default=SCALE_ITEMS)
    parser.add_argument("--scale-seconds", type=int, default=SCALE_LOAD_SECONDS,
                        help="time allowed to load them")
    args = parser.parse_args()
    if not args.skip_peers:
        report(run(args.eddy, args.duration, args.connections, args.skip_moto, args.dynalite))
    if not args.skip_scale:
        report_scale(run_scale(args.eddy, args.duration, args.connections, args.scale_items,
                               args.scale_seconds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
