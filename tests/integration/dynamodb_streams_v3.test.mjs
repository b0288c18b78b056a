// DynamoDB Streams through @aws-sdk/client-dynamodb-streams (v3): a table's changes read back with
// the SDK's commands and typed exceptions, ApproximateCreationDateTime as a Date.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  DynamoDBClient,
  CreateTableCommand,
  PutItemCommand,
  UpdateItemCommand,
  DeleteItemCommand,
  UpdateTableCommand,
} from "@aws-sdk/client-dynamodb";
import {
  DynamoDBStreamsClient,
  ListStreamsCommand,
  DescribeStreamCommand,
  GetShardIteratorCommand,
  GetRecordsCommand,
  ResourceNotFoundException,
} from "@aws-sdk/client-dynamodb-streams";
import { startEddy, region, credentials } from "./eddy_harness.mjs";

let eddy;
let ddb;
let streams;
let streamArn;
before(async () => {
  eddy = await startEddy();
  ddb = new DynamoDBClient({ endpoint: eddy.endpoint, region, credentials, maxAttempts: 1 });
  streams = new DynamoDBStreamsClient({ endpoint: eddy.endpoint, region, credentials, maxAttempts: 1 });
  const created = await ddb.send(
    new CreateTableCommand({
      TableName: "events",
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
      BillingMode: "PAY_PER_REQUEST",
      StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
    }),
  );
  streamArn = created.TableDescription.LatestStreamArn;
});
after(async () => {
  await eddy?.stop();
});

async function iterator(type, sequenceNumber) {
  const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
  const { ShardIterator } = await streams.send(
    new GetShardIteratorCommand({
      StreamArn: streamArn,
      ShardId: StreamDescription.Shards[0].ShardId,
      ShardIteratorType: type,
      SequenceNumber: sequenceNumber,
    }),
  );
  return ShardIterator;
}

test("item changes read back in order with their images", async () => {
  await ddb.send(new PutItemCommand({ TableName: "events", Item: { id: { S: "a" }, n: { N: "1" } } }));
  await ddb.send(
    new UpdateItemCommand({
      TableName: "events",
      Key: { id: { S: "a" } },
      UpdateExpression: "SET n = n + :one",
      ExpressionAttributeValues: { ":one": { N: "1" } },
    }),
  );
  await ddb.send(new DeleteItemCommand({ TableName: "events", Key: { id: { S: "a" } } }));
  const page = await streams.send(new GetRecordsCommand({ ShardIterator: await iterator("TRIM_HORIZON") }));
  assert.deepEqual(
    page.Records.map((r) => r.eventName),
    ["INSERT", "MODIFY", "REMOVE"],
  );
  const [, modify] = page.Records;
  assert.equal(modify.eventSource, "aws:dynamodb");
  assert.equal(modify.awsRegion, region);
  assert.deepEqual(modify.dynamodb.OldImage, { id: { S: "a" }, n: { N: "1" } });
  assert.deepEqual(modify.dynamodb.NewImage, { id: { S: "a" }, n: { N: "2" } });
  assert.ok(modify.dynamodb.ApproximateCreationDateTime instanceof Date);
  assert.ok(Math.abs(modify.dynamodb.ApproximateCreationDateTime.getTime() - Date.now()) < 60_000);
  assert.ok(page.NextShardIterator);

  const after = await streams.send(
    new GetRecordsCommand({
      ShardIterator: await iterator("AFTER_SEQUENCE_NUMBER", modify.dynamodb.SequenceNumber),
    }),
  );
  assert.deepEqual(
    after.Records.map((r) => r.eventName),
    ["REMOVE"],
  );
});

test("ListStreams and DescribeStream describe the table's stream", async () => {
  const listed = await streams.send(new ListStreamsCommand({ TableName: "events" }));
  assert.deepEqual(
    listed.Streams.map((s) => s.StreamArn),
    [streamArn],
  );
  const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
  assert.equal(StreamDescription.StreamStatus, "ENABLED");
  assert.equal(StreamDescription.TableName, "events");
  assert.ok(StreamDescription.CreationRequestDateTime instanceof Date);
  assert.deepEqual(StreamDescription.KeySchema, [{ AttributeName: "id", KeyType: "HASH" }]);
});

test("a missing stream is a typed ResourceNotFoundException", async () => {
  const missing = "arn:aws:dynamodb:us-east-1:000000000000:table/none/stream/2024-01-01T00:00:00.000";
  await assert.rejects(
    streams.send(new DescribeStreamCommand({ StreamArn: missing })),
    (error) => {
      assert.ok(error instanceof ResourceNotFoundException);
      assert.equal(error.message, `Requested resource not found: Stream: ${missing} not found`);
      assert.equal(error.$metadata.httpStatusCode, 400);
      return true;
    },
  );
});

test("turning the stream off closes its shard", async () => {
  await ddb.send(new UpdateTableCommand({ TableName: "events", StreamSpecification: { StreamEnabled: false } }));
  const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
  assert.equal(StreamDescription.StreamStatus, "DISABLED");
  assert.ok(StreamDescription.Shards[0].SequenceNumberRange.EndingSequenceNumber);
});
