// Lambda event-source mappings with @aws-sdk/client-lambda (v3): a Kinesis mapping created, read,
// listed, disabled and deleted; errors arrive as typed exceptions.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  LambdaClient,
  CreateFunctionCommand,
  CreateEventSourceMappingCommand,
  GetEventSourceMappingCommand,
  ListEventSourceMappingsCommand,
  UpdateEventSourceMappingCommand,
  DeleteEventSourceMappingCommand,
  ResourceNotFoundException,
  ResourceConflictException,
  InvalidParameterValueException,
} from "@aws-sdk/client-lambda";
import { KinesisClient, CreateStreamCommand, DescribeStreamSummaryCommand } from "@aws-sdk/client-kinesis";
import { startEddy, region, credentials } from "./eddy_harness.mjs";

// A zip holding app.py, built once: the smallest valid package.
const packageZip = Buffer.from(
  "UEsDBBQAAAAIADQVfl20CHBpKwAAAC4AAAAGAAAAYXBwLnB5S0lNU8hIzEvJSS3SSC1LzSvRUUjOzytJrSjRtOJSAIKi1JLSojwFsBwXAFBLAQIUAxQAAAAIADQVfl20CHBpKwAAAC4AAAAGAAAAAAAAAAAAAACAAQAAAABhcHAucHlQSwUGAAAAAAEAAQA0AAAATwAAAAAA",
  "base64",
);

let eddy;
let lambda;
let kinesis;
before(async () => {
  eddy = await startEddy();
  lambda = new LambdaClient({ endpoint: eddy.endpoint, region, credentials });
  kinesis = new KinesisClient({ endpoint: eddy.endpoint, region, credentials });
});
after(async () => {
  lambda.destroy();
  kinesis.destroy();
  await eddy.stop();
});

test("a Kinesis mapping's lifecycle", async () => {
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: "reader",
      Runtime: "python3.12",
      Role: "arn:aws:iam::000000000000:role/lambda-role",
      Handler: "app.handler",
      Code: { ZipFile: packageZip },
    }),
  );
  await kinesis.send(new CreateStreamCommand({ StreamName: "clicks", ShardCount: 1 }));
  const stream = (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: "clicks" })))
    .StreamDescriptionSummary.StreamARN;

  const created = await lambda.send(
    new CreateEventSourceMappingCommand({
      FunctionName: "reader",
      EventSourceArn: stream,
      StartingPosition: "LATEST",
      BatchSize: 25,
    }),
  );
  assert.equal(created.$metadata.httpStatusCode, 202);
  assert.equal(created.State, "Creating");
  assert.equal(created.BatchSize, 25);
  assert.equal(created.StartingPosition, "LATEST");
  assert.ok(created.LastModified instanceof Date);

  const got = await lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID }));
  assert.equal(got.State, "Enabled");
  assert.equal(got.FunctionArn, "arn:aws:lambda:us-east-1:000000000000:function:reader");

  await assert.rejects(
    lambda.send(
      new CreateEventSourceMappingCommand({ FunctionName: "reader", EventSourceArn: stream, StartingPosition: "LATEST" }),
    ),
    (error) => error instanceof ResourceConflictException && error.$metadata.httpStatusCode === 409,
  );
  await assert.rejects(
    lambda.send(new CreateEventSourceMappingCommand({ FunctionName: "reader", EventSourceArn: stream })),
    (error) => error instanceof InvalidParameterValueException,
  );

  const listed = await lambda.send(new ListEventSourceMappingsCommand({ EventSourceArn: stream }));
  assert.deepEqual(
    listed.EventSourceMappings.map((m) => m.UUID),
    [created.UUID],
  );
  const disabled = await lambda.send(new UpdateEventSourceMappingCommand({ UUID: created.UUID, Enabled: false }));
  assert.equal(disabled.State, "Disabling");
  const deleted = await lambda.send(new DeleteEventSourceMappingCommand({ UUID: created.UUID }));
  assert.equal(deleted.State, "Deleting");
  await assert.rejects(
    lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID })),
    (error) => error instanceof ResourceNotFoundException && error.message === "The resource you requested does not exist.",
  );
});
