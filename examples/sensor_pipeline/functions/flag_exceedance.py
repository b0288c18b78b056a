"""Second of the fan-out's two transformations: records by how much a reading exceeds the limit.

Readings at or under the limit are not stored: only exceedances interest the enforcement team."""

import os
from decimal import Decimal

import boto3

from noise_records import readings_in

table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
LIMIT_DB = Decimal(os.environ.get("LIMIT_DB", "70"))


def handler(event, context):
    flagged = 0
    for _, reading in readings_in(event):
        excess = reading["db"] - LIMIT_DB
        if excess > 0:
            table.put_item(Item={
                "stage": "exceedances",
                "reading_id": reading["reading_id"],
                "sensor_id": reading["sensor_id"],
                "excess_db": excess,
            })
            flagged += 1
    return {"flagged": flagged}
