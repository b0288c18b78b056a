// Kinesis as the SDKs that do not speak HTTP/1.1 JSON reach it: @aws-sdk/client-kinesis with its
// default request handler (cleartext HTTP/2 with prior knowledge to an http:// endpoint), and the
// CBOR protocol the AWS SDK for Java uses, with Data as a byte string and timestamps tagged.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  KinesisClient,
  CreateStreamCommand,
  PutRecordCommand,
  GetShardIteratorCommand,
  GetRecordsCommand,
  ListShardsCommand,
  waitUntilStreamExists,
} from "@aws-sdk/client-kinesis";
import { cbor, dateToTag, tagSymbol } from "@smithy/core/cbor";
import { startEddy, region, credentials } from "./eddy_harness.mjs";

const CBOR = "application/x-amz-cbor-1.1";

let eddy;
before(async () => {
  eddy = await startEddy();
});
after(async () => {
  await eddy.stop();
});

const unique = (prefix) => `${prefix}-${Math.random().toString(36).slice(2, 10)}`;

test("the Kinesis client's default handler speaks HTTP/2 to Eddy", async () => {
  const kinesis = new KinesisClient({ endpoint: eddy.endpoint, region, credentials });
  try {
    assert.equal(kinesis.config.requestHandler.constructor.name, "NodeHttp2Handler");
    const StreamName = unique("h2");
    await kinesis.send(new CreateStreamCommand({ StreamName, ShardCount: 1 }));
    await waitUntilStreamExists({ client: kinesis, maxWaitTime: 30 }, { StreamName });
    const data = Uint8Array.from([0, 1, 2, 254, 255]);
    const put = await kinesis.send(new PutRecordCommand({ StreamName, PartitionKey: "k", Data: data }));
    const { ShardIterator } = await kinesis.send(
      new GetShardIteratorCommand({ StreamName, ShardId: put.ShardId, ShardIteratorType: "TRIM_HORIZON" }),
    );
    const got = await kinesis.send(new GetRecordsCommand({ ShardIterator }));
    assert.equal(got.Records.length, 1);
    assert.deepEqual(Array.from(got.Records[0].Data), Array.from(data));
    assert.equal(got.Records[0].SequenceNumber, put.SequenceNumber);
    assert.ok(got.Records[0].ApproximateArrivalTimestamp instanceof Date);
  } finally {
    kinesis.destroy();
  }
});

async function cborCall(operation, body) {
  const response = await fetch(`${eddy.endpoint}/`, {
    method: "POST",
    headers: {
      "content-type": CBOR,
      "x-amz-target": `Kinesis_20131202.${operation}`,
      authorization: "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/kinesis/aws4_request, SignedHeaders=host, Signature=0",
    },
    body: cbor.serialize(body),
  });
  assert.equal(response.headers.get("content-type"), CBOR);
  return { status: response.status, body: cbor.deserialize(new Uint8Array(await response.arrayBuffer())) };
}

test("CBOR: Data goes in and comes out as bytes, timestamps as tagged epoch values", async () => {
  const StreamName = unique("cbor");
  assert.equal((await cborCall("CreateStream", { StreamName, ShardCount: 1 })).status, 200);
  const data = Uint8Array.from({ length: 256 }, (_, i) => i);
  const put = await cborCall("PutRecord", { StreamName, PartitionKey: "p", Data: data });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  const before = Date.now();
  const iterator = await cborCall("GetShardIterator", {
    StreamName,
    ShardId: put.body.ShardId,
    ShardIteratorType: "AT_TIMESTAMP",
    // Smithy writes tag 1 over epoch seconds; the AWS SDK for Java, over milliseconds.
    Timestamp: dateToTag(new Date(before - 60_000)),
  });
  const inMillis = await cborCall("GetShardIterator", {
    StreamName,
    ShardId: put.body.ShardId,
    ShardIteratorType: "AT_TIMESTAMP",
    Timestamp: { tag: 1, value: before - 30_000, [tagSymbol]: true },
  });
  assert.equal(inMillis.status, 200, JSON.stringify(inMillis.body));
  // Read as seconds, it would lie in the far future, which Kinesis refuses.
  const again = await cborCall("GetRecords", { ShardIterator: inMillis.body.ShardIterator });
  assert.equal(again.body.Records.length, 1, "a timestamp in milliseconds is read as one");
  assert.equal(iterator.status, 200, JSON.stringify(iterator.body));
  const got = await cborCall("GetRecords", { ShardIterator: iterator.body.ShardIterator });
  assert.equal(got.status, 200);
  assert.equal(got.body.Records.length, 1);
  const record = got.body.Records[0];
  assert.ok(record.Data instanceof Uint8Array, "Data is a byte string");
  assert.deepEqual(Array.from(record.Data), Array.from(data));
  const arrival = record.ApproximateArrivalTimestamp;
  assert.equal(arrival.tag, 1, "the arrival time is a tag-1 timestamp");
  assert.ok(Math.abs(Number(arrival.value) - before) < 60_000, "tag 1 over epoch milliseconds, as Java reads it");

  const shards = await cborCall("ListShards", { StreamName });
  assert.equal(shards.status, 200);
  assert.equal(shards.body.Shards.length, 1);
});

test("CBOR errors carry the Kinesis error type", async () => {
  const missing = await cborCall("DescribeStreamSummary", { StreamName: unique("absent") });
  assert.equal(missing.status, 400);
  assert.match(String(missing.body.__type), /ResourceNotFoundException/);
  assert.match(missing.body.message, /not found/);
});
