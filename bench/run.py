#!/usr/bin/env python3
"""Side-by-side load benchmarks: Eddy and moto_server started on loopback in the same run, the
same wrk scenarios against each, then requests/s, p50, p99, errors and the Eddy/moto ratio.
Also Eddy's start-up time (process start to a healthy /_eddy/health), idle RSS, and ReceiveMessage
cost at 1 thousand vs 1 million queued messages. Then DynamoDB against dynalite, Kinesis against
kinesalite (dynamodb_bench.py, kinesis_bench.py) and Lambda (lambda_bench.py); --skip-dynamodb,
--skip-kinesis and --skip-lambda leave them out.

    python3 bench/run.py --eddy build/bin/eddy [--duration 5] [--connections 32] [--skip-moto]
"""

import argparse
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse

import boto3
from botocore.config import Config

HERE = os.path.dirname(os.path.abspath(__file__))
SCENARIOS = os.path.join(HERE, "scenarios")
RESULTS = os.path.join(HERE, "results")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_ok(port, path, timeout=0.5):
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        conn.request("GET", path)
        ok = conn.getresponse().status < 500
        conn.close()
        return ok
    except OSError:
        return False


def status_kib(pid, field):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return None


def rss_kib(pid):
    return status_kib(pid, "VmRSS")


def peak_rss_kib(pid):
    return status_kib(pid, "VmHWM")


class Emulator:
    def __init__(self, name, argv, port, health_path):
        self.name, self.argv, self.port, self.health_path = name, argv, port, health_path
        self.process = None
        self.started_at = None

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout=60):
        self.process = subprocess.Popen(
            self.argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        started = self.started_at = time.perf_counter()
        while time.perf_counter() - started < timeout:
            if http_ok(self.port, self.health_path):
                return time.perf_counter() - started
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}")
            time.sleep(0.0002)
        raise RuntimeError(f"{self.name} did not become healthy in {timeout}s")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def client(self, service):
        return boto3.client(
            service,
            endpoint_url=self.endpoint,
            region_name="us-east-1",
            aws_access_key_id="test",
            aws_secret_access_key="test",
            config=Config(retries={"max_attempts": 2}),
        )


def eddy(binary):
    port = free_port()
    return Emulator("eddy", [binary, "--port", str(port), "--log-level", "warn"], port, "/_eddy/health")


def moto():
    port = free_port()
    exe = shutil.which("moto_server") or "moto_server"
    return Emulator("moto", [exe, "-H", "127.0.0.1", "-p", str(port)], port, "/moto-api/")


def stat_fields(pid):
    """/proc/<pid>/stat's fields after the command name: field 7 is minor faults, 11 and 12 user and
    system ticks."""
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().rsplit(")", 1)[1].split()


