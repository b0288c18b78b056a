"""Shared pieces of the DynamoDB integration tests: a test case with a client, a resource and
table helpers that create uniquely named tables."""

import itertools

import boto3
from botocore.config import Config

from eddy_harness import REGION, EddyTestCase

_names = itertools.count()


class DynamoDbTestCase(EddyTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ddb = cls.eddy.client("dynamodb")
        cls.resource = boto3.resource(
            "dynamodb",
            endpoint_url=cls.eddy.endpoint,
            region_name=REGION,
            aws_access_key_id="test",
            aws_secret_access_key="test",
            config=Config(retries={"max_attempts": 1}),
        )

    def unique_name(self, prefix="t"):
        return f"{prefix}-{self.id().rsplit('.', 1)[-1][:40]}-{next(_names)}"

    def create_table(self, hash_key=("id", "S"), range_key=None, name=None, **extra):
        name = name or self.unique_name()
        definitions = {hash_key[0]: hash_key[1]}
        schema = [{"AttributeName": hash_key[0], "KeyType": "HASH"}]
        if range_key:
            definitions[range_key[0]] = range_key[1]
            schema.append({"AttributeName": range_key[0], "KeyType": "RANGE"})
        for attribute, attribute_type in extra.pop("more_definitions", {}).items():
            definitions[attribute] = attribute_type
        self.ddb.create_table(
            TableName=name,
            KeySchema=schema,
            AttributeDefinitions=[
                {"AttributeName": n, "AttributeType": t} for n, t in definitions.items()
            ],
            BillingMode=extra.pop("BillingMode", "PAY_PER_REQUEST"),
            **extra,
        )
        return name
