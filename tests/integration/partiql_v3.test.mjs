// DynamoDB PartiQL through @aws-sdk/client-dynamodb (typed Parameters, typed exceptions) and
// @aws-sdk/lib-dynamodb's document client (native JS parameters and items), with pagination,
// batches and transactions.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  DynamoDBClient,
  CreateTableCommand,
  ExecuteStatementCommand,
  BatchExecuteStatementCommand,
  ExecuteTransactionCommand,
  DuplicateItemException,
  ConditionalCheckFailedException,
  ResourceNotFoundException,
  TransactionCanceledException,
} from "@aws-sdk/client-dynamodb";
import {
  DynamoDBDocumentClient,
  ExecuteStatementCommand as DocExecuteStatementCommand,
  BatchExecuteStatementCommand as DocBatchExecuteStatementCommand,
  ExecuteTransactionCommand as DocExecuteTransactionCommand,
  GetCommand,
} from "@aws-sdk/lib-dynamodb";
import { startEddy, region, credentials } from "./eddy_harness.mjs";

let eddy;
let ddb;
let doc;
before(async () => {
  eddy = await startEddy();
  ddb = new DynamoDBClient({ endpoint: eddy.endpoint, region, credentials, maxAttempts: 1 });
  doc = DynamoDBDocumentClient.from(ddb);
  await ddb.send(
    new CreateTableCommand({
      TableName: "events",
      KeySchema: [
        { AttributeName: "source", KeyType: "HASH" },
        { AttributeName: "seq", KeyType: "RANGE" },
      ],
      AttributeDefinitions: [
        { AttributeName: "source", AttributeType: "S" },
        { AttributeName: "seq", AttributeType: "N" },
      ],
      BillingMode: "PAY_PER_REQUEST",
    }),
  );
});
after(async () => {
  await eddy.stop();
});

test("typed parameters insert, select and update", async () => {
  await ddb.send(
    new ExecuteStatementCommand({
      Statement: `INSERT INTO "events" VALUE {'source': ?, 'seq': ?, 'body': ?, 'tags': ?}`,
      Parameters: [{ S: "typed" }, { N: "1" }, { M: { ok: { BOOL: true } } }, { SS: ["a", "b"] }],
    }),
  );
  await ddb.send(
    new ExecuteStatementCommand({
      Statement: `UPDATE "events" SET body.ok = ? WHERE source = ? AND seq = ?`,
      Parameters: [{ BOOL: false }, { S: "typed" }, { N: "1" }],
    }),
  );
  const out = await ddb.send(
    new ExecuteStatementCommand({
      Statement: `SELECT body, tags FROM "events" WHERE source = ?`,
      Parameters: [{ S: "typed" }],
    }),
  );
  assert.deepEqual(out.Items, [{ body: { M: { ok: { BOOL: false } } }, tags: { SS: ["a", "b"] } }]);
});

test("typed exceptions for duplicates, failed conditions and unknown tables", async () => {
  const insert = new ExecuteStatementCommand({
    Statement: `INSERT INTO "events" VALUE {'source': 'dup', 'seq': 1}`,
  });
  await ddb.send(insert);
  await assert.rejects(ddb.send(insert), (error) => {
    assert.ok(error instanceof DuplicateItemException);
    assert.equal(error.message, "Duplicate primary key exists in table");
    return true;
  });
  await assert.rejects(
    ddb.send(
      new ExecuteStatementCommand({
        Statement: `DELETE FROM "events" WHERE source = 'dup' AND seq = 1 AND gone = true`,
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      }),
    ),
    (error) => {
      assert.ok(error instanceof ConditionalCheckFailedException);
      assert.deepEqual(error.Item, { source: { S: "dup" }, seq: { N: "1" } });
      return true;
    },
  );
  await assert.rejects(
    ddb.send(new ExecuteStatementCommand({ Statement: `SELECT * FROM "nowhere"` })),
    ResourceNotFoundException,
  );
});

test("document client: native parameters and pagination", async () => {
  for (let seq = 0; seq < 5; seq++) {
    await doc.send(
      new DocExecuteStatementCommand({
        Statement: `INSERT INTO "events" VALUE {'source': ?, 'seq': ?, 'payload': ?}`,
        Parameters: ["paged", seq, { n: seq, list: [seq, "x"], flag: seq % 2 === 0 }],
      }),
    );
  }
  const seen = [];
  let NextToken;
  let pages = 0;
  do {
    const out = await doc.send(
      new DocExecuteStatementCommand({
        Statement: `SELECT * FROM "events" WHERE source = ? AND seq >= ?`,
        Parameters: ["paged", 1],
        Limit: 2,
        NextToken,
      }),
    );
    pages++;
    for (const item of out.Items) seen.push(item);
    NextToken = out.NextToken;
  } while (NextToken);
  assert.deepEqual(
    seen.map((item) => item.seq),
    [1, 2, 3, 4],
  );
  assert.ok(pages >= 2);
  assert.deepEqual(seen[1].payload, { n: 2, list: [2, "x"], flag: true });
});

test("document client: batch and transaction", async () => {
  const batch = await doc.send(
    new DocBatchExecuteStatementCommand({
      Statements: [
        { Statement: `INSERT INTO "events" VALUE {'source': 'b', 'seq': 1, 'v': 1}` },
        { Statement: `INSERT INTO "events" VALUE {'source': 'dup', 'seq': 1}` },
      ],
    }),
  );
  assert.equal(batch.Responses[0].Error, undefined);
  assert.equal(batch.Responses[1].Error.Code, "DuplicateItem");

  const reads = await doc.send(
    new DocBatchExecuteStatementCommand({
      Statements: [{ Statement: `SELECT v FROM "events" WHERE source = ? AND seq = ?`, Parameters: ["b", 1] }],
    }),
  );
  assert.deepEqual(reads.Responses[0].Item, { v: 1 });

  await doc.send(
    new DocExecuteTransactionCommand({
      TransactStatements: [
        { Statement: `UPDATE "events" SET v = v + ? WHERE source = ? AND seq = ?`, Parameters: [5, "b", 1] },
        { Statement: `INSERT INTO "events" VALUE {'source': 't', 'seq': 1}` },
      ],
    }),
  );
  const item = await doc.send(new GetCommand({ TableName: "events", Key: { source: "b", seq: 1 } }));
  assert.equal(item.Item.v, 6);

  await assert.rejects(
    ddb.send(
      new ExecuteTransactionCommand({
        TransactStatements: [
          { Statement: `UPDATE "events" SET v = 100 WHERE source = 'b' AND seq = 1` },
          { Statement: `INSERT INTO "events" VALUE {'source': 't', 'seq': 1}` },
        ],
      }),
    ),
    (error) => {
      assert.ok(error instanceof TransactionCanceledException);
      assert.deepEqual(
        error.CancellationReasons.map((reason) => reason.Code),
        ["None", "DuplicateItem"],
      );
      return true;
    },
  );
  const after = await ddb.send(
    new BatchExecuteStatementCommand({
      Statements: [{ Statement: `SELECT v FROM "events" WHERE source = 'b' AND seq = 1` }],
    }),
  );
  assert.deepEqual(after.Responses[0].Item, { v: { N: "6" } });
});
