#!/usr/bin/env python3
"""The city noise-sensor pipeline, in four shapes, against Eddy or real AWS.

Sensors across the city's neighbourhoods report sound levels in dB(A). Each shape carries the
same readings to a DynamoDB table through Lambda functions:

  sqs         SQS -> Lambda -> DynamoDB
  sns-filter  SNS, a filter policy per neighbourhood -> one SQS queue per monitored neighbourhood
              -> Lambda -> DynamoDB (readings from other neighbourhoods are filtered out)
  fan-out     SNS -> two SQS queues -> two functions transforming differently -> DynamoDB
  kinesis     Kinesis -> Lambda, then a second consumer replaying the stream from TRIM_HORIZON

Only the endpoint differs between Eddy and AWS: pass --endpoint (or set AWS_ENDPOINT_URL) for
Eddy, nothing for AWS. Every resource is named with a unique prefix and deleted at the end, even
when a step fails.

    python3 pipeline.py                    # every shape
    python3 pipeline.py sqs kinesis        # some of them
"""

import argparse
import json
import os
import sys
import time
import uuid

from pipeline_resources import Resources, log

# City-wide limit in dB(A) above which the fan-out's second function flags a reading.
LIMIT_DB = 70
# The neighbourhoods whose queues subscribe in the sns-filter shape; readings from any other
# neighbourhood match no filter policy and go nowhere.
MONITORED = ("loop", "pilsen", "uptown")

READINGS = [
    {"reading_id": "r01", "sensor_id": "loop-01", "neighbourhood": "loop", "db": 72.4},
    {"reading_id": "r02", "sensor_id": "loop-02", "neighbourhood": "loop", "db": 64.1},
    {"reading_id": "r03", "sensor_id": "pilsen-01", "neighbourhood": "pilsen", "db": 58.9},
    {"reading_id": "r04", "sensor_id": "pilsen-02", "neighbourhood": "pilsen", "db": 81.0},
    {"reading_id": "r05", "sensor_id": "uptown-01", "neighbourhood": "uptown", "db": 49.5},
    {"reading_id": "r06", "sensor_id": "hyde-park-01", "neighbourhood": "hyde-park", "db": 66.3},
    {"reading_id": "r07", "sensor_id": "hyde-park-02", "neighbourhood": "hyde-park", "db": 75.8},
    {"reading_id": "r08", "sensor_id": "o-hare-01", "neighbourhood": "o-hare", "db": 88.2},
]
for index, reading in enumerate(READINGS):
    reading["taken_at"] = f"2026-06-01T08:{index:02d}:00Z"

SHAPES = ("sqs", "sns-filter", "fan-out", "kinesis")


def ids_of(readings):
    return {reading["reading_id"] for reading in readings}


def monitored_readings():
    return [r for r in READINGS if r["neighbourhood"] in MONITORED]


def exceeding_readings():
    return [r for r in READINGS if r["db"] > LIMIT_DB]


