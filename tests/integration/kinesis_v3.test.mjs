// Kinesis with @aws-sdk/client-kinesis (v3) over HTTP/1.1 (NodeHttpHandler): streams, records
// with binary data, iterators, resharding lineage, and errors as typed exceptions.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import {
  KinesisClient,
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  ListShardsCommand,
  PutRecordCommand,
  PutRecordsCommand,
  GetShardIteratorCommand,
  GetRecordsCommand,
  SplitShardCommand,
  DeleteStreamCommand,
  ResourceNotFoundException,
  ResourceInUseException,
  InvalidArgumentException,
  waitUntilStreamExists,
} from "@aws-sdk/client-kinesis";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { startEddy, region, credentials } from "./eddy_harness.mjs";

let eddy;
let kinesis;
before(async () => {
  eddy = await startEddy();
  kinesis = new KinesisClient({
    endpoint: eddy.endpoint,
    region,
    credentials,
    requestHandler: new NodeHttpHandler(),
  });
});
after(async () => {
  kinesis.destroy();
  await eddy.stop();
});

const md5Key = (key) => BigInt("0x" + createHash("md5").update(key).digest("hex"));

test("create, wait, put and read back binary records routed by MD5", async () => {
  await kinesis.send(new CreateStreamCommand({ StreamName: "js", ShardCount: 2 }));
  await waitUntilStreamExists({ client: kinesis, maxWaitTime: 10, minDelay: 1 }, { StreamName: "js" });
  const { Shards } = await kinesis.send(new ListShardsCommand({ StreamName: "js" }));
  assert.equal(Shards.length, 2);
  const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
  const put = await kinesis.send(new PutRecordCommand({ StreamName: "js", PartitionKey: "pk", Data: bytes }));
  const shard = Shards.find((s) => s.ShardId === put.ShardId);
  const key = md5Key("pk");
  assert.ok(BigInt(shard.HashKeyRange.StartingHashKey) <= key && key <= BigInt(shard.HashKeyRange.EndingHashKey));
  const { ShardIterator } = await kinesis.send(
    new GetShardIteratorCommand({ StreamName: "js", ShardId: put.ShardId, ShardIteratorType: "AT_SEQUENCE_NUMBER", StartingSequenceNumber: put.SequenceNumber }),
  );
  const out = await kinesis.send(new GetRecordsCommand({ ShardIterator }));
  assert.equal(out.Records.length, 1);
  assert.deepEqual(out.Records[0].Data, bytes);
  assert.equal(out.Records[0].SequenceNumber, put.SequenceNumber);
  assert.ok(out.Records[0].ApproximateArrivalTimestamp instanceof Date);
  assert.ok(out.NextShardIterator);
});

test("PutRecords answers every record", async () => {
  await kinesis.send(new CreateStreamCommand({ StreamName: "js-batch", ShardCount: 1 }));
  const Records = Array.from({ length: 100 }, (_, i) => ({ PartitionKey: `k${i}`, Data: Buffer.from(`d${i}`) }));
  const out = await kinesis.send(new PutRecordsCommand({ StreamName: "js-batch", Records }));
  assert.equal(out.FailedRecordCount, 0);
  assert.equal(out.Records.length, 100);
  assert.ok(out.Records.every((r) => r.ShardId === "shardId-000000000000" && /^\d{56}$/.test(r.SequenceNumber)));
});

test("split shard lineage and child shards at the end of the parent", async () => {
  await kinesis.send(new CreateStreamCommand({ StreamName: "js-split", ShardCount: 1 }));
  const { ShardIterator } = await kinesis.send(
    new GetShardIteratorCommand({ StreamName: "js-split", ShardId: "shardId-000000000000", ShardIteratorType: "TRIM_HORIZON" }),
  );
  await kinesis.send(new SplitShardCommand({ StreamName: "js-split", ShardToSplit: "shardId-000000000000", NewStartingHashKey: "1000" }));
  const out = await kinesis.send(new GetRecordsCommand({ ShardIterator }));
  assert.equal(out.NextShardIterator, undefined);
  assert.deepEqual(out.ChildShards.map((c) => c.ShardId), ["shardId-000000000001", "shardId-000000000002"]);
  assert.deepEqual(out.ChildShards[1].HashKeyRange, { StartingHashKey: "1000", EndingHashKey: (2n ** 128n - 1n).toString() });
});

test("errors arrive as typed exceptions", async () => {
  await assert.rejects(kinesis.send(new DescribeStreamSummaryCommand({ StreamName: "missing" })), (error) => {
    assert.ok(error instanceof ResourceNotFoundException);
    assert.equal(error.message, "Stream missing under account 000000000000 not found.");
    assert.equal(error.$metadata.httpStatusCode, 400);
    return true;
  });
  await kinesis.send(new CreateStreamCommand({ StreamName: "js-dup", ShardCount: 1 }));
  await assert.rejects(kinesis.send(new CreateStreamCommand({ StreamName: "js-dup", ShardCount: 1 })), ResourceInUseException);
  await assert.rejects(kinesis.send(new GetRecordsCommand({ ShardIterator: "bogus" })), (error) => {
    assert.ok(error instanceof InvalidArgumentException);
    assert.equal(error.message, "Invalid ShardIterator.");
    return true;
  });
  await kinesis.send(new DeleteStreamCommand({ StreamName: "js-dup" }));
});
