// DynamoDB through @aws-sdk/client-dynamodb and @aws-sdk/lib-dynamodb (v3): tables and waiters,
// items with conditions as typed exceptions, the document client's marshalling, queries with
// pagination, batches and transactions.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  DynamoDBClient,
  CreateTableCommand,
  DescribeTableCommand,
  DeleteTableCommand,
  ListTablesCommand,
  PutItemCommand,
  GetItemCommand,
  ConditionalCheckFailedException,
  ResourceNotFoundException,
  TransactionCanceledException,
  waitUntilTableExists,
  waitUntilTableNotExists,
  paginateQuery,
} from "@aws-sdk/client-dynamodb";
import {
  DynamoDBDocumentClient,
  PutCommand,
  GetCommand,
  UpdateCommand,
  QueryCommand,
  ScanCommand,
  BatchWriteCommand,
  BatchGetCommand,
  TransactWriteCommand,
  DeleteCommand,
} from "@aws-sdk/lib-dynamodb";
import { startEddy, region, credentials } from "./eddy_harness.mjs";

let eddy;
let ddb;
let doc;
before(async () => {
  eddy = await startEddy();
  ddb = new DynamoDBClient({ endpoint: eddy.endpoint, region, credentials, maxAttempts: 1 });
  doc = DynamoDBDocumentClient.from(ddb, { marshallOptions: { removeUndefinedValues: true } });
  await ddb.send(
    new CreateTableCommand({
      TableName: "orders",
      KeySchema: [
        { AttributeName: "customer", KeyType: "HASH" },
        { AttributeName: "order", KeyType: "RANGE" },
      ],
      AttributeDefinitions: [
        { AttributeName: "customer", AttributeType: "S" },
        { AttributeName: "order", AttributeType: "N" },
      ],
      BillingMode: "PAY_PER_REQUEST",
    }),
  );
});
after(async () => {
  await eddy.stop();
});

test("tables: waiters, describe, list, delete", async () => {
  await ddb.send(
    new CreateTableCommand({
      TableName: "short-lived",
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
      ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 3 },
    }),
  );
  const waited = await waitUntilTableExists({ client: ddb, maxWaitTime: 30, minDelay: 1 }, { TableName: "short-lived" });
  assert.equal(waited.state, "SUCCESS");
  const { Table } = await ddb.send(new DescribeTableCommand({ TableName: "short-lived" }));
  assert.equal(Table.TableStatus, "ACTIVE");
  assert.equal(Table.ProvisionedThroughput.WriteCapacityUnits, 3);
  assert.ok(Table.CreationDateTime instanceof Date);
  const { TableNames } = await ddb.send(new ListTablesCommand({}));
  assert.deepEqual(TableNames, ["orders", "short-lived"]);
  await ddb.send(new DeleteTableCommand({ TableName: "short-lived" }));
  const gone = await waitUntilTableNotExists({ client: ddb, maxWaitTime: 30, minDelay: 1 }, { TableName: "short-lived" });
  assert.equal(gone.state, "SUCCESS");
  await assert.rejects(
    ddb.send(new DescribeTableCommand({ TableName: "short-lived" })),
    (error) =>
      error instanceof ResourceNotFoundException &&
      error.message === "Requested resource not found: Table: short-lived not found",
  );
});

test("low-level items and a typed conditional failure with the old item", async () => {
  await ddb.send(new PutItemCommand({ TableName: "orders", Item: { customer: { S: "c1" }, order: { N: "1" }, total: { N: "9.50" } } }));
  const { Item } = await ddb.send(new GetItemCommand({ TableName: "orders", Key: { customer: { S: "c1" }, order: { N: "1" } } }));
  assert.deepEqual(Item.total, { N: "9.5" });
  await assert.rejects(
    ddb.send(
      new PutItemCommand({
        TableName: "orders",
        Item: { customer: { S: "c1" }, order: { N: "1" } },
        ConditionExpression: "attribute_not_exists(customer)",
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      }),
    ),
    (error) => {
      assert.ok(error instanceof ConditionalCheckFailedException);
      assert.equal(error.message, "The conditional request failed");
      assert.deepEqual(error.Item.total, { N: "9.5" });
      return true;
    },
  );
});