def first_sqs_answer(port):
    """Sends SQS ListQueues and returns once it is answered 200 (the services' tables may still be
    in the making when health first answers: the request then waits for them)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("POST", "/", body="{}", headers={"Content-Type": "application/x-amz-json-1.0",
                                                  "X-Amz-Target": "AmazonSQS.ListQueues"})
    response = conn.getresponse()
    response.read()
    conn.close()
    if response.status != 200:
        raise RuntimeError(f"ListQueues answered {response.status}")


def measure_startup(binary, runs):
    """Medians from exec to the first 200 from /_eddy/health and to the first SQS answer sent
    right after it, the best of the first, the median page faults taken by health, and idle
    RSS."""
    times, answered, faults, rss = [], [], [], None
    for i in range(runs):
        server = eddy(binary)
        times.append(server.start())
        faults.append(int(stat_fields(server.process.pid)[7]))
        if i < runs - 1:
            first_sqs_answer(server.port)
            answered.append(time.perf_counter() - server.started_at)
        else:
            # Idle: no request has run yet.
            time.sleep(0.5)
            rss = rss_kib(server.process.pid)
        server.stop()
    return (statistics.median(times), min(times), statistics.median(answered),
            statistics.median(faults), rss)


def measure_process_spawn(runs):
    """Median time to start and reap /bin/true the way Emulator.start starts a server: what this
    machine charges any process before its first instruction, and part of every start-up figure
    (2-2.6 ms measured on a 2-core VM whose page faults cost ~10 us each)."""
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(["/bin/true"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


def to_ms(text):
    match = re.match(r"([\d.]+)(us|ms|s|m)", text)
    return float(match.group(1)) * UNITS[match.group(2)] if match else None


def cpu_seconds(pid):
    """User plus system CPU the process has used so far."""
    fields = stat_fields(pid)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_wrk(endpoint, script, args, duration, connections, pid=None):
    """wrk's figures; with the server's pid, also the server cores it used and its requests/s per
    server core (wrk shares the machine, so per core is the fair comparison)."""
    cpu_before = cpu_seconds(pid) if pid else None
    began = time.perf_counter()
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s",
           "-s", os.path.join(SCENARIOS, script), endpoint]
    if args:
        cmd += ["--"] + list(args)
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    result = {"rps": 0.0, "p50_ms": None, "p99_ms": None, "errors": 0}
    if pid:
        cores = (cpu_seconds(pid) - cpu_before) / (time.perf_counter() - began)
        result["server_cores"] = cores
    if m := re.search(r"Requests/sec:\s+([\d.]+)", out):
        result["rps"] = float(m.group(1))
    if m := re.search(r"^\s+50%\s+(\S+)", out, re.M):
        result["p50_ms"] = to_ms(m.group(1))
    if m := re.search(r"^\s+99%\s+(\S+)", out, re.M):
        result["p99_ms"] = to_ms(m.group(1))
    if m := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out):
        result["errors"] += int(m.group(1))
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out):
        result["errors"] += sum(int(x) for x in m.groups())
    if pid and result["server_cores"] > 0:
        result["rps_per_core"] = result["rps"] / result["server_cores"]
    return result


def node_http():
    """The issue's yardstick: Node's own `http` module answering a constant, no framework."""
    port = free_port()
    script = ("require('http').createServer((req, res) => {"
              "res.writeHead(200, {'Content-Type': 'application/json'});"
              "res.end('{\"status\":\"running\"}');"
              f"}}).listen({port}, '127.0.0.1');")
    return Emulator("node-http", ["node", "-e", script], port, "/")


def transport_reference(eddy_server, queue_name, duration, connections):
    """Requests per server core: Eddy's health and GetQueueUrl beside Node's http module, started
    in the same run. Also Node's p50 on one keep-alive connection: this machine's round trip, which
    the one-connection latency targets include (0.13-0.15 ms on a VM whose idle cores wake slowly,
    against 0.05 on another)."""
    node = node_http()
    node.start()
    try:
        figures = {"node_http_constant": run_wrk(node.endpoint, "health.lua", [], duration, connections,
                                                 node.process.pid)}
        figures["node_round_trip"] = run_wrk(node.endpoint, "health.lua", [], duration, 1)
    finally:
        node.stop()
    pid = eddy_server.process.pid
    figures["eddy_health"] = run_wrk(eddy_server.endpoint, "health.lua", [], duration, connections, pid)
    figures["eddy_get_queue_url"] = run_wrk(eddy_server.endpoint, "sqs_get_queue_url.lua",
                                            [queue_name], duration, connections, pid)
    return figures


def report_transport(figures):
    print()
    print(f"{'transport':24} {'req/s':>9} {'server cores':>13} {'req/s per core':>15} {'x node':>7}")
    node = figures["node_http_constant"].get("rps_per_core")
    for name, f in figures.items():
        if name == "node_round_trip":
            continue
        per_core = f.get("rps_per_core")
        ratio = per_core / node if per_core and node else None
        print(f"{name:24} {f['rps']:9.0f} {fmt(f.get('server_cores')):>13} {fmt(per_core, 0):>15}"
              f" {fmt(ratio):>7}")


def preload(server, queue_url, count, body="{\"sensor\":\"s-17\",\"db\":71.5}"):
    """Fills a queue with SendMessageBatch over keep-alive connections, 4 in parallel."""
    batches = (count + 9) // 10
    per_worker = (batches + 3) // 4

    def worker(first, last):
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        headers = {"Content-Type": "application/x-amz-json-1.0",
                   "X-Amz-Target": "AmazonSQS.SendMessageBatch"}
        for b in range(first, last):
            n = min(10, count - b * 10)
            entries = [{"Id": str(i), "MessageBody": body} for i in range(n)]
            conn.request("POST", "/", json.dumps({"QueueUrl": queue_url, "Entries": entries}), headers)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"preload failed with {response.status}")
        conn.close()

    threads = [threading.Thread(target=worker, args=(w * per_worker, min(batches, (w + 1) * per_worker)))
               for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def setup_sns(server, queue_prefix, subscriptions=10):
    """A topic with SQS subscriptions (10 unless told); every second one filters on a district the
    published message lacks."""
    sns, sqs = server.client("sns"), server.client("sqs")
    topic = sns.create_topic(Name=f"{queue_prefix}-readings")["TopicArn"]
    queues = []
    for i in range(subscriptions):
        url = sqs.create_queue(QueueName=f"{queue_prefix}-{i}")["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        attributes = {"RawMessageDelivery": "true"}
        if i % 2:
            attributes["FilterPolicy"] = json.dumps({"district": ["hyde-park"]})
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn, Attributes=attributes)
        queues.append(url)
    return topic, queues


class RawHttp:
    """A keep-alive HTTP/1.1 connection that sends requests prepared up front and reads answers
    with Content-Length: the probe's own cost stays in microseconds, far below an SDK's."""

    def __init__(self, port):
        self.port = port
        self.connect()

    def connect(self):
        self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=10)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""

    @staticmethod
    def prepare(body, headers):
        body = body.encode()
        head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        return (f"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {len(body)}\r\n{head}\r\n"
                .encode() + body)

    def send(self, request):
        self.sock.sendall(request)

    def read_response(self):
        while b"\r\n\r\n" not in self.buffer:
            self.buffer += self.sock.recv(65536)
        head, _, rest = self.buffer.partition(b"\r\n\r\n")
        length = int(re.search(rb"(?i)content-length:\s*(\d+)", head).group(1))
        while len(rest) < length:
            rest += self.sock.recv(65536)
        self.buffer = rest[length:]
        if re.search(rb"(?i)\r\nconnection:\s*close", head):
            # moto's server closes after each answer: reconnect now, outside any timing.
            self.sock.close()
            self.connect()
        return rest[:length]

    def close(self):
        self.sock.close()


def publish_to_visible_latency(server, topic, queue_url, samples):
    """Publish while a long poll waits on a subscribed queue: time from the Publish request leaving
    the client to the ReceiveMessage answer arriving, p50 in ms. One thread, raw keep-alive
    sockets and requests built up front, so the figure is the emulator's, not a client's."""
    auth = "AWS4-HMAC-SHA256 Credential=test/20261126/us-east-1/{}/aws4_request, SignedHeaders=host, Signature=0"
    receive = RawHttp.prepare(
        json.dumps({"QueueUrl": queue_url, "WaitTimeSeconds": 5, "MaxNumberOfMessages": 1}),
        {"Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "AmazonSQS.ReceiveMessage",
         "Authorization": auth.format("sqs")})
    publish = RawHttp.prepare(
        urllib.parse.urlencode({
            "Action": "Publish", "Version": "2010-03-31", "TopicArn": topic, "Message": "reading",
            "MessageAttributes.entry.1.Name": "district",
            "MessageAttributes.entry.1.Value.DataType": "String",
            "MessageAttributes.entry.1.Value.StringValue": "loop"}),
        {"Content-Type": "application/x-www-form-urlencoded", "Authorization": auth.format("sns")})
    receiver, publisher = RawHttp(server.port), RawHttp(server.port)
    sqs = server.client("sqs")
    latencies = []
    for _ in range(samples):
        receiver.send(receive)
        time.sleep(0.02)  # let the long poll reach the server and wait
        started = time.perf_counter()
        publisher.send(publish)
        answer = receiver.read_response()
        arrived = time.perf_counter()
        publisher.read_response()
        messages = json.loads(answer).get("Messages", [])
        for message in messages:
            sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
        if messages:
            latencies.append((arrived - started) * 1000)
    receiver.close()
    publisher.close()
    return statistics.median(latencies) if latencies else None


def fmt(value, digits=2):
    return "-" if value is None else f"{value:.{digits}f}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--eddy", default=os.path.join(HERE, "..", "build", "bin", "eddy"))
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--startup-runs", type=int, default=20)
    parser.add_argument("--deep", type=int, default=1_000_000, help="messages for the deep-queue receive")
    parser.add_argument("--skip-moto", action="store_true")
    parser.add_argument("--skip-dynamodb", action="store_true")
    parser.add_argument("--skip-kinesis", action="store_true")
    parser.add_argument("--skip-lambda", action="store_true")
    parser.add_argument("--kinesalite", default=os.path.join(HERE, "peers", "node_modules", ".bin",
                                                             "kinesalite"))
    args = parser.parse_args()

    rows, extra = [], {}
    median_start, best_start, first_answer, start_faults, rss = measure_startup(
        args.eddy, args.startup_runs)
    extra["eddy_startup_ms_median"] = median_start * 1000
    extra["eddy_startup_ms_best"] = best_start * 1000
    extra["eddy_first_sqs_answer_ms_median"] = first_answer * 1000
    extra["eddy_startup_page_faults_median"] = start_faults
    extra["process_spawn_ms_median"] = measure_process_spawn(args.startup_runs) * 1000
    extra["eddy_idle_rss_kib"] = rss

    servers = [eddy(args.eddy)] + ([] if args.skip_moto else [moto()])
    for server in servers:
        took = server.start()
        if server.name == "moto":
            extra["moto_startup_ms"] = took * 1000
            time.sleep(0.5)
            extra["moto_idle_rss_kib"] = rss_kib(server.process.pid)
    try:
        results = {s.name: {} for s in servers}
        for server in servers:
            sqs = server.client("sqs")
            send_url = sqs.create_queue(QueueName="bench-send")["QueueUrl"]
            consume_url = sqs.create_queue(QueueName="bench-consume")["QueueUrl"]
            shallow_url = sqs.create_queue(QueueName="bench-depth-1k")["QueueUrl"]
            topic, queues = setup_sns(server, "bench-fanout")
            pair_topic, _ = setup_sns(server, "bench-pair", subscriptions=2)
            latency_topic, latency_queues = setup_sns(server, "bench-latency")
            pid = server.process.pid
            if server.name == "eddy":
                extra["transport"] = transport_reference(server, "bench-send", args.duration,
                                                         args.connections)
                results[server.name]["health"] = extra["transport"]["eddy_health"]
            results[server.name]["sqs_send_json"] = run_wrk(
                server.endpoint, "sqs_send_json.lua", [send_url], args.duration, args.connections, pid)
            if server.name == "eddy":
                # The latency target: SendMessage p50 on one keep-alive connection.
                results[server.name]["sqs_send_json_one_connection"] = run_wrk(
                    server.endpoint, "sqs_send_json.lua", [send_url], args.duration, 1)
            results[server.name]["sqs_send_query"] = run_wrk(
                server.endpoint, "sqs_send_query.lua", [send_url], args.duration, args.connections,
                pid)
            consume_depth = 200_000 if server.name == "eddy" else 2_000
            preload(server, consume_url, consume_depth)
            results[server.name]["sqs_receive_delete"] = run_wrk(
                server.endpoint, "sqs_receive_delete.lua", [consume_url], args.duration, args.connections)
            preload(server, shallow_url, 1_000)
            results[server.name]["sqs_receive_depth_1k"] = run_wrk(
                server.endpoint, "sqs_receive_peek.lua", [shallow_url], args.duration, args.connections)
            results[server.name]["sqs_receive_10_depth_1k"] = run_wrk(
                server.endpoint, "sqs_receive_peek.lua", [shallow_url, "10"], args.duration,
                args.connections, pid)
            if server.name == "eddy":
                deep_url = sqs.create_queue(QueueName="bench-depth-deep")["QueueUrl"]
                began = time.perf_counter()
                preload(server, deep_url, args.deep)
                extra["eddy_preload_msgs_per_s"] = args.deep / (time.perf_counter() - began)
                # Memory stays bounded under load: the queues now hold over a million messages.
                extra["eddy_rss_kib_after_deep_preload"] = rss_kib(pid)
                extra["eddy_peak_rss_kib_after_deep_preload"] = peak_rss_kib(pid)
                results[server.name]["sqs_receive_depth_1m"] = run_wrk(
                    server.endpoint, "sqs_receive_peek.lua", [deep_url], args.duration, args.connections)
            publish = run_wrk(server.endpoint, "sns_publish.lua", [topic], args.duration, args.connections)
            publish["deliveries_per_s"] = publish["rps"] * 5  # 5 of 10 subscriptions match
            results[server.name]["sns_publish_10_subs"] = publish
            results[server.name]["sns_publish_2_subs"] = run_wrk(
                server.endpoint, "sns_publish.lua", [pair_topic], args.duration, args.connections,
                pid)
            extra[f"{server.name}_publish_to_visible_p50_ms"] = publish_to_visible_latency(
                server, latency_topic, latency_queues[0], 50 if server.name == "eddy" else 10)
    finally:
        for server in servers:
            server.stop()

    eddy_results = results["eddy"]
    moto_results = results.get("moto", {})
    print()
    print(f"{'scenario':24} {'eddy req/s':>11} {'p50 ms':>7} {'p99 ms':>7} {'err':>5} |"
          f" {'moto req/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'err':>5} | {'eddy/moto':>9}")
    for name, e in eddy_results.items():
        m = moto_results.get(name)
        ratio = (e["rps"] / m["rps"]) if m and m["rps"] else None
        print(f"{name:24} {e['rps']:11.0f} {fmt(e['p50_ms']):>7} {fmt(e['p99_ms']):>7} {e['errors']:5d} |"
              f" {(m['rps'] if m else 0):10.1f} {fmt(m['p50_ms'] if m else None):>8}"
              f" {fmt(m['p99_ms'] if m else None):>8} {(m['errors'] if m else 0):5d} | {fmt(ratio, 1):>9}")
    health = eddy_results["health"]["rps"]
    print()
    print(f"SQS SendMessage (JSON) / Eddy health: {eddy_results['sqs_send_json']['rps'] / health:.2f}")
    print(f"SQS SendMessage (query) / (JSON): "
          f"{eddy_results['sqs_send_query']['rps'] / eddy_results['sqs_send_json']['rps']:.2f}")
    print(f"SQS ReceiveMessage of 10 (1k queued, VisibilityTimeout 0) / Eddy health: "
          f"{eddy_results['sqs_receive_10_depth_1k']['rps'] / health:.2f}")
    print(f"SNS Publish (2 SQS subscriptions, 1 filtered out) / Eddy health: "
          f"{eddy_results['sns_publish_2_subs']['rps'] / health:.2f}")
    # wrk shares the cores, and on a busy machine the server gets a varying share of them: the
    # same ratios per server core are the steadier figures.
    health_per_core = eddy_results["health"].get("rps_per_core")
    if health_per_core:
        per_core = {name: eddy_results[name].get("rps_per_core") for name in
                    ("sqs_send_json", "sqs_send_query", "sqs_receive_10_depth_1k", "sns_publish_2_subs")}
        print("Per server core, of health: " + ", ".join(
            f"{name} {fmt(value / health_per_core if value else None)}" for name, value in per_core.items()))
    if "sqs_receive_depth_1m" in eddy_results:
        shallow = eddy_results["sqs_receive_depth_1k"]["rps"]
        deep = eddy_results["sqs_receive_depth_1m"]["rps"]
        print(f"ReceiveMessage at 1k vs {args.deep} queued: {shallow:.0f} vs {deep:.0f} req/s "
              f"(ratio {shallow / deep:.2f})")
    print(f"SNS deliveries/s (Eddy): {eddy_results['sns_publish_10_subs']['deliveries_per_s']:.0f}")
    for key, value in extra.items():
        if key != "transport":
            print(f"{key}: {fmt(value) if isinstance(value, float) else value}")
    report_transport(extra["transport"])
    alone = eddy_results["sqs_send_json_one_connection"]
    print(f"One keep-alive connection, p50: SendMessage {fmt(alone['p50_ms'], 3)} ms; Node's constant "
          f"{fmt(extra['transport']['node_round_trip']['p50_ms'], 3)} ms (this machine's round trip)")

    if not args.skip_dynamodb:
        import dynamodb_bench  # Eddy, dynalite and moto side by side on DynamoDB
        print()
        results["dynamodb"] = dynamodb_bench.run(args.eddy, args.duration, args.connections, args.skip_moto)
        dynamodb_bench.report(results["dynamodb"])
        results["dynamodb_scale"] = dynamodb_bench.run_scale(
            args.eddy, args.duration, args.connections, dynamodb_bench.SCALE_ITEMS,
            dynamodb_bench.SCALE_LOAD_SECONDS)
        dynamodb_bench.report_scale(results["dynamodb_scale"])
    if not args.skip_kinesis:
        import kinesis_bench
        results["kinesis"], extra["kinesis"] = kinesis_bench.run_kinesis(
            args.eddy, args.kinesalite, args.duration, args.connections, args.deep, args.skip_moto)
        kinesis_bench.report(results["kinesis"], extra["kinesis"], args.deep)

    if not args.skip_lambda:
        import lambda_bench  # warm python Invoke, and SQS -> function -> SQS latency; moto needs Docker
        results["lambda"], extra["lambda"] = lambda_bench.run_lambda(
            args.eddy, args.duration, args.skip_moto)
        lambda_bench.report(results["lambda"], extra["lambda"])

    os.makedirs(RESULTS, exist_ok=True)
    with open(os.path.join(RESULTS, "latest.json"), "w") as out:
        json.dump({"results": results, "extra": extra, "args": vars(args)}, out, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
