// Lambda Invoke with @aws-sdk/client-lambda (v3) against node functions run by a real eddy:
// RequestResponse, Event, DryRun, LogType Tail with AWS's console line format, FunctionError,
// ClientContext, and a function that ships no node_modules yet requires @aws-sdk/client-sqs (as
// AWS's node runtimes bundle SDK v3) to call back into Eddy.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  LambdaClient,
  CreateFunctionCommand,
  InvokeCommand,
  ResourceNotFoundException,
} from "@aws-sdk/client-lambda";
import {
  SQSClient,
  CreateQueueCommand,
  ReceiveMessageCommand,
} from "@aws-sdk/client-sqs";
import { startEddy, region, credentials } from "./eddy_harness.mjs";
import { zipOf } from "./lambda_zip.mjs";

const role = "arn:aws:iam::000000000000:role/lambda-role";

const ECHO = `
exports.handler = async (event, context) => ({
  event,
  name: context.functionName,
  requestId: context.awsRequestId,
  clientContext: context.clientContext ?? null,
});
`;

const LOGS = `
exports.handler = async (event) => {
  console.log("reading %d from %s", 42, "north-7");
  console.warn("first line\\nsecond line");
  console.error({ sensor: "north-7" });
  return "logged";
};
`;

const FAILS = `
exports.handler = async () => {
  const error = new Error("gauge offline");
  error.name = "GaugeError";
  throw error;
};
`;

// No node_modules in the package: the SDK comes from the runtime's NODE_PATH, as in AWS.
const RELAY = `
const { SQSClient, SendMessageCommand } = require("@aws-sdk/client-sqs");
const sqs = new SQSClient({});
exports.handler = async (event) => {
  await sqs.send(new SendMessageCommand({ QueueUrl: event.queue, MessageBody: JSON.stringify(event) }));
  return { sent: true };
};
`;

let eddy;
let lambda;
let sqs;
before(async () => {
  eddy = await startEddy();
  lambda = new LambdaClient({ endpoint: eddy.endpoint, region, credentials, maxAttempts: 1 });
  sqs = new SQSClient({ endpoint: eddy.endpoint, region, credentials, maxAttempts: 1 });
  for (const [name, code] of [["v3-echo", ECHO], ["v3-logs", LOGS], ["v3-fails", FAILS], ["v3-relay", RELAY]]) {
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: "nodejs20.x",
        Role: role,
        Handler: "index.handler",
        Code: { ZipFile: zipOf("index.js", code) },
        Timeout: 30,
      }),
    );
  }
});
after(async () => {
  lambda.destroy();
  sqs.destroy();
  await eddy.stop();
});

const text = (bytes) => Buffer.from(bytes ?? []).toString("utf8");
const invoke = (input) => lambda.send(new InvokeCommand(input));

test("RequestResponse answers the handler's result and the executed version", async () => {
  const out = await invoke({ FunctionName: "v3-echo", Payload: Buffer.from('{"reading": 61.5}') });
  assert.equal(out.StatusCode, 200);
  assert.equal(out.ExecutedVersion, "$LATEST");
  assert.equal(out.FunctionError, undefined);
  const body = JSON.parse(text(out.Payload));
  assert.deepEqual(body.event, { reading: 61.5 });
  assert.equal(body.name, "v3-echo");
  assert.match(body.requestId, /^[0-9a-f-]{36}$/);
  assert.equal(body.clientContext, null);
});

test("ClientContext reaches context.clientContext decoded", async () => {
  const document = { custom: { sensor: "north-7" }, env: { locale: "en_GB" } };
  const out = await invoke({
    FunctionName: "v3-echo",
    Payload: Buffer.from("{}"),
    ClientContext: Buffer.from(JSON.stringify(document)).toString("base64"),
  });
  assert.deepEqual(JSON.parse(text(out.Payload)).clientContext, document);
});

test("DryRun answers 204 and runs nothing; an unknown function is ResourceNotFoundException", async () => {
  const out = await invoke({ FunctionName: "v3-echo", InvocationType: "DryRun" });
  assert.equal(out.StatusCode, 204);
  assert.equal(text(out.Payload), "");
  await assert.rejects(
    invoke({ FunctionName: "v3-missing", InvocationType: "DryRun" }),
    (e) => e instanceof ResourceNotFoundException && e.$metadata.httpStatusCode === 404,
  );
});

test("LogType Tail returns the log, console lines in AWS's node format", async () => {
  const out = await invoke({ FunctionName: "v3-logs", Payload: Buffer.from("{}"), LogType: "Tail" });
  assert.equal(JSON.parse(text(out.Payload)), "logged");
  const log = Buffer.from(out.LogResult, "base64").toString("utf8");
  const requestId = /START RequestId: (\S+) Version: \$LATEST/.exec(log)?.[1];
  assert.ok(requestId, log);
  const stamp = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";
  const line = (level, message) => new RegExp(`^${stamp}\\t${requestId}\\t${level}\\t${message}$`, "m");
  assert.match(log, line("INFO", "reading 42 from north-7"), log);
  assert.match(log, line("WARN", "first line\\rsecond line"), log);
  assert.match(log, line("ERROR", "\\{ sensor: 'north-7' \\}"), log);
  assert.match(log, new RegExp(`^END RequestId: ${requestId}$`, "m"));
});

test("a thrown error is FunctionError Unhandled with AWS's error document", async () => {
  const out = await invoke({ FunctionName: "v3-fails", Payload: Buffer.from("{}"), LogType: "Tail" });
  assert.equal(out.StatusCode, 200);
  assert.equal(out.FunctionError, "Unhandled");
  const error = JSON.parse(text(out.Payload));
  assert.equal(error.errorType, "GaugeError");
  assert.equal(error.errorMessage, "gauge offline");
  assert.ok(Array.isArray(error.trace));
  const log = Buffer.from(out.LogResult, "base64").toString("utf8");
  assert.match(log, /\tERROR\tInvoke Error \t\{"errorType":"GaugeError","errorMessage":"gauge offline"/);
});

test("Event answers 202 at once; the function then sends through its bundled SDK v3", async () => {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: "v3-relayed" }));
  const out = await invoke({
    FunctionName: "v3-relay",
    InvocationType: "Event",
    Payload: Buffer.from(JSON.stringify({ queue: QueueUrl, n: 7 })),
  });
  assert.equal(out.StatusCode, 202);
  assert.equal(text(out.Payload), "");
  const deadline = Date.now() + 20000;
  while (Date.now() < deadline) {
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 2 }));
    if (got.Messages?.length) {
      assert.deepEqual(JSON.parse(got.Messages[0].Body), { queue: QueueUrl, n: 7 });
      return;
    }
  }
  assert.fail("the Event invocation never sent its message");
});

test("RequestResponse of the SDK-calling function reports its result", async () => {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: "v3-relayed-sync" }));
  const out = await invoke({
    FunctionName: "v3-relay",
    Payload: Buffer.from(JSON.stringify({ queue: QueueUrl, n: 8 })),
  });
  assert.equal(out.FunctionError, undefined, text(out.Payload));
  assert.deepEqual(JSON.parse(text(out.Payload)), { sent: true });
  const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));
  assert.deepEqual(JSON.parse(got.Messages[0].Body), { queue: QueueUrl, n: 8 });
});
