// SNS over the query protocol with @aws-sdk/client-sns (v3), delivering into queues read with
// @aws-sdk/client-sqs: topics, subscriptions with filter policies, Publish and PublishBatch,
// FIFO topics, attributes, tags, paging and errors.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  SNSClient,
  CreateTopicCommand,
  DeleteTopicCommand,
  GetTopicAttributesCommand,
  SetTopicAttributesCommand,
  ListTopicsCommand,
  SubscribeCommand,
  UnsubscribeCommand,
  GetSubscriptionAttributesCommand,
  SetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
  PublishCommand,
  PublishBatchCommand,
  TagResourceCommand,
  ListTagsForResourceCommand,
  NotFoundException,
  InvalidParameterException,
  InvalidParameterValueException,
  BatchEntryIdsNotDistinctException,
  paginateListTopics,
} from "@aws-sdk/client-sns";
import {
  SQSClient,
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  DeleteMessageCommand,
} from "@aws-sdk/client-sqs";
import { startEddy, region, credentials } from "./eddy_harness.mjs";

let eddy;
let sns;
let sqs;
before(async () => {
  eddy = await startEddy();
  sns = new SNSClient({ endpoint: eddy.endpoint, region, credentials, maxAttempts: 1 });
  sqs = new SQSClient({ endpoint: eddy.endpoint, region, credentials, maxAttempts: 1 });
});
after(async () => {
  sns.destroy();
  sqs.destroy();
  await eddy.stop();
});

const unique = (prefix) => `${prefix}-${Math.random().toString(36).slice(2, 10)}`;

async function queue(name, attributes) {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }),
  );
  return { url: QueueUrl, arn: Attributes.QueueArn };
}

// Reads until `count` messages came (long polling), deleting them.
async function receive(url, count) {
  const messages = [];
  for (let round = 0; round < 10 && messages.length < count; round++) {
    const reply = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        MessageAttributeNames: ["All"],
        MessageSystemAttributeNames: ["All"],
      }),
    );
    for (const message of reply.Messages ?? []) {
      messages.push(message);
      await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle }));
    }
  }
  return messages;
}

test("a topic fans out to queues by filter policy", async () => {
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: unique("readings") }));
  const loop = await queue(unique("loop"));
  const everything = await queue(unique("everything"));
  await sns.send(
    new SubscribeCommand({
      TopicArn,
      Protocol: "sqs",
      Endpoint: loop.arn,
      Attributes: {
        FilterPolicy: JSON.stringify({ district: ["loop"], db: [{ numeric: [">=", 70] }] }),
        RawMessageDelivery: "true",
      },
    }),
  );
  const { SubscriptionArn } = await sns.send(
    new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: everything.arn }),
  );

  const reading = (district, db) => ({
    TopicArn,
    Message: JSON.stringify({ sensor: "s-17", db }),
    MessageAttributes: {
      district: { DataType: "String", StringValue: district },
      db: { DataType: "Number", StringValue: String(db) },
    },
  });
  const published = await sns.send(new PublishCommand(reading("loop", 71.5)));
  await sns.send(new PublishCommand(reading("loop", 60)));
  await sns.send(new PublishCommand(reading("hyde-park", 80)));

  const filtered = await receive(loop.url, 1);
  assert.equal(filtered.length, 1);
  assert.deepEqual(JSON.parse(filtered[0].Body), { sensor: "s-17", db: 71.5 });
  assert.equal(filtered[0].MessageAttributes.district.StringValue, "loop");
  assert.equal(filtered[0].MessageAttributes.db.DataType, "Number");

  const all = await receive(everything.url, 3);
  assert.equal(all.length, 3);
  const envelope = all.map((m) => JSON.parse(m.Body)).find((b) => b.MessageId === published.MessageId);
  assert.equal(envelope.Type, "Notification");
  assert.equal(envelope.TopicArn, TopicArn);
  assert.equal(envelope.SignatureVersion, "1");
  assert.ok(envelope.Signature.length > 100);
  assert.equal(envelope.UnsubscribeURL, `${eddy.endpoint}/?Action=Unsubscribe&SubscriptionArn=${SubscriptionArn}`);
  assert.deepEqual(envelope.MessageAttributes.district, { Type: "String", Value: "loop" });
});

