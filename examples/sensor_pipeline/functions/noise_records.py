"""Turns a Lambda event from SQS, SNS-via-SQS or Kinesis into the noise readings it carries.

Shared by every function of the pipeline: pipeline.py zips it beside each handler."""

import base64
import json
from decimal import Decimal


def _reading_from_text(text):
    """A reading's JSON, with numbers as Decimal (what DynamoDB's resource API stores)."""
    message = json.loads(text, parse_float=Decimal)
    # An SNS notification delivered to SQS without raw delivery wraps the reading in an envelope.
    if isinstance(message, dict) and message.get("Type") == "Notification":
        return json.loads(message["Message"], parse_float=Decimal)
    return message


def _source_name(arn):
    """The queue's or stream's name: the last part of its ARN (`...:queue`, `...:stream/name`)."""
    return arn.split(":")[-1].split("/")[-1]


def readings_in(event):
    """(source name, reading) for every record of the event, in the event's order."""
    readings = []
    for record in event["Records"]:
        source = record["eventSource"]
        if source == "aws:sqs":
            text = record["body"]
        elif source == "aws:kinesis":
            text = base64.b64decode(record["kinesis"]["data"]).decode("utf-8")
        else:
            raise ValueError(f"unexpected event source {source!r}")
        readings.append((_source_name(record["eventSourceARN"]), _reading_from_text(text)))
    return readings
