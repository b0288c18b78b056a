"""The function the aws-sdk-cpp example deploys: names the noise band of one reading."""


def handler(event, context):
    level = float(event["db"])
    band = "quiet" if level < 55 else "moderate" if level < 70 else "loud"
    return {"sensor_id": event["sensor_id"], "band": band}