class NoisePipeline:
    """The shared pieces (table, execution role) and one method per shape."""

    def __init__(self, resources, timeout):
        self.res = resources
        self.timeout = timeout
        self.table, table_arn = resources.create_readings_table()
        self.role_arn = resources.create_execution_role(table_arn)
        log(f"table {self.table} and role {self.role_arn} ready")

    def function(self, suffix, handler_module, **environment):
        environment["TABLE_NAME"] = self.table
        return self.res.create_function(suffix, handler_module, self.role_arn, environment)

    def stage_items(self, stage):
        """Every item stored under `stage`, as the low-level client returns them."""
        query = dict(TableName=self.table, KeyConditionExpression="stage = :stage",
                     ExpressionAttributeValues={":stage": {"S": stage}}, ConsistentRead=True)
        items = []
        for page in self.res.ddb.get_paginator("query").paginate(**query):
            items += page["Items"]
        return items

    def wait_for_stage(self, stage, expected_ids):
        """Waits until every expected reading is stored under `stage`; fails on any other."""
        deadline = time.monotonic() + self.timeout
        while True:
            stored = {item["reading_id"]["S"] for item in self.stage_items(stage)}
            if stored - expected_ids:
                raise RuntimeError(f"{stage}: unexpected readings {sorted(stored - expected_ids)}")
            if stored == expected_ids:
                log(f"  {stage}: {len(stored)} readings stored")
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"{stage}: still missing {sorted(expected_ids - stored)}")
            time.sleep(0.5)

    def verify_stage(self, stage, expected_ids):
        """Checks, once, that `stage` holds exactly the expected readings."""
        stored = {item["reading_id"]["S"] for item in self.stage_items(stage)}
        if stored != expected_ids:
            raise RuntimeError(f"{stage}: stored {sorted(stored)}, expected {sorted(expected_ids)}")
        log(f"  {stage}: exactly the {len(stored)} expected readings")

    def wait_until_drained(self, queue_urls):
        """Waits until the queues hold nothing, visible or in flight: every message that reached
        them was processed, so nothing filtered out is still on its way."""
        deadline = time.monotonic() + self.timeout
        names = ("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")
        for url in queue_urls:
            while True:
                counts = self.res.sqs.get_queue_attributes(
                    QueueUrl=url, AttributeNames=list(names))["Attributes"]
                if all(counts[name] == "0" for name in names):
                    break
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{url} still holds messages: {counts}")
                time.sleep(0.5)

    # (1) SQS -> Lambda -> DynamoDB ---------------------------------------------------------------

    def run_sqs(self):
        log("sqs: SQS -> Lambda -> DynamoDB")
        url, arn = self.res.create_queue("readings")
        function = self.function("store-sqs", "store_reading", STAGE="sqs")
        self.res.create_mapping(arn, function, BatchSize=5)
        for reading in READINGS:
            self.res.sqs.send_message(QueueUrl=url, MessageBody=json.dumps(reading))
        self.wait_for_stage("sqs", ids_of(READINGS))

    # (2) SNS with filter policies -> one queue per neighbourhood -> Lambda -> DynamoDB -----------

    def run_sns_filter(self):
        log(f"sns-filter: SNS -> a queue for each of {', '.join(MONITORED)} -> Lambda -> DynamoDB")
        topic = self.res.create_topic("by-neighbourhood")
        function = self.function("store-neighbourhood", "store_reading", STAGE="by-neighbourhood")
        queue_urls = []
        for neighbourhood in MONITORED:
            url, arn = self.res.create_queue(f"nbhd-{neighbourhood}")
            self.res.subscribe_queue(topic, url, arn, raw=True,
                                     filter_policy={"neighbourhood": [neighbourhood]})
            self.res.create_mapping(arn, function, BatchSize=5)
            queue_urls.append(url)
        for reading in READINGS:
            self.res.sns.publish(TopicArn=topic, Message=json.dumps(reading), MessageAttributes={
                "neighbourhood": {"DataType": "String", "StringValue": reading["neighbourhood"]}})
        self.wait_for_stage("by-neighbourhood", ids_of(monitored_readings()))
        self.wait_until_drained(queue_urls)
        # Drained, so anything a filter let through wrongly would be stored by now.
        self.verify_stage("by-neighbourhood", ids_of(monitored_readings()))
        skipped = sorted({r["neighbourhood"] for r in READINGS} - set(MONITORED))
        log(f"  filtered out: {len(READINGS) - len(monitored_readings())} readings from "
            f"{', '.join(skipped)}")

    # (3) SNS -> two queues -> two different transformations -> DynamoDB --------------------------

    def run_fan_out(self):
        log("fan-out: SNS -> two queues -> noise bands and limit exceedances -> DynamoDB")
        topic = self.res.create_topic("fan-out")
        branches = (("bands", "classify_band", {}),
                    ("exceedances", "flag_exceedance", {"LIMIT_DB": str(LIMIT_DB)}))
        queue_urls = []
        for suffix, handler_module, environment in branches:
            url, arn = self.res.create_queue(f"fan-{suffix}")
            # Envelope delivery: the functions unwrap SNS's notification themselves.
            self.res.subscribe_queue(topic, url, arn)
            function = self.function(suffix, handler_module, **environment)
            self.res.create_mapping(arn, function, BatchSize=5)
            queue_urls.append(url)
        for reading in READINGS:
            self.res.sns.publish(TopicArn=topic, Message=json.dumps(reading))
        self.wait_for_stage("bands", ids_of(READINGS))
        self.wait_until_drained(queue_urls)
        # Drained: the second function has seen every reading, and stored only the loud ones.
        self.verify_stage("exceedances", ids_of(exceeding_readings()))

    # (4) Kinesis -> Lambda, then a replay from TRIM_HORIZON --------------------------------------

    def run_kinesis(self):
        log("kinesis: Kinesis -> Lambda, then a replay from TRIM_HORIZON")
        stream, arn = self.res.create_stream("stream")
        live = self.function("store-kinesis", "store_reading", STAGE="kinesis")
        self.res.create_mapping(arn, live, StartingPosition="TRIM_HORIZON", BatchSize=10)
        # PutRecord, one at a time: a shard keeps them in the order they were put.
        for reading in READINGS:
            self.res.kinesis.put_record(StreamName=stream, Data=json.dumps(reading).encode(),
                                        PartitionKey=reading["sensor_id"])
        self.wait_for_stage("kinesis", ids_of(READINGS))
        # A consumer added now, from TRIM_HORIZON, is handed the stream's whole history.
        replay = self.function("replay-kinesis", "store_reading", STAGE="kinesis-replay")
        self.res.create_mapping(arn, replay, StartingPosition="TRIM_HORIZON", BatchSize=10)
        self.wait_for_stage("kinesis-replay", ids_of(READINGS))

    def run(self, shape):
        {"sqs": self.run_sqs, "sns-filter": self.run_sns_filter, "fan-out": self.run_fan_out,
         "kinesis": self.run_kinesis}[shape]()


