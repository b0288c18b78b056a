// Cleartext HTTP/2 with prior knowledge on Eddy's one port, through real HTTP/2 clients: Node's
// http2 module (many concurrent streams, large bodies both ways, a long poll beside quick
// requests), the AWS SDK's NodeHttp2Handler (the JS SDK's Kinesis client's default), and curl.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http2 from "node:http2";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { NodeHttp2Handler } from "@smithy/node-http-handler";
import {
  SQSClient,
  CreateQueueCommand,
  SendMessageCommand,
  ReceiveMessageCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  QueueDoesNotExist,
} from "@aws-sdk/client-sqs";
import { startEddy, region, credentials } from "./eddy_harness.mjs";

let eddy;
let session;
before(async () => {
  eddy = await startEddy();
  session = http2.connect(eddy.endpoint);
  await new Promise((resolve, reject) => {
    session.once("connect", resolve);
    session.once("error", reject);
  });
});
after(async () => {
  session.close();
  await eddy.stop();
});

const unique = (prefix) => `${prefix}-${Math.random().toString(36).slice(2, 10)}`;

// One SQS JSON-protocol call as an HTTP/2 stream on `session`.
function sqsCall(operation, input, on = session) {
  return new Promise((resolve, reject) => {
    const body = Buffer.from(JSON.stringify(input));
    const stream = on.request({
      ":method": "POST",
      ":path": "/",
      "content-type": "application/x-amz-json-1.0",
      "x-amz-target": `AmazonSQS.${operation}`,
    });
    const chunks = [];
    let headers;
    stream.on("response", (h) => (headers = h));
    stream.on("data", (chunk) => chunks.push(chunk));
    stream.on("end", () => {
      const text = Buffer.concat(chunks).toString();
      resolve({ status: headers[":status"], headers, text, json: text ? JSON.parse(text) : {} });
    });
    stream.on("error", reject);
    stream.end(body);
  });
}

async function createQueue(name) {
  const created = await sqsCall("CreateQueue", { QueueName: name });
  assert.equal(created.status, 200, created.text);
  return created.json.QueueUrl;
}

test("many concurrent streams on one connection are each answered", async () => {
  const names = Array.from({ length: 200 }, (_, i) => `${unique("many")}-${i}`);
  const created = await Promise.all(names.map((name) => sqsCall("CreateQueue", { QueueName: name })));
  created.forEach((answer, i) => {
    assert.equal(answer.status, 200);
    assert.equal(answer.headers["content-type"], "application/x-amz-json-1.0");
    assert.ok(answer.headers["x-amzn-requestid"]);
    assert.match(answer.json.QueueUrl, new RegExp(`/${names[i]}$`));
  });
  const urls = await Promise.all(names.map((name) => sqsCall("GetQueueUrl", { QueueName: name })));
  urls.forEach((answer, i) => assert.equal(answer.json.QueueUrl, created[i].json.QueueUrl));
});

test("a long poll holds up no other stream, and a message wakes it at once", async () => {
  const url = await createQueue(unique("poll"));
  const started = Date.now();
  let pollAnswered = false;
  const poll = sqsCall("ReceiveMessage", { QueueUrl: url, WaitTimeSeconds: 5 }).then((answer) => {
    pollAnswered = true;
    return answer;
  });
  const quick = await Promise.all(
    Array.from({ length: 20 }, () => sqsCall("GetQueueAttributes", { QueueUrl: url, AttributeNames: ["All"] })),
  );
  quick.forEach((answer) => assert.equal(answer.status, 200));
  assert.ok(Date.now() - started < 2000, `quick streams took ${Date.now() - started} ms`);
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(pollAnswered, false, "the long poll answered with nothing to receive");
  const sent = await sqsCall("SendMessage", { QueueUrl: url, MessageBody: "wake up" });
  assert.equal(sent.status, 200);
  const received = await poll;
  assert.equal(received.status, 200);
  assert.equal(received.json.Messages[0].Body, "wake up");
  assert.ok(Date.now() - started < 4500, `the long poll took ${Date.now() - started} ms`);
});

test("a 10 MiB answer and a refused 6 MiB request under flow control", async () => {
  const url = await createQueue(unique("big"));
  const body = (i) => String(i).repeat(1000 * 1000).slice(0, 1000 * 1000);
  for (let i = 0; i < 10; i++) {
    const sent = await sqsCall("SendMessage", { QueueUrl: url, MessageBody: body(i) });
    assert.equal(sent.status, 200, sent.text);
  }
  const received = await sqsCall("ReceiveMessage", { QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 60 });
  assert.equal(received.status, 200);
  assert.ok(received.text.length > 10 * 1000 * 1000, `answer of ${received.text.length} bytes`);
  const bodies = received.json.Messages.map((m) => m.Body).sort();
  assert.deepEqual(bodies, Array.from({ length: 10 }, (_, i) => body(i)));

  // SQS accepts 4 MiB requests: a 6 MiB one is refused with 413, the stream reset, and the
  // connection goes on.
  const refused = await sqsCall("SendMessage", { QueueUrl: url, MessageBody: "x".repeat(6 * 1024 * 1024) });
  assert.equal(refused.status, 413);
  assert.equal(refused.json.__type, "RequestEntityTooLarge");
  const after = await sqsCall("GetQueueUrl", { QueueName: url.split("/").pop() });
  assert.equal(after.json.QueueUrl, url);
});

test("a request body larger than the windows reaches the service whole", async () => {
  // A 1 MiB message of quotes, escaped, is a 2 MiB JSON body: twice the stream's window and
  // more than thirty times the connection's initial one.
  const url = await createQueue(unique("upload"));
  const message = `"${"\\".repeat(512 * 1024)}${'"'.repeat(512 * 1024 - 2)}"`;
  const sent = await sqsCall("SendMessage", { QueueUrl: url, MessageBody: message });
  assert.equal(sent.status, 200, sent.text);
  const received = await sqsCall("ReceiveMessage", { QueueUrl: url });
  assert.equal(received.json.Messages[0].Body, message);
});

test("the AWS SDK's NodeHttp2Handler creates, sends and receives", async () => {
  const sqs = new SQSClient({
    endpoint: eddy.endpoint,
    region,
    credentials,
    maxAttempts: 1,
    requestHandler: new NodeHttp2Handler(),
  });
  try {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: unique("sdk") }));
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: "over h2" }));
    assert.ok(sent.MessageId);
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));
    assert.equal(Messages.length, 1);
    assert.equal(Messages[0].Body, "over h2");
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: Messages[0].ReceiptHandle }));
    const attributes = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["ApproximateNumberOfMessages"] }),
    );
    assert.equal(attributes.Attributes.ApproximateNumberOfMessages, "0");
    await assert.rejects(
      sqs.send(new GetQueueAttributesCommand({ QueueUrl: `${QueueUrl}-missing`, AttributeNames: ["All"] })),
      QueueDoesNotExist,
    );
  } finally {
    sqs.destroy();
  }
});

test("curl --http2-prior-knowledge", async () => {
  const { stdout } = await promisify(execFile)("curl", [
    "-sS",
    "--http2-prior-knowledge",
    "-o",
    "-",
    "-w",
    "\n%{http_version} %{http_code}",
    "-H",
    "X-Amz-Target: AmazonSQS.ListQueues",
    "-H",
    "Content-Type: application/x-amz-json-1.0",
    "--data",
    "{}",
    `${eddy.endpoint}/`,
  ]);
  const [body, status] = stdout.split("\n");
  assert.equal(status, "2 200");
  assert.ok(JSON.parse(body));
});
