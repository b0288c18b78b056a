// The CBOR protocol (Content-Type application/x-amz-cbor-1.1, the AWS SDK for Java's default for
// Kinesis) against a real server, over HTTP/1.1 and HTTP/2, with the Smithy CBOR codec the JS SDK
// ships as an independent encoder and decoder. SQS speaks the JSON protocol, so it serves as any
// JSON-protocol service does: CBOR in, CBOR out, errors too.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http2 from "node:http2";
import { cbor } from "@smithy/core/cbor";
import { startEddy } from "./eddy_harness.mjs";

const CBOR = "application/x-amz-cbor-1.1";

let eddy;
before(async () => {
  eddy = await startEddy();
});
after(async () => {
  await eddy.stop();
});

const unique = (prefix) => `${prefix}-${Math.random().toString(36).slice(2, 10)}`;

async function cborCall(operation, body) {
  const response = await fetch(`${eddy.endpoint}/`, {
    method: "POST",
    headers: { "content-type": CBOR, "x-amz-target": `AmazonSQS.${operation}` },
    body: Buffer.isBuffer(body) ? body : cbor.serialize(body),
  });
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { status: response.status, type: response.headers.get("content-type"), body: cbor.deserialize(bytes) };
}

test("a CBOR request is answered in CBOR", async () => {
  const name = unique("cbor");
  const created = await cborCall("CreateQueue", { QueueName: name });
  assert.equal(created.status, 200);
  assert.equal(created.type, CBOR);
  assert.match(created.body.QueueUrl, new RegExp(`/${name}$`));

  const sent = await cborCall("SendMessage", { QueueUrl: created.body.QueueUrl, MessageBody: "über cbor" });
  assert.equal(sent.status, 200);
  assert.equal(sent.body.MD5OfMessageBody.length, 32);
  const received = await cborCall("ReceiveMessage", { QueueUrl: created.body.QueueUrl, MaxNumberOfMessages: 10 });
  assert.equal(received.status, 200);
  assert.equal(received.body.Messages.length, 1);
  assert.equal(received.body.Messages[0].Body, "über cbor");
  assert.equal(received.body.Messages[0].MessageId, sent.body.MessageId);
});

test("errors are CBOR maps with __type and message", async () => {
  const missing = await cborCall("GetQueueUrl", { QueueName: unique("missing") });
  assert.equal(missing.status, 400);
  assert.equal(missing.type, CBOR);
  assert.equal(missing.body.__type, "com.amazonaws.sqs#QueueDoesNotExist");
  assert.match(missing.body.message, /does not exist/);

  const malformed = await cborCall("CreateQueue", Buffer.from([0xa1, 0x61]));
  assert.equal(malformed.status, 400);
  assert.equal(malformed.type, CBOR);
  assert.equal(malformed.body.__type, "com.amazonaws.sqs#SerializationException");

  const unknown = await cborCall("Teleport", {});
  assert.equal(unknown.status, 400);
  assert.equal(unknown.body.__type, "com.amazonaws.sqs#UnknownOperationException");
});

test("CBOR over HTTP/2", async () => {
  const session = http2.connect(eddy.endpoint);
  try {
    const answer = await new Promise((resolve, reject) => {
      const stream = session.request({
        ":method": "POST",
        ":path": "/",
        "content-type": CBOR,
        "x-amz-target": "AmazonSQS.CreateQueue",
      });
      const chunks = [];
      let headers;
      stream.on("response", (h) => (headers = h));
      stream.on("data", (chunk) => chunks.push(chunk));
      stream.on("end", () => resolve({ headers, body: cbor.deserialize(new Uint8Array(Buffer.concat(chunks))) }));
      stream.on("error", reject);
      stream.end(Buffer.from(cbor.serialize({ QueueName: "cbor-h2" })));
    });
    assert.equal(answer.headers[":status"], 200);
    assert.equal(answer.headers["content-type"], CBOR);
    assert.match(answer.body.QueueUrl, /\/cbor-h2$/);
  } finally {
    session.close();
  }
});