def run(shapes=SHAPES, endpoint_url=None, region_name=None, prefix=None, timeout=120,
        before_cleanup=None, keep=False):
    """Runs the shapes in order and deletes every resource, even when one fails, unless `keep`.
    Returns the clean-up failures (an empty list when everything was deleted). `before_cleanup`,
    when given, is called with the NoisePipeline once every shape has run: tests inspect the
    results there."""
    prefix = prefix or f"noise-{uuid.uuid4().hex[:8]}"
    resources = Resources(prefix, endpoint_url=endpoint_url, region_name=region_name)
    log(f"resources are named {prefix}-* in {resources.region}")
    try:
        pipeline = NoisePipeline(resources, timeout)
        for shape in shapes:
            pipeline.run(shape)
        if before_cleanup:
            before_cleanup(pipeline)
    finally:
        if keep:
            log(f"kept every resource named {prefix}-*")
            failures = []
        else:
            log("cleaning up")
            failures = resources.clean_up()
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    # No `choices`: argparse checks a "*" argument's default against them as a whole and fails.
    parser.add_argument("shapes", nargs="*", metavar="SHAPE",
                        help=f"the shapes to run, in order: {', '.join(SHAPES)} (default: all)")
    parser.add_argument("--endpoint", default=os.environ.get("AWS_ENDPOINT_URL"),
                        help="Eddy's URL, such as http://127.0.0.1:4566 (default: "
                             "$AWS_ENDPOINT_URL; neither means real AWS)")
    parser.add_argument("--region", help="default: the AWS configuration's (AWS_DEFAULT_REGION)")
    parser.add_argument("--timeout", type=float, default=120,
                        help="seconds each stage may take to deliver (default: 120)")
    parser.add_argument("--keep", action="store_true",
                        help="leave the resources in place to look around (in AWS, delete them "
                             "yourself: they are all named after the prefix printed first)")
    args = parser.parse_args()
    unknown = [shape for shape in args.shapes if shape not in SHAPES]
    if unknown:
        parser.error(f"unknown shape {unknown[0]!r} (choose from {', '.join(SHAPES)})")
    failures = run(args.shapes or SHAPES, endpoint_url=args.endpoint, region_name=args.region,
                   timeout=args.timeout, keep=args.keep)
    log("done" if not failures else "done, but some resources were left behind")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
