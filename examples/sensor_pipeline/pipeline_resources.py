"""The AWS resources the sensor pipeline creates, each created the way real AWS needs it (roles
that Lambda may assume, queue policies that let SNS deliver, waiting until things are ready) and
each registered for deletion the moment it exists, so a failure half-way still cleans up."""

import io
import json
import time
import zipfile
from pathlib import Path

import boto3
from botocore.exceptions import ClientError

FUNCTIONS_DIR = Path(__file__).resolve().parent / "functions"
RUNTIME = "python3.12"
FUNCTION_TIMEOUT_SECONDS = 30

LAMBDA_TRUST_POLICY = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                   "Action": "sts:AssumeRole"}],
}
# Logs, and reading the queues and streams the event-source mappings poll for the functions.
MANAGED_POLICY_ARNS = [
    "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    "arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole",
    "arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole",
]
# Waiters poll every second (Eddy is ready at once) for up to two minutes (AWS takes a while to
# make a stream ACTIVE); some waiters' own defaults poll only every 10 or 20 seconds.
POLL_EVERY_SECOND = {"Delay": 1, "MaxAttempts": 120}
# Resources that are already gone are not a clean-up failure.
GONE_CODES = {"ResourceNotFoundException", "NoSuchEntity", "NotFound", "NotFoundException",
              "AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist"}


def log(message):
    print(message, flush=True)


def package(handler_module):
    """A deployment zip: the handler's module and the record decoding every function shares."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for module in (handler_module, "noise_records"):
            archive.write(FUNCTIONS_DIR / f"{module}.py", f"{module}.py")
    return buffer.getvalue()


def retry_while_propagating(call, timeout=90):
    """Runs `call`, retrying while AWS still reports a just-created role as unusable: IAM is
    eventually consistent, so Lambda may refuse a new role for a few seconds. Eddy never does."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return call()
        except ClientError as error:
            if (error.response["Error"]["Code"] != "InvalidParameterValueException"
                    or time.monotonic() > deadline):
                raise
            time.sleep(3)


