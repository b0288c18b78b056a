#!/usr/bin/env python3
"""DynamoDB side by side: Eddy, dynalite and moto_server started on loopback in the same run, the
same wrk scenarios against each (PutItem, GetItem, Query of a 100-item partition with Limit 10,
conditional UpdateItem), then requests/s, p50, p99, errors and Eddy's ratio to each peer.

    python3 bench/dynamodb_bench.py --eddy build/bin/eddy [--duration 5] [--connections 32]
        [--dynalite bench/peers/node_modules/.bin/dynalite] [--skip-moto]
"""

import argparse
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from run import Emulator, eddy, fmt, free_port, moto, run_wrk  # noqa: E402

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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--eddy", default=os.path.join(HERE, "..", "build", "bin", "eddy"))
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--dynalite", default=DYNALITE, help="the dynalite executable")
    parser.add_argument("--skip-moto", action="store_true")
    args = parser.parse_args()
    report(run(args.eddy, args.duration, args.connections, args.skip_moto, args.dynalite))
    return 0


if __name__ == "__main__":
    sys.exit(main())