test("subscription attributes and listing", async () => {
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: unique("subs") }));
  const target = await queue(unique("target"));
  const { SubscriptionArn } = await sns.send(
    new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: target.arn, ReturnSubscriptionArn: true }),
  );
  // A nested policy needs the MessageBody scope.
  const nested = JSON.stringify({ order: { status: ["shipped"] } });
  await assert.rejects(
    sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: "FilterPolicy", AttributeValue: nested })),
    (error) => error instanceof InvalidParameterException &&
      error.message === "Invalid parameter: Filter policy scope MessageAttributes does not support nested filter policy",
  );
  await sns.send(
    new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: "FilterPolicyScope", AttributeValue: "MessageBody" }),
  );
  await sns.send(
    new SetSubscriptionAttributesCommand({
      SubscriptionArn,
      AttributeName: "FilterPolicy",
      AttributeValue: JSON.stringify({ order: { status: ["shipped"] } }),
    }),
  );
  const { Attributes } = await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }));
  assert.equal(Attributes.FilterPolicyScope, "MessageBody");
  assert.equal(Attributes.PendingConfirmation, "false");
  assert.equal(Attributes.Endpoint, target.arn);

  await sns.send(new PublishCommand({ TopicArn, Message: JSON.stringify({ order: { status: "pending" } }) }));
  await sns.send(new PublishCommand({ TopicArn, Message: JSON.stringify({ order: { status: "shipped" } }) }));
  const delivered = await receive(target.url, 1);
  assert.deepEqual(delivered.map((m) => JSON.parse(JSON.parse(m.Body).Message).order.status), ["shipped"]);

  const { Subscriptions } = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn }));
  assert.deepEqual(Subscriptions, [
    { SubscriptionArn, Owner: "000000000000", Protocol: "sqs", Endpoint: target.arn, TopicArn },
  ]);
  await sns.send(new UnsubscribeCommand({ SubscriptionArn }));
  assert.deepEqual((await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn }))).Subscriptions, []);
});

test("publish batch and FIFO topics", async () => {
  const name = unique("orders");
  const { TopicArn } = await sns.send(
    new CreateTopicCommand({
      Name: `${name}.fifo`,
      Attributes: { FifoTopic: "true", ContentBasedDeduplication: "true" },
    }),
  );
  const orders = await queue(`${name}.fifo`, { FifoQueue: "true" });
  await sns.send(
    new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: orders.arn, Attributes: { RawMessageDelivery: "true" } }),
  );
  const reply = await sns.send(
    new PublishBatchCommand({
      TopicArn,
      PublishBatchRequestEntries: [1, 2, 3].map((i) => ({ Id: `e${i}`, Message: `order ${i}`, MessageGroupId: "g" })),
    }),
  );
  assert.deepEqual(reply.Successful.map((e) => e.Id), ["e1", "e2", "e3"]);
  assert.equal(reply.Failed.length, 0);
  assert.ok(reply.Successful.every((e) => /^\d{20}$/.test(e.SequenceNumber)));
  const received = [];
  while (received.length < 3) received.push(...(await receive(orders.url, 1)));
  assert.deepEqual(received.map((m) => m.Body), ["order 1", "order 2", "order 3"]);
  assert.equal(received[0].Attributes.MessageGroupId, "g");

  await assert.rejects(
    sns.send(new PublishCommand({ TopicArn, Message: "no group" })),
    (error) => error instanceof InvalidParameterException &&
      error.message === "Invalid parameter: The MessageGroupId parameter is required for FIFO topics",
  );
  await assert.rejects(
    sns.send(
      new PublishBatchCommand({
        TopicArn,
        PublishBatchRequestEntries: [
          { Id: "same", Message: "a", MessageGroupId: "g" },
          { Id: "same", Message: "b", MessageGroupId: "g" },
        ],
      }),
    ),
    BatchEntryIdsNotDistinctException,
  );
});

test("topic attributes, tags, paging and errors", async () => {
  const { TopicArn } = await sns.send(
    new CreateTopicCommand({ Name: unique("attrs"), Tags: [{ Key: "team", Value: "noise" }] }),
  );
  await sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: "DisplayName", AttributeValue: "Noise" }));
  const { Attributes } = await sns.send(new GetTopicAttributesCommand({ TopicArn }));
  assert.equal(Attributes.DisplayName, "Noise");
  assert.equal(Attributes.TopicArn, TopicArn);
  assert.equal(JSON.parse(Attributes.Policy).Version, "2008-10-17");
  await sns.send(new TagResourceCommand({ ResourceArn: TopicArn, Tags: [{ Key: "tier", Value: "1" }] }));
  const { Tags } = await sns.send(new ListTagsForResourceCommand({ ResourceArn: TopicArn }));
  assert.deepEqual(Tags, [{ Key: "team", Value: "noise" }, { Key: "tier", Value: "1" }]);

  const listed = [];
  for await (const page of paginateListTopics({ client: sns }, {})) listed.push(...page.Topics.map((t) => t.TopicArn));
  assert.ok(listed.includes(TopicArn));

  await assert.rejects(
    sns.send(new PublishCommand({ TopicArn: `${TopicArn}-missing`, Message: "m" })),
    (error) => error instanceof NotFoundException && error.message === "Topic does not exist" &&
      error.$metadata.httpStatusCode === 404,
  );
  await assert.rejects(
    sns.send(
      new PublishCommand({
        TopicArn,
        Message: "m",
        MessageAttributes: { ".bad": { DataType: "String", StringValue: "x" } },
      }),
    ),
    (error) => error instanceof InvalidParameterValueException &&
      error.message === "Invalid message attribute name starting with character '.' was found.",
  );
  await sns.send(new DeleteTopicCommand({ TopicArn }));
  await assert.rejects(sns.send(new GetTopicAttributesCommand({ TopicArn })), NotFoundException);
});
