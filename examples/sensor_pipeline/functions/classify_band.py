"""First of the fan-out's two transformations: files every reading under a noise band."""

import os
from decimal import Decimal

import boto3

from noise_records import readings_in

table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])

# Each band's upper bound in dB(A); anything at or above the last is loud.
BANDS = ((Decimal(55), "quiet"), (Decimal(70), "moderate"))


def band_of(level):
    for upper_bound, band in BANDS:
        if level < upper_bound:
            return band
    return "loud"


def handler(event, context):
    readings = readings_in(event)
    for _, reading in readings:
        table.put_item(Item={
            "stage": "bands",
            "reading_id": reading["reading_id"],
            "sensor_id": reading["sensor_id"],
            "band": band_of(reading["db"]),
        })
    return {"classified": len(readings)}
