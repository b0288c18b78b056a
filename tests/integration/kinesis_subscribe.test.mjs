// Kinesis enhanced fan-out through @aws-sdk/client-kinesis with its default request handler
// (HTTP/2): RegisterStreamConsumer, then SubscribeToShard read as an event stream with
// `for await`; records put before and after subscribing arrive in order, the continuation
// advances, a closed shard ends with its children, and the refusals are AWS's.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  KinesisClient,
  CreateStreamCommand,
  PutRecordCommand,
  RegisterStreamConsumerCommand,
  DescribeStreamConsumerCommand,
  DescribeStreamSummaryCommand,
  SplitShardCommand,
  SubscribeToShardCommand,
} from "@aws-sdk/client-kinesis";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { startEddy, region, credentials } from "./eddy_harness.mjs";

let eddy;
let kinesis;
before(async () => {
  eddy = await startEddy();
  kinesis = new KinesisClient({ endpoint: eddy.endpoint, region, credentials });
});
after(async () => {
  kinesis.destroy();
  await eddy.stop();
});

const unique = (prefix) => `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
const text = (bytes) => Buffer.from(bytes).toString();
const shard0 = "shardId-000000000000";

// A one-shard stream with an ACTIVE consumer.
async function streamWithConsumer(shards = 1) {
  const StreamName = unique("efo");
  await kinesis.send(new CreateStreamCommand({ StreamName, ShardCount: shards }));
  const { StreamDescriptionSummary } = await kinesis.send(
    new DescribeStreamSummaryCommand({ StreamName }),
  );
  const StreamARN = StreamDescriptionSummary.StreamARN;
  const { Consumer } = await kinesis.send(
    new RegisterStreamConsumerCommand({ StreamARN, ConsumerName: unique("consumer") }),
  );
  let status = Consumer.ConsumerStatus;
  while (status !== "ACTIVE") {
    const { ConsumerDescription } = await kinesis.send(
      new DescribeStreamConsumerCommand({ ConsumerARN: Consumer.ConsumerARN }),
    );
    status = ConsumerDescription.ConsumerStatus;
  }
  return { StreamName, StreamARN, ConsumerARN: Consumer.ConsumerARN };
}

function put(StreamName, data) {
  return kinesis.send(
    new PutRecordCommand({ StreamName, PartitionKey: "k", Data: Buffer.from(data) }),
  );
}

function subscribe(ConsumerARN, StartingPosition, abortSignal, ShardId = shard0) {
  return kinesis.send(new SubscribeToShardCommand({ ConsumerARN, ShardId, StartingPosition }), {
    abortSignal,
  });
}

test("records put before and after subscribing arrive in order, with the continuation", async () => {
  const { StreamName, ConsumerARN } = await streamWithConsumer();
  const before1 = await put(StreamName, "before-1");
  await put(StreamName, "before-2");
  const abort = new AbortController();
  const response = await subscribe(ConsumerARN, { Type: "TRIM_HORIZON" }, abort.signal);
  const received = [];
  const continuations = [];
  let putAfter = false;
  for await (const event of response.EventStream) {
    const shardEvent = event.SubscribeToShardEvent;
    assert.ok(shardEvent, `unexpected event ${JSON.stringify(event)}`);
    continuations.push(shardEvent.ContinuationSequenceNumber);
    assert.equal(typeof shardEvent.MillisBehindLatest, "number");
    for (const record of shardEvent.Records) {
      received.push(text(record.Data));
      assert.equal(record.PartitionKey, "k");
      assert.ok(record.ApproximateArrivalTimestamp instanceof Date);
    }
    if (!putAfter && received.length >= 2) {
      putAfter = true;
      await put(StreamName, "after-1");
      await put(StreamName, "after-2");
    }
    if (received.length >= 4) break;
  }
  abort.abort();
  assert.deepEqual(received, ["before-1", "before-2", "after-1", "after-2"]);
  // Each continuation is the last record delivered: they only grow.
  const numbers = continuations.map((n) => BigInt(n));
  for (let i = 1; i < numbers.length; ++i) assert.ok(numbers[i] >= numbers[i - 1]);
  assert.ok(numbers[numbers.length - 1] > BigInt(before1.SequenceNumber));
});

test("AFTER_SEQUENCE_NUMBER starts past the record, LATEST waits for new ones", async () => {
  const { StreamName, ConsumerARN } = await streamWithConsumer();
  const first = await put(StreamName, "one");
  await put(StreamName, "two");
  const abort = new AbortController();
  const response = await subscribe(
    ConsumerARN,
    { Type: "AFTER_SEQUENCE_NUMBER", SequenceNumber: first.SequenceNumber },
    abort.signal,
  );
  for await (const event of response.EventStream) {
    const records = event.SubscribeToShardEvent.Records.map((r) => text(r.Data));
    assert.deepEqual(records, ["two"]);
    break;
  }
  abort.abort();

  const shard = await streamWithConsumer();
  await put(shard.StreamName, "old");
  const latestAbort = new AbortController();
  const latest = await subscribe(shard.ConsumerARN, { Type: "LATEST" }, latestAbort.signal);
  let sentNew = false;
  for await (const event of latest.EventStream) {
    const records = event.SubscribeToShardEvent.Records.map((r) => text(r.Data));
    if (records.length === 0 && !sentNew) {
      sentNew = true;
      await put(shard.StreamName, "new");
      continue;
    }
    assert.deepEqual(records, ["new"]);
    break;
  }
  latestAbort.abort();
});

test("a second subscription for the consumer and shard is refused while the first is open", async () => {
  const { ConsumerARN } = await streamWithConsumer();
  const abort = new AbortController();
  const first = await subscribe(ConsumerARN, { Type: "LATEST" }, abort.signal);
  const iterator = first.EventStream[Symbol.asyncIterator]();
  await iterator.next();
  await assert.rejects(subscribe(ConsumerARN, { Type: "LATEST" }), (error) => {
    assert.equal(error.name, "ResourceInUseException");
    assert.match(error.message, /^Another active subscription exists for this consumer: /);
    assert.equal(error.$metadata.httpStatusCode, 400);
    return true;
  });
  abort.abort();
});

test("unknown consumers and shards, and bad positions, are refused", async () => {
  const { StreamARN, ConsumerARN } = await streamWithConsumer();
  const unknown = `${StreamARN}/consumer/nobody:1700000000`;
  await assert.rejects(subscribe(unknown, { Type: "LATEST" }), (error) => {
    assert.equal(error.name, "ResourceNotFoundException");
    assert.equal(error.message, `Consumer ${unknown}, account 000000000000 not found.`);
    return true;
  });
  await assert.rejects(
    subscribe(ConsumerARN, { Type: "LATEST" }, undefined, "shardId-000000000009"),
    (error) => {
      assert.equal(error.name, "ResourceNotFoundException");
      assert.match(error.message, /^Shard shardId-000000000009 in stream .* does not exist$/);
      return true;
    },
  );
  await assert.rejects(subscribe(ConsumerARN, { Type: "AT_SEQUENCE_NUMBER" }), (error) => {
    assert.equal(error.name, "InvalidArgumentException");
    return true;
  });
  await assert.rejects(
    subscribe(ConsumerARN, { Type: "AT_SEQUENCE_NUMBER", SequenceNumber: "12345" }),
    (error) => {
      assert.equal(error.name, "InvalidArgumentException");
      assert.match(error.message, /^StartingSequenceNumber 12345 used in SubscribeToShard/);
      return true;
    },
  );
});

test("a closed shard's subscription ends with its child shards", async () => {
  const { StreamName, ConsumerARN } = await streamWithConsumer();
  await put(StreamName, "in-parent");
  await kinesis.send(
    new SplitShardCommand({
      StreamName,
      ShardToSplit: shard0,
      NewStartingHashKey: "170141183460469231731687303715884105728",
    }),
  );
  const response = await subscribe(ConsumerARN, { Type: "TRIM_HORIZON" });
  const events = [];
  for await (const event of response.EventStream) events.push(event.SubscribeToShardEvent);
  const last = events[events.length - 1];
  assert.deepEqual(
    events.flatMap((e) => e.Records.map((r) => text(r.Data))),
    ["in-parent"],
  );
  assert.deepEqual(
    last.ChildShards.map((c) => c.ShardId),
    ["shardId-000000000001", "shardId-000000000002"],
  );
  assert.deepEqual(last.ChildShards[0].ParentShards, [shard0]);
  assert.equal(last.ContinuationSequenceNumber, undefined);
});

test("over HTTP/1.1 no event stream is possible: a clear error", async () => {
  const { ConsumerARN } = await streamWithConsumer();
  const overHttp1 = new KinesisClient({
    endpoint: eddy.endpoint,
    region,
    credentials,
    requestHandler: new NodeHttpHandler(),
  });
  try {
    await assert.rejects(
      overHttp1.send(
        new SubscribeToShardCommand({
          ConsumerARN,
          ShardId: shard0,
          StartingPosition: { Type: "LATEST" },
        }),
      ),
      (error) => {
        assert.equal(error.name, "InvalidArgumentException");
        assert.match(error.message, /needs HTTP\/2/);
        return true;
      },
    );
  } finally {
    overHttp1.destroy();
  }
});
