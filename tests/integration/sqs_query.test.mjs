// SQS over the query protocol (form in, XML out) with aws-sdk v2.1490, the last v2 release that
// speaks it: every operation, and the errors old clients map from AWS.SimpleQueueService.* codes.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import AWS from "aws-sdk";
import { startEddy, region, credentials } from "./eddy_harness.mjs";

let eddy;
let sqs;
const requests = [];

before(async () => {
  eddy = await startEddy();
  sqs = new AWS.SQS({ endpoint: eddy.endpoint, region, credentials, maxRetries: 0 });
});
after(async () => eddy.stop());

// Runs one operation, recording the HTTP request the SDK built for it.
async function call(operation, params) {
  const request = sqs[operation](params);
  request.on("sign", () => requests.push({ operation, http: request.httpRequest }));
  return request.promise();
}

async function failure(operation, params) {
  try {
    await call(operation, params);
  } catch (error) {
    return error;
  }
  assert.fail(`${operation} succeeded`);
}

const unique = (prefix) => `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
const md5 = (text) => createHash("md5").update(text).digest("hex");
const arnOf = async (QueueUrl) =>
  (await call("getQueueAttributes", { QueueUrl, AttributeNames: ["QueueArn"] })).Attributes.QueueArn;

test("the SDK really speaks the query protocol", async () => {
  await call("listQueues", {});
  const { http } = requests.at(-1);
  assert.match(http.body, /(^|&)Action=ListQueues(&|$)/);
  assert.match(http.body, /Version=2012-11-05/);
  assert.equal(http.headers["X-Amz-Target"], undefined);
  assert.match(http.headers["Content-Type"], /application\/x-www-form-urlencoded/);
});

test("queues: create, URL, list, attributes, tags, delete", async () => {
  const name = unique("v2");
  const { QueueUrl } = await call("createQueue", {
    QueueName: name,
    Attributes: { VisibilityTimeout: "5", DelaySeconds: "0" },
    tags: { team: "a" },
  });
  assert.equal(QueueUrl, `${eddy.endpoint}/000000000000/${name}`);
  assert.match(requests.at(-1).http.body, /Attribute\.1\.Name=/);
  assert.equal((await call("getQueueUrl", { QueueName: name })).QueueUrl, QueueUrl);
  assert.deepEqual((await call("listQueues", { QueueNamePrefix: name })).QueueUrls, [QueueUrl]);
  const paged = await call("listQueues", { QueueNamePrefix: name, MaxResults: 1 });
  assert.deepEqual(paged.QueueUrls, [QueueUrl]);

  const { Attributes } = await call("getQueueAttributes", { QueueUrl, AttributeNames: ["All"] });
  assert.equal(Attributes.VisibilityTimeout, "5");
  assert.equal(Attributes.QueueArn, `arn:aws:sqs:${region}:000000000000:${name}`);
  await call("setQueueAttributes", { QueueUrl, Attributes: { MaximumMessageSize: "2048" } });
  const updated = await call("getQueueAttributes", { QueueUrl, AttributeNames: ["MaximumMessageSize"] });
  assert.deepEqual(updated.Attributes, { MaximumMessageSize: "2048" });

  await call("tagQueue", { QueueUrl, Tags: { env: "test" } });
  assert.deepEqual((await call("listQueueTags", { QueueUrl })).Tags, { team: "a", env: "test" });
  await call("untagQueue", { QueueUrl, TagKeys: ["team"] });
  assert.deepEqual((await call("listQueueTags", { QueueUrl })).Tags, { env: "test" });

  await call("deleteQueue", { QueueUrl });
  const gone = await failure("getQueueAttributes", { QueueUrl, AttributeNames: ["All"] });
  assert.equal(gone.code, "AWS.SimpleQueueService.NonExistentQueue");
  assert.equal(gone.message, "The specified queue does not exist for this wsdl version.");
  assert.equal(gone.statusCode, 400);
});

test("messages: send with attributes, receive, change visibility, delete", async () => {
  const { QueueUrl } = await call("createQueue", { QueueName: unique("msgs") });
  const sent = await call("sendMessage", {
    QueueUrl,
    MessageBody: "hello <&> \"world\"\r\n",
    MessageAttributes: {
      n: { DataType: "Number", StringValue: "3" },
      b: { DataType: "Binary", BinaryValue: Buffer.from([0, 1, 2]) },
    },
    MessageSystemAttributes: { AWSTraceHeader: { DataType: "String", StringValue: "Root=1-abc" } },
  });
  assert.equal(sent.MD5OfMessageBody, md5("hello <&> \"world\"\r\n"));
  assert.ok(sent.MD5OfMessageSystemAttributes);
  // aws-sdk v2 sends queue requests to the queue URL's host, naming the queue in the form.
  assert.equal(requests.at(-1).http.endpoint.host, new URL(QueueUrl).host);
  assert.match(requests.at(-1).http.body, new RegExp(`QueueUrl=${encodeURIComponent(QueueUrl)}`));

  const { Messages } = await call("receiveMessage", {
    QueueUrl,
    AttributeNames: ["All"],
    MessageAttributeNames: ["All"],
    MaxNumberOfMessages: 10,
  });
  assert.equal(Messages.length, 1);
  const [message] = Messages;
  assert.equal(message.Body, "hello <&> \"world\"\r\n");
  assert.equal(message.MessageId, sent.MessageId);
  assert.equal(message.MD5OfMessageAttributes, sent.MD5OfMessageAttributes);
  assert.equal(message.MessageAttributes.n.StringValue, "3");
  assert.deepEqual([...message.MessageAttributes.b.BinaryValue], [0, 1, 2]);
  assert.equal(message.Attributes.ApproximateReceiveCount, "1");
  assert.equal(message.Attributes.AWSTraceHeader, "Root=1-abc");

  await call("changeMessageVisibility", { QueueUrl, ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: 0 });
  const again = await call("receiveMessage", { QueueUrl });
  assert.equal(again.Messages.length, 1);
  await call("deleteMessage", { QueueUrl, ReceiptHandle: again.Messages[0].ReceiptHandle });
  const empty = await call("receiveMessage", { QueueUrl });
  assert.equal(empty.Messages, undefined);

  const invalid = await failure("deleteMessage", { QueueUrl, ReceiptHandle: "garbage" });
  assert.equal(invalid.code, "ReceiptHandleIsInvalid");
  const missing = await failure("sendMessage", { QueueUrl, MessageBody: "" });
  assert.equal(missing.code, "MissingParameter");
});

test("batches: send, change visibility and delete with per-entry results", async () => {
  const { QueueUrl } = await call("createQueue", { QueueName: unique("batch") });
  const sent = await call("sendMessageBatch", {
    QueueUrl,
    Entries: [
      { Id: "a", MessageBody: "first" },
      { Id: "b", MessageBody: "second", DelaySeconds: 0 },
      { Id: "bad", MessageBody: "\u0001" },
    ],
  });
  assert.match(requests.at(-1).http.body, /SendMessageBatchRequestEntry\.1\.Id=a/);
  assert.deepEqual(sent.Successful.map((e) => e.Id).sort(), ["a", "b"]);
  assert.equal(sent.Failed.length, 1);
  assert.equal(sent.Failed[0].Id, "bad");
  assert.equal(sent.Failed[0].Code, "InvalidMessageContents");
  assert.equal(sent.Failed[0].SenderFault, true);

  const { Messages } = await call("receiveMessage", { QueueUrl, MaxNumberOfMessages: 10 });
  assert.equal(Messages.length, 2);
  const changed = await call("changeMessageVisibilityBatch", {
    QueueUrl,
    Entries: Messages.map((m, i) => ({ Id: `c${i}`, ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 60 })),
  });
  assert.equal(changed.Successful.length, 2);
  assert.deepEqual(changed.Failed, []);
  const deleted = await call("deleteMessageBatch", {
    QueueUrl,
    Entries: [...Messages.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle })), { Id: "x", ReceiptHandle: "garbage" }],
  });
  assert.equal(deleted.Successful.length, 2);
  assert.equal(deleted.Failed[0].Id, "x");
  assert.equal(deleted.Failed[0].Code, "ReceiptHandleIsInvalid");

  const tooMany = await failure("sendMessageBatch", {
    QueueUrl,
    Entries: Array.from({ length: 11 }, (_, i) => ({ Id: `m${i}`, MessageBody: "x" })),
  });
  assert.equal(tooMany.code, "AWS.SimpleQueueService.TooManyEntriesInBatchRequest");
  const empty = await failure("deleteMessageBatch", { QueueUrl, Entries: [] });
  assert.equal(empty.code, "AWS.SimpleQueueService.EmptyBatchRequest");
});

test("FIFO queues keep order, dedupe and number messages", async () => {
  const { QueueUrl } = await call("createQueue", {
    QueueName: `${unique("fifo")}.fifo`,
    Attributes: { FifoQueue: "true", ContentBasedDeduplication: "true" },
  });
  const first = await call("sendMessage", { QueueUrl, MessageBody: "one", MessageGroupId: "g" });
  const duplicate = await call("sendMessage", { QueueUrl, MessageBody: "one", MessageGroupId: "g" });
  await call("sendMessage", { QueueUrl, MessageBody: "two", MessageGroupId: "g" });
  assert.equal(duplicate.MessageId, first.MessageId);
  assert.match(first.SequenceNumber, /^\d{20,}$/);
  const { Messages } = await call("receiveMessage", { QueueUrl, MaxNumberOfMessages: 10, AttributeNames: ["All"] });
  assert.deepEqual(Messages.map((m) => m.Body), ["one", "two"]);
  assert.equal(Messages[0].Attributes.MessageGroupId, "g");
  const noGroup = await failure("sendMessage", { QueueUrl, MessageBody: "x" });
  assert.equal(noGroup.code, "MissingParameter");
});

test("purge, permissions and dead-letter operations", async () => {
  const dlq = (await call("createQueue", { QueueName: unique("dlq") })).QueueUrl;
  const dlqArn = await arnOf(dlq);
  const source = (
    await call("createQueue", {
      QueueName: unique("src"),
      Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 1 }), VisibilityTimeout: "0" },
    })
  ).QueueUrl;
  const listed = await call("listDeadLetterSourceQueues", { QueueUrl: dlq });
  assert.deepEqual(listed.queueUrls, [source]);

  await call("sendMessage", { QueueUrl: source, MessageBody: "poison" });
  await call("receiveMessage", { QueueUrl: source });
  assert.equal((await call("receiveMessage", { QueueUrl: source })).Messages, undefined);
  const counts = await call("getQueueAttributes", { QueueUrl: dlq, AttributeNames: ["ApproximateNumberOfMessages"] });
  assert.equal(counts.Attributes.ApproximateNumberOfMessages, "1");

  const { TaskHandle } = await call("startMessageMoveTask", { SourceArn: dlqArn, MaxNumberOfMessagesPerSecond: 1 });
  assert.ok(TaskHandle);
  const tasks = await call("listMessageMoveTasks", { SourceArn: dlqArn, MaxResults: 10 });
  assert.equal(tasks.Results.length, 1);
  assert.equal(tasks.Results[0].SourceArn, dlqArn);
  if (tasks.Results[0].Status === "RUNNING") {
    const cancelled = await call("cancelMessageMoveTask", { TaskHandle });
    assert.equal(typeof cancelled.ApproximateNumberOfMessagesMoved, "number");
  }
  const badHandle = await failure("cancelMessageMoveTask", { TaskHandle: "garbage" });
  assert.equal(badHandle.code, "InvalidParameterValue");

  await call("addPermission", { QueueUrl: dlq, Label: "share", AWSAccountIds: ["111111111111"], Actions: ["SendMessage"] });
  assert.match(requests.at(-1).http.body, /AWSAccountId\.1=111111111111/);
  const policy = JSON.parse((await call("getQueueAttributes", { QueueUrl: dlq, AttributeNames: ["Policy"] })).Attributes.Policy);
  assert.equal(policy.Statement[0].Sid, "share");
  assert.equal(policy.Statement[0].Action, "SQS:SendMessage");
  await call("removePermission", { QueueUrl: dlq, Label: "share" });
  const noPolicy = await call("getQueueAttributes", { QueueUrl: dlq, AttributeNames: ["Policy"] });
  assert.equal(noPolicy.Attributes, undefined);

  await call("purgeQueue", { QueueUrl: source });
  const twice = await failure("purgeQueue", { QueueUrl: source });
  assert.equal(twice.code, "AWS.SimpleQueueService.PurgeQueueInProgress");
  assert.equal(twice.statusCode, 403);
});

test("errors keep the legacy codes and XML shape", async () => {
  const existing = await failure("getQueueUrl", { QueueName: unique("missing") });
  assert.equal(existing.code, "AWS.SimpleQueueService.NonExistentQueue");
  const { QueueUrl } = await call("createQueue", { QueueName: unique("errs"), Attributes: { DelaySeconds: "1" } });
  const exists = await failure("createQueue", { QueueName: QueueUrl.split("/").at(-1), Attributes: { DelaySeconds: "2" } });
  assert.equal(exists.code, "QueueAlreadyExists");
  const attribute = await failure("getQueueAttributes", { QueueUrl, AttributeNames: ["Foobar"] });
  assert.equal(attribute.code, "InvalidAttributeName");
  assert.equal(attribute.message, "Unknown Attribute Foobar.");
  const range = await failure("receiveMessage", { QueueUrl, MaxNumberOfMessages: 11 });
  assert.equal(range.code, "InvalidParameterValue");
  assert.equal(range.message, "Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.");
});

test("a long poll returns when another client sends", async () => {
  const { QueueUrl } = await call("createQueue", { QueueName: unique("poll") });
  const started = Date.now();
  const waiting = call("receiveMessage", { QueueUrl, WaitTimeSeconds: 10 });
  // The receiver may get the message before the sender gets its answer: await both.
  const sent = new Promise((resolve) => setTimeout(resolve, 300)).then(() =>
    call("sendMessage", { QueueUrl, MessageBody: "wake up" }));
  const [{ Messages }] = await Promise.all([waiting, sent]);
  assert.equal(Messages[0].Body, "wake up");
  assert.ok(Date.now() - started < 3000);
});