class Resources:
    """Clients for one endpoint and region, and the stack of clean-ups for what was created."""

    def __init__(self, prefix, endpoint_url=None, region_name=None):
        self.prefix = prefix
        session = boto3.session.Session(region_name=region_name)
        self.region = session.region_name
        client = lambda service: session.client(service, endpoint_url=endpoint_url)  # noqa: E731
        self.iam, self.sqs, self.sns = client("iam"), client("sqs"), client("sns")
        self.ddb, self.kinesis, self.lam = client("dynamodb"), client("kinesis"), client("lambda")
        self._cleanups = []

    def name(self, suffix):
        return f"{self.prefix}-{suffix}"

    def on_cleanup(self, description, action):
        self._cleanups.append((description, action))

    def clean_up(self):
        """Deletes everything created, newest first; reports what could not be deleted."""
        failures = []
        while self._cleanups:
            description, action = self._cleanups.pop()
            try:
                action()
            except ClientError as error:
                if error.response["Error"]["Code"] not in GONE_CODES:
                    failures.append(f"{description}: {error}")
        for failure in failures:
            log(f"clean-up failed: {failure}")
        return failures

    # IAM ---------------------------------------------------------------------------------------

    def create_execution_role(self, table_arn):
        name = self.name("lambda")
        role_arn = self.iam.create_role(
            RoleName=name, AssumeRolePolicyDocument=json.dumps(LAMBDA_TRUST_POLICY),
            Description="Runs the noise-sensor pipeline's functions")["Role"]["Arn"]
        self.on_cleanup(f"role {name}", lambda: self.iam.delete_role(RoleName=name))
        for policy_arn in MANAGED_POLICY_ARNS:
            self.iam.attach_role_policy(RoleName=name, PolicyArn=policy_arn)
            self.on_cleanup(f"policy {policy_arn} of {name}", lambda arn=policy_arn:
                            self.iam.detach_role_policy(RoleName=name, PolicyArn=arn))
        store_readings = {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Action": ["dynamodb:PutItem", "dynamodb:BatchWriteItem"],
            "Resource": table_arn}]}
        self.iam.put_role_policy(RoleName=name, PolicyName="store-readings",
                                 PolicyDocument=json.dumps(store_readings))
        self.on_cleanup(f"inline policy of {name}", lambda: self.iam.delete_role_policy(
            RoleName=name, PolicyName="store-readings"))
        self.iam.get_waiter("role_exists").wait(RoleName=name, WaiterConfig=POLL_EVERY_SECOND)
        return role_arn

    # DynamoDB ----------------------------------------------------------------------------------

    def create_readings_table(self):
        """One table for every stage: partition key `stage`, sort key `reading_id`."""
        name = self.name("readings")
        arn = self.ddb.create_table(
            TableName=name, BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "stage", "KeyType": "HASH"},
                       {"AttributeName": "reading_id", "KeyType": "RANGE"}],
            AttributeDefinitions=[{"AttributeName": "stage", "AttributeType": "S"},
                                  {"AttributeName": "reading_id", "AttributeType": "S"}],
        )["TableDescription"]["TableArn"]
        self.on_cleanup(f"table {name}", lambda: self.ddb.delete_table(TableName=name))
        self.ddb.get_waiter("table_exists").wait(TableName=name, WaiterConfig=POLL_EVERY_SECOND)
        return name, arn

    # SQS and SNS -------------------------------------------------------------------------------

    def create_queue(self, suffix):
        """A queue whose visibility timeout outlasts the function, as AWS requires of a mapping."""
        name = self.name(suffix)
        url = self.sqs.create_queue(QueueName=name, Attributes={
            "VisibilityTimeout": str(FUNCTION_TIMEOUT_SECONDS * 2)})["QueueUrl"]
        self.on_cleanup(f"queue {name}", lambda: self.sqs.delete_queue(QueueUrl=url))
        arn = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])[
            "Attributes"]["QueueArn"]
        return url, arn

    def create_topic(self, suffix):
        name = self.name(suffix)
        arn = self.sns.create_topic(Name=name)["TopicArn"]
        self.on_cleanup(f"topic {name}", lambda: self.sns.delete_topic(TopicArn=arn))
        return arn

    def subscribe_queue(self, topic_arn, queue_url, queue_arn, filter_policy=None, raw=False):
        """Lets the topic send to the queue (a queue policy), then subscribes it."""
        self.sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"Policy": json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"},
                           "Action": "sqs:SendMessage", "Resource": queue_arn,
                           "Condition": {"ArnEquals": {"aws:SourceArn": topic_arn}}}]})})
        attributes = {"RawMessageDelivery": "true" if raw else "false"}
        if filter_policy is not None:
            attributes["FilterPolicy"] = json.dumps(filter_policy)
        subscription = self.sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=queue_arn,
                                          Attributes=attributes,
                                          ReturnSubscriptionArn=True)["SubscriptionArn"]
        self.on_cleanup(f"subscription {subscription}",
                        lambda: self.sns.unsubscribe(SubscriptionArn=subscription))

    # Kinesis -----------------------------------------------------------------------------------

    def create_stream(self, suffix):
        name = self.name(suffix)
        self.kinesis.create_stream(StreamName=name, ShardCount=1)
        self.on_cleanup(f"stream {name}", lambda: self.kinesis.delete_stream(
            StreamName=name, EnforceConsumerDeletion=True))
        self.kinesis.get_waiter("stream_exists").wait(StreamName=name,
                                                      WaiterConfig=POLL_EVERY_SECOND)
        arn = self.kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"][
            "StreamARN"]
        return name, arn

    # Lambda ------------------------------------------------------------------------------------

    def create_function(self, suffix, handler_module, role_arn, environment):
        name = self.name(suffix)
        retry_while_propagating(lambda: self.lam.create_function(
            FunctionName=name, Runtime=RUNTIME, Role=role_arn,
            Handler=f"{handler_module}.handler", Code={"ZipFile": package(handler_module)},
            Timeout=FUNCTION_TIMEOUT_SECONDS, Environment={"Variables": environment}))
        self.on_cleanup(f"function {name}", lambda: self.lam.delete_function(FunctionName=name))
        self.lam.get_waiter("function_active_v2").wait(FunctionName=name,
                                                      WaiterConfig=POLL_EVERY_SECOND)
        return name

    def create_mapping(self, source_arn, function_name, timeout=120, **options):
        """An event-source mapping, returned once Enabled (AWS takes a while to create one)."""
        uuid = retry_while_propagating(lambda: self.lam.create_event_source_mapping(
            EventSourceArn=source_arn, FunctionName=function_name, **options))["UUID"]
        self.on_cleanup(f"mapping {uuid}", lambda: self.lam.delete_event_source_mapping(UUID=uuid))
        deadline = time.monotonic() + timeout
        while True:
            state = self.lam.get_event_source_mapping(UUID=uuid)["State"]
            if state == "Enabled":
                return uuid
            if state not in ("Creating", "Enabling") or time.monotonic() > deadline:
                raise RuntimeError(f"mapping {uuid} from {source_arn} is {state}, not Enabled")
            time.sleep(1)
