"""Lambda: invocations/s of a warm python function through Invoke (RequestResponse), and the
latency from SQS SendMessage to a python function's side effect being visible (an event-source
mapping feeds the function, which forwards each message to a second queue the bench long-polls).
The same latency for a warm native C++ handler comes from native_lambda_latency, built beside eddy
(bench/native_lambda_latency.cpp). moto runs Lambda functions only in Docker; it is tried, and its
answer reported.

Called from run.py; alone:
    python3 bench/lambda_bench.py --eddy build/bin/eddy [--skip-moto]
"""

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import time
import zipfile

import boto3
from botocore.config import Config

import run

ECHO = "def handler(event, context):\n    return event\n"
RELAY = """
import boto3
sqs = boto3.client("sqs")
def handler(event, context):
    for record in event["Records"]:
        sqs.send_message(QueueUrl=record["messageAttributes"]["reply"]["stringValue"],
                         MessageBody=record["body"])
"""
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
    "Action": "sts:AssumeRole"}]})


def package(code):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("app.py", code)
    return buffer.getvalue()


def create(lam, name, code, role):
    lam.create_function(FunctionName=name, Runtime="python3.12", Role=role, Handler="app.handler",
                        Code={"ZipFile": package(code)}, Timeout=30)


def bench_role(server):
    """moto wants the role to exist in its own account; Eddy takes it the same way."""
    return server.client("iam").create_role(RoleName="bench", AssumeRolePolicyDocument=TRUST)[
        "Role"]["Arn"]


def send_to_visible(server, role, samples):
    """p50 and p99 ms from SendMessage to the relayed message arriving on the reply queue."""
    sqs, lam = server.client("sqs"), server.client("lambda")
    create(lam, "bench-relay", RELAY, role)
    inbox = sqs.create_queue(QueueName="bench-lambda-in")["QueueUrl"]
    reply = sqs.create_queue(QueueName="bench-lambda-out")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=inbox, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="bench-relay", BatchSize=1)
    attributes = {"reply": {"DataType": "String", "StringValue": reply}}
    latencies = []
    for i in range(samples + 3):  # the first ones start the instance
        began = time.perf_counter()
        sqs.send_message(QueueUrl=inbox, MessageBody=str(i), MessageAttributes=attributes)
        while True:
            got = sqs.receive_message(QueueUrl=reply, WaitTimeSeconds=5).get("Messages", [])
            if got:
                sqs.delete_message(QueueUrl=reply, ReceiptHandle=got[0]["ReceiptHandle"])
                break
            if time.perf_counter() - began > 30:
                raise RuntimeError("the function never relayed a message within 30 s")
        if i >= 3:
            latencies.append((time.perf_counter() - began) * 1000)
    latencies.sort()
    return statistics.median(latencies), latencies[int(len(latencies) * 0.99) - 1]


def native_send_to_visible(eddy_binary, samples=1000):
    """p50 and p99 ms from SendMessage (over HTTP) to a native C++ handler's side effect."""
    program = os.path.join(os.path.dirname(os.path.abspath(eddy_binary)), "native_lambda_latency")
    out = subprocess.run([program, str(samples)], capture_output=True, text=True, timeout=300,
                         check=True)
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    return figures["p50_ms"], figures["p99_ms"]


def run_lambda(eddy_binary, duration, skip_moto):
    results, extra = {}, {}
    try:
        p50, p99 = native_send_to_visible(eddy_binary)
        extra["eddy_sqs_to_native_side_effect_p50_ms"] = p50
        extra["eddy_sqs_to_native_side_effect_p99_ms"] = p99
    except (OSError, subprocess.SubprocessError, ValueError, KeyError) as error:
        extra["eddy_native_lambda"] = f"could not run: {str(error)[:160]}"
    servers = [run.eddy(eddy_binary)] + ([] if skip_moto else [run.moto()])
    for server in servers:
        server.start()
        try:
            lam = server.client("lambda")
            role = bench_role(server)
            create(lam, "bench-echo", ECHO, role)
            # The first invoke starts the instance; moto without Docker fails it (or never answers).
            first = boto3.client(
                "lambda", endpoint_url=server.endpoint, region_name="us-east-1",
                aws_access_key_id="test", aws_secret_access_key="test",
                config=Config(read_timeout=20, retries={"max_attempts": 0}),
            ).invoke(FunctionName="bench-echo", Payload=b'{"warm": true}')
            answer = first["Payload"].read()
            # moto answers 200 with "error running docker" when it cannot start the function.
            if first.get("FunctionError") or json.loads(answer or b"null") != {"warm": True}:
                raise RuntimeError(f"the function did not run: {answer[:120]!r}")
            results[server.name] = {
                "lambda_invoke": run.run_wrk(server.endpoint, "lambda_invoke.lua", ["bench-echo"],
                                             duration, 4)}
            p50, p99 = send_to_visible(server, role, 50)
            extra[f"{server.name}_sqs_to_python_side_effect_p50_ms"] = p50
            extra[f"{server.name}_sqs_to_python_side_effect_p99_ms"] = p99
        except Exception as error:  # moto without Docker cannot run a function
            extra[f"{server.name}_lambda"] = f"could not run: {str(error)[:160]}"
        finally:
            server.stop()
    return results, extra


def report(results, extra):
    print()
    for name, scenarios in results.items():
        for scenario, r in scenarios.items():
            print(f"{name:6} {scenario:16} {r['rps']:9.0f} req/s  p50 {run.fmt(r['p50_ms'])} ms"
                  f"  p99 {run.fmt(r['p99_ms'])} ms  errors {r['errors']}")
    for key, value in extra.items():
        print(f"{key}: {run.fmt(value) if isinstance(value, float) else value}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--eddy", required=True)
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--skip-moto", action="store_true")
    args = parser.parse_args()
    report(*run_lambda(args.eddy, args.duration, args.skip_moto))
    return 0


if __name__ == "__main__":
    sys.exit(main())