test("document client: put, update, get, delete with native values", async () => {
  await doc.send(new PutCommand({ TableName: "orders", Item: { customer: "doc", order: 1, items: ["a", "b"], meta: { gift: true } } }));
  const updated = await doc.send(
    new UpdateCommand({
      TableName: "orders",
      Key: { customer: "doc", order: 1 },
      UpdateExpression: "SET #n = if_not_exists(#n, :zero) + :one, #items = list_append(#items, :more)",
      ExpressionAttributeNames: { "#n": "count", "#items": "items" },
      ExpressionAttributeValues: { ":zero": 0, ":one": 1, ":more": ["c"] },
      ReturnValues: "ALL_NEW",
    }),
  );
  assert.equal(updated.Attributes.count, 1);
  assert.deepEqual(updated.Attributes.items, ["a", "b", "c"]);
  const { Item } = await doc.send(new GetCommand({ TableName: "orders", Key: { customer: "doc", order: 1 } }));
  assert.deepEqual(Item.meta, { gift: true });
  await doc.send(new DeleteCommand({ TableName: "orders", Key: { customer: "doc", order: 1 } }));
  const after = await doc.send(new GetCommand({ TableName: "orders", Key: { customer: "doc", order: 1 } }));
  assert.equal(after.Item, undefined);
});

test("query pagination, filters and scan through the document client", async () => {
  await doc.send(
    new BatchWriteCommand({
      RequestItems: {
        orders: Array.from({ length: 25 }, (_, i) => ({
          PutRequest: { Item: { customer: "many", order: i - 12, big: i % 3 === 0 } },
        })),
      },
    }),
  );
  const orders = [];
  for await (const page of paginateQuery(
    { client: ddb, pageSize: 4 },
    {
      TableName: "orders",
      KeyConditionExpression: "customer = :c",
      ExpressionAttributeValues: { ":c": { S: "many" } },
      ScanIndexForward: false,
    },
  )) {
    assert.ok(page.Items.length <= 4);
    orders.push(...page.Items.map((item) => Number(item.order.N)));
  }
  assert.deepEqual(orders, Array.from({ length: 25 }, (_, i) => 12 - i));
  const filtered = await doc.send(
    new QueryCommand({
      TableName: "orders",
      KeyConditionExpression: "customer = :c AND #o BETWEEN :lo AND :hi",
      FilterExpression: "big = :t",
      ExpressionAttributeNames: { "#o": "order" },
      ExpressionAttributeValues: { ":c": "many", ":lo": -3, ":hi": 3, ":t": true },
    }),
  );
  assert.deepEqual(filtered.Items.map((item) => item.order), [-3, 0, 3]);
  assert.equal(filtered.ScannedCount, 7);
  const scanned = await doc.send(new ScanCommand({ TableName: "orders", Select: "COUNT" }));
  assert.ok(scanned.Count >= 25);
  const got = await doc.send(
    new BatchGetCommand({ RequestItems: { orders: { Keys: [{ customer: "many", order: 0 }, { customer: "many", order: 99 }] } } }),
  );
  assert.deepEqual(got.Responses.orders.map((item) => item.order), [0]);
});

test("transactions cancel as a whole with reasons", async () => {
  await doc.send(new PutCommand({ TableName: "orders", Item: { customer: "tx", order: 1, stock: 1 } }));
  await assert.rejects(
    doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: "orders", Item: { customer: "tx", order: 2 } } },
          {
            Update: {
              TableName: "orders",
              Key: { customer: "tx", order: 1 },
              UpdateExpression: "SET stock = stock - :one",
              ConditionExpression: "stock > :one",
              ExpressionAttributeValues: { ":one": 1 },
            },
          },
        ],
      }),
    ),
    (error) => {
      assert.ok(error instanceof TransactionCanceledException);
      assert.deepEqual(error.CancellationReasons.map((reason) => reason.Code), ["None", "ConditionalCheckFailed"]);
      return true;
    },
  );
  const { Item } = await doc.send(new GetCommand({ TableName: "orders", Key: { customer: "tx", order: 2 } }));
  assert.equal(Item, undefined);
});
