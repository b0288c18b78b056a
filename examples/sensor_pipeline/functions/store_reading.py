"""Stores each reading it is given, as it came, under the stage named by its STAGE variable, with
the queue or stream it came from.

Deployed once per stage (the readings queue, the neighbourhood queues, the Kinesis consumers): the
code is the same, only the environment differs."""

import os

import boto3

from noise_records import readings_in

# No endpoint here: in Eddy the runtime sets AWS_ENDPOINT_URL, in AWS it is absent.
table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
STAGE = os.environ["STAGE"]


def handler(event, context):
    readings = readings_in(event)
    with table.batch_writer() as batch:
        for source, reading in readings:
            batch.put_item(Item={**reading, "stage": STAGE, "source": source})
    return {"stored": len(readings)}
