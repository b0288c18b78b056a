#!/usr/bin/env python3
"""Where one request's CPU goes under load: the server's user and kernel microseconds per request,
its page faults, wrk's share and the machine's idle time, for one scenario at a time.

bench/run.py reports throughput ratios; on a 2-core machine shared with wrk those move with every
cost at once. This splits them, so a change can be judged by the server's own time per request,
and the same scenario can be compared across --threads (the cost of two io threads sharing the
store is the difference between `--threads 1` and `--threads 2`).

    python3 bench/cpu_split.py --eddy build/bin/eddy [--threads 2] health send_message put_item
"""
import argparse
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import dynamodb_bench  # noqa: E402
from run import SCENARIOS, eddy, stat_fields  # noqa: E402


def machine_times():
    """(all, idle) jiffies of the whole machine so far."""
    with open("/proc/stat") as stat:
        fields = [int(v) for v in stat.readline().split()[1:]]
    return sum(fields), fields[3] + fields[4]


def process_times(pid):
    """(user seconds, system seconds, minor faults) of a process so far."""
    fields = stat_fields(pid)
    tick = os.sysconf("SC_CLK_TCK")
    return int(fields[11]) / tick, int(fields[12]) / tick, int(fields[7])


def measure(endpoint, pid, script, args, duration, connections):
    command = ["/usr/bin/time", "-f", "%U %S", "wrk", "-t1", f"-c{connections}", f"-d{duration}s",
               "-s", os.path.join(SCENARIOS, script), endpoint] + (["--"] + args if args else [])
    machine_before, server_before = machine_times(), process_times(pid)
    began = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    elapsed = time.perf_counter() - began
    machine_after, server_after = machine_times(), process_times(pid)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", done.stdout).group(1))
    requests = rps * elapsed
    wrk_user, wrk_system = (float(v) for v in done.stderr.split()[-2:])
    user, system, faults = (after - before for after, before in zip(server_after, server_before))
    all_jiffies = machine_after[0] - machine_before[0]
    return {
        "rps": rps,
        "server_cores": (user + system) / elapsed,
        "server_user_us": user / requests * 1e6,
        "server_kernel_us": system / requests * 1e6,
        "server_faults": faults / requests,
        "wrk_us": (wrk_user + wrk_system) / requests * 1e6,
        "idle_pct": (machine_after[1] - machine_before[1]) / all_jiffies * 100,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--eddy", default=os.path.join(HERE, "..", "build", "bin", "eddy"))
    parser.add_argument("--threads", type=int, default=0, help="Eddy's --threads (0: one per core)")
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("scenarios", nargs="+",
                        choices=["health", "get_queue_url", "send_message", "put_item", "get_item",
                                 "update_item"])
    options = parser.parse_args()

    server = eddy(options.eddy)
    server.argv += ["--threads", str(options.threads)]
    server.start()
    try:
        url = server.client("sqs").create_queue(QueueName="bench-send")["QueueUrl"]
        if any(s in ("put_item", "get_item", "update_item") for s in options.scenarios):
            dynamodb_bench.prepare(server)
        table, items = dynamodb_bench.TABLE, str(dynamodb_bench.GET_ITEMS)
        work = {
            "health": ("health.lua", []),
            "get_queue_url": ("sqs_get_queue_url.lua", ["bench-send"]),
            "send_message": ("sqs_send_json.lua", [url]),
            "put_item": ("ddb_put_item.lua", [table]),
            "get_item": ("ddb_get_item.lua", [table, items]),
            "update_item": ("ddb_update_item.lua", [table, items]),
        }
        print(f"{'scenario':<14} {'req/s':>9} {'cores':>6} {'user µs':>8} {'kernel µs':>9} "
              f"{'faults':>7} {'wrk µs':>7} {'idle %':>7}")
        for name in options.scenarios:
            figures = measure(server.endpoint, server.process.pid, *work[name], options.duration,
                              options.connections)
            print(f"{name:<14} {figures['rps']:>9.0f} {figures['server_cores']:>6.2f} "
                  f"{figures['server_user_us']:>8.1f} {figures['server_kernel_us']:>9.1f} "
                  f"{figures['server_faults']:>7.3f} {figures['wrk_us']:>7.1f} "
                  f"{figures['idle_pct']:>7.1f}")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
