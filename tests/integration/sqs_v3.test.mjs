// SQS over the JSON protocol with @aws-sdk/client-sqs (v3): the main flows, with the SDK's own
// MD5 checks of message bodies on, and attribute digests checked here against AWS's algorithm.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import {
  SQSClient,
  CreateQueueCommand,
  GetQueueUrlCommand,
  GetQueueAttributesCommand,
  SendMessageCommand,
  SendMessageBatchCommand,
  ReceiveMessageCommand,
  DeleteMessageCommand,
  DeleteMessageBatchCommand,
  ChangeMessageVisibilityCommand,
  ListQueuesCommand,
  DeleteQueueCommand,
  QueueDoesNotExist,
  QueueNameExists,
  TooManyEntriesInBatchRequest,
} from "@aws-sdk/client-sqs";
import { startEddy, region, credentials } from "./eddy_harness.mjs";

let eddy;
let sqs;
before(async () => {
  eddy = await startEddy();
  sqs = new SQSClient({ endpoint: eddy.endpoint, region, credentials, maxAttempts: 1 });
});
after(async () => {
  sqs.destroy();
  await eddy.stop();
});

const unique = (prefix) => `${prefix}-${Math.random().toString(36).slice(2, 10)}`;

// MD5OfMessageAttributes as AWS documents it: names sorted; each name, type and value as a
// 4-byte big-endian length and bytes, with transport byte 1 (string) or 2 (binary) before the value.
function attributesMd5(attributes) {
  const hash = createHash("md5");
  const lengthPrefixed = (bytes) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    hash.update(length);
    hash.update(bytes);
  };
  for (const name of Object.keys(attributes).sort()) {
    const value = attributes[name];
    lengthPrefixed(Buffer.from(name, "utf8"));
    lengthPrefixed(Buffer.from(value.DataType, "utf8"));
    if (value.StringValue !== undefined) {
      hash.update(Buffer.from([1]));
      lengthPrefixed(Buffer.from(value.StringValue, "utf8"));
    } else {
      hash.update(Buffer.from([2]));
      lengthPrefixed(Buffer.from(value.BinaryValue));
    }
  }
  return hash.digest("hex");
}

test("send, receive and delete with attributes and verified digests", async () => {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: unique("v3") }));
  const attributes = {
    city: { DataType: "String", StringValue: "Zürich ☃" },
    population: { DataType: "Number", StringValue: "1250800.0" },
    image: { DataType: "Binary.png", BinaryValue: new Uint8Array([137, 80, 78, 71]) },
  };
  const sent = await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: "héllo wörld", MessageAttributes: attributes }));
  assert.equal(sent.MD5OfMessageBody, createHash("md5").update("héllo wörld").digest("hex"));
  assert.equal(sent.MD5OfMessageAttributes, attributesMd5(attributes));

  const { Messages } = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl, MessageAttributeNames: ["All"], MessageSystemAttributeNames: ["All"] }),
  );
  assert.equal(Messages.length, 1);
  const [message] = Messages;
  assert.equal(message.Body, "héllo wörld");
  assert.equal(message.MD5OfMessageAttributes, attributesMd5(message.MessageAttributes));
  assert.deepEqual([...message.MessageAttributes.image.BinaryValue], [137, 80, 78, 71]);
  assert.equal(message.Attributes.ApproximateReceiveCount, "1");
  await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle }));
  const counts = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"] }),
  );
  assert.deepEqual(counts.Attributes, { ApproximateNumberOfMessages: "0", ApproximateNumberOfMessagesNotVisible: "0" });
});

test("batches and visibility", async () => {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: unique("batch") }));
  const sent = await sqs.send(
    new SendMessageBatchCommand({
      QueueUrl,
      Entries: Array.from({ length: 10 }, (_, i) => ({ Id: `m${i}`, MessageBody: `body ${i}` })),
    }),
  );
  assert.equal(sent.Successful.length, 10);
  const received = [];
  while (received.length < 10) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
    received.push(...Messages);
  }
  await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle: received[0].ReceiptHandle, VisibilityTimeout: 0 }));
  const again = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
  assert.equal(again.Messages[0].MessageId, received[0].MessageId);
  const deleted = await sqs.send(
    new DeleteMessageBatchCommand({
      QueueUrl,
      Entries: [again.Messages[0], ...received.slice(1)].map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle })),
    }),
  );
  assert.equal(deleted.Successful.length, 10);
  await assert.rejects(
    sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: Array.from({ length: 11 }, (_, i) => ({ Id: `x${i}`, MessageBody: "x" })) })),
    (error) => error instanceof TooManyEntriesInBatchRequest,
  );
});

test("FIFO order and deduplication", async () => {
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({ QueueName: `${unique("fifo")}.fifo`, Attributes: { FifoQueue: "true", ContentBasedDeduplication: "true" } }),
  );
  const ids = [];
  for (const body of ["a", "b", "a", "c"]) {
    ids.push((await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body, MessageGroupId: "g" }))).MessageId);
  }
  assert.equal(ids[2], ids[0]);
  const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
  assert.deepEqual(Messages.map((m) => m.Body), ["a", "b", "c"]);
});

test("modelled errors map to their exception classes", async () => {
  await assert.rejects(sqs.send(new GetQueueUrlCommand({ QueueName: unique("missing") })), (error) => {
    assert.ok(error instanceof QueueDoesNotExist);
    assert.equal(error.$metadata.httpStatusCode, 400);
    return true;
  });
  const name = unique("exists");
  await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { DelaySeconds: "1" } }));
  await assert.rejects(
    sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { DelaySeconds: "2" } })),
    (error) => error instanceof QueueNameExists,
  );
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
  assert.ok((await sqs.send(new ListQueuesCommand({ QueueNamePrefix: name }))).QueueUrls.includes(QueueUrl));
  await sqs.send(new DeleteQueueCommand({ QueueUrl }));
  await assert.rejects(sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: "x" })), (error) => error instanceof QueueDoesNotExist);
});

test("a long poll wakes when a message arrives", async () => {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: unique("poll") }));
  const other = new SQSClient({ endpoint: eddy.endpoint, region, credentials });
  const started = Date.now();
  const waiting = sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 15 }));
  // The receiver may get the message before the sender gets its answer: await both.
  const sent = new Promise((resolve) => setTimeout(resolve, 300)).then(() =>
    other.send(new SendMessageCommand({ QueueUrl, MessageBody: "ping" })));
  const [{ Messages }] = await Promise.all([waiting, sent]);
  other.destroy();
  assert.equal(Messages[0].Body, "ping");
  assert.ok(Date.now() - started < 3000, "returned well before WaitTimeSeconds");
});
