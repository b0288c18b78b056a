"""Lambda event-source mappings through boto3: create, get, list, update and delete for SQS,
Kinesis and DynamoDB Streams sources, with AWS's defaults, states and errors."""

import unittest

from eddy_harness import EddyTestCase
from lambda_test_support import create_function

ACCOUNT = "000000000000"
FUNCTION_ARN = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:consumer"


class EventSourceMappingTest(EddyTestCase):
    def setUp(self):
        self.lam = self.client("lambda")
        self.sqs = self.client("sqs")
        self.kinesis = self.client("kinesis")
        self.ddb = self.client("dynamodb")
        try:
            create_function(self.lam, "consumer")
        except self.lam.exceptions.ResourceConflictException:
            pass
        for mapping in self.lam.list_event_source_mappings()["EventSourceMappings"]:
            self.lam.delete_event_source_mapping(UUID=mapping["UUID"])

    def queue_arn(self, name):
        url = self.sqs.create_queue(QueueName=name)["QueueUrl"]
        return self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])[
            "Attributes"]["QueueArn"]

    def test_sqs_mapping_lifecycle(self):
        queue = self.queue_arn("esm-lifecycle")
        created = self.lam.create_event_source_mapping(EventSourceArn=queue,
                                                       FunctionName="consumer")
        self.assertEqual(created["ResponseMetadata"]["HTTPStatusCode"], 202)
        self.assertEqual(created["State"], "Creating")
        self.assertEqual(created["BatchSize"], 10)
        self.assertEqual(created["MaximumBatchingWindowInSeconds"], 0)
        self.assertEqual(created["FunctionArn"], FUNCTION_ARN)
        self.assertEqual(created["EventSourceArn"], queue)
        self.assertEqual(created["StateTransitionReason"], "USER_INITIATED")
        uuid = created["UUID"]
        self.assertEqual(created["EventSourceMappingArn"],
                         f"arn:aws:lambda:us-east-1:{ACCOUNT}:event-source-mapping:{uuid}")

        got = self.lam.get_event_source_mapping(UUID=uuid)
        self.assertEqual(got["State"], "Enabled")
        self.assertEqual(got["LastModified"], created["LastModified"])

        updated = self.lam.update_event_source_mapping(UUID=uuid, BatchSize=100,
                                                       MaximumBatchingWindowInSeconds=2)
        self.assertEqual(updated["ResponseMetadata"]["HTTPStatusCode"], 202)
        self.assertEqual(updated["State"], "Updating")
        self.assertEqual(self.lam.get_event_source_mapping(UUID=uuid)["BatchSize"], 100)
        disabled = self.lam.update_event_source_mapping(UUID=uuid, Enabled=False)
        self.assertEqual(disabled["State"], "Disabling")
        self.assertEqual(self.lam.get_event_source_mapping(UUID=uuid)["State"], "Disabled")

        listed = self.lam.list_event_source_mappings(FunctionName="consumer")
        self.assertEqual([m["UUID"] for m in listed["EventSourceMappings"]], [uuid])
        listed = self.lam.list_event_source_mappings(EventSourceArn=queue)
        self.assertEqual([m["UUID"] for m in listed["EventSourceMappings"]], [uuid])

        deleted = self.lam.delete_event_source_mapping(UUID=uuid)
        self.assertEqual(deleted["ResponseMetadata"]["HTTPStatusCode"], 202)
        self.assertEqual(deleted["State"], "Deleting")
        self.assert_error(self.lam.get_event_source_mapping, "ResourceNotFoundException",
                          "The resource you requested does not exist.", status=404, UUID=uuid)
        self.assert_error(self.lam.delete_event_source_mapping, "ResourceNotFoundException",
                          "The resource you requested does not exist.", status=404, UUID=uuid)

    def test_errors_are_worded_as_aws(self):
        queue = self.queue_arn("esm-errors")
        self.assert_error(
            self.lam.create_event_source_mapping, "InvalidParameterValueException",
            "Maximum batch window in seconds must be greater than 0 if maximum batch size is "
            "greater than 10", EventSourceArn=queue, FunctionName="consumer", BatchSize=11)
        self.assert_error(self.lam.create_event_source_mapping, "InvalidParameterValueException",
                          "Function does not exist", EventSourceArn=queue,
                          FunctionName="doesnotexist")
        self.assert_error(
            self.lam.create_event_source_mapping, "InvalidParameterValueException",
            "Error occurred while ReceiveMessage. SQS Error Code: "
            "AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified queue does "
            "not exist.", EventSourceArn=f"arn:aws:sqs:us-east-1:{ACCOUNT}:missing",
            FunctionName="consumer")
        self.assert_error(self.lam.create_event_source_mapping, "InvalidParameterValueException",
                          "Invalid filter pattern definition.", EventSourceArn=queue,
                          FunctionName="consumer",
                          FilterCriteria={"Filters": [{"Pattern": "single-string"}]})
        first = self.lam.create_event_source_mapping(EventSourceArn=queue,
                                                     FunctionName="consumer")
        self.assert_error(
            self.lam.create_event_source_mapping, "ResourceConflictException",
            f'An event source mapping with SQS arn (" {queue} ") and function (" consumer ") '
            f"already exists. Please update or delete the existing mapping with UUID "
            f"{first['UUID']}", status=409, EventSourceArn=queue, FunctionName="consumer")
        self.assertEqual(len(self.lam.list_event_source_mappings()["EventSourceMappings"]), 1)

    def test_stream_mappings_take_stream_defaults(self):
        self.kinesis.create_stream(StreamName="esm-stream", ShardCount=1)
        stream = self.kinesis.describe_stream_summary(StreamName="esm-stream")[
            "StreamDescriptionSummary"]["StreamARN"]
        self.assert_error(
            self.lam.create_event_source_mapping, "InvalidParameterValueException",
            "1 validation error detected: Value null at 'startingPosition' failed to satisfy "
            "constraint: Member must not be null.", EventSourceArn=stream,
            FunctionName="consumer")
        created = self.lam.create_event_source_mapping(
            EventSourceArn=stream, FunctionName="consumer", StartingPosition="TRIM_HORIZON",
            MaximumRetryAttempts=2, BisectBatchOnFunctionError=True)
        self.assertEqual(created["BatchSize"], 100)
        self.assertEqual(created["StartingPosition"], "TRIM_HORIZON")
        self.assertEqual(created["ParallelizationFactor"], 1)
        self.assertEqual(created["MaximumRetryAttempts"], 2)
        self.assertEqual(created["MaximumRecordAgeInSeconds"], -1)
        self.assertTrue(created["BisectBatchOnFunctionError"])
        self.assertEqual(created["LastProcessingResult"], "No records processed")
        self.assertEqual(created["DestinationConfig"], {"OnFailure": {}})

        table_stream = self.ddb.create_table(
            TableName="esm-table", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
        )["TableDescription"]["LatestStreamArn"]
        ddb = self.lam.create_event_source_mapping(EventSourceArn=table_stream,
                                                   FunctionName=FUNCTION_ARN,
                                                   StartingPosition="LATEST", BatchSize=5)
        self.assertEqual(ddb["BatchSize"], 5)
        self.assertEqual(ddb["EventSourceArn"], table_stream)

        page = self.lam.list_event_source_mappings(MaxItems=1)
        self.assertEqual(len(page["EventSourceMappings"]), 1)
        rest = self.lam.list_event_source_mappings(MaxItems=1, Marker=page["NextMarker"])
        self.assertEqual(len(rest["EventSourceMappings"]), 1)
        self.assertNotIn("NextMarker", rest)
        self.assertNotEqual(page["EventSourceMappings"][0]["UUID"],
                            rest["EventSourceMappings"][0]["UUID"])


if __name__ == "__main__":
    unittest.main()
