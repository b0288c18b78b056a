// The Lambda control plane with @aws-sdk/client-lambda (v3): functions, code, versions, aliases,
// permissions, concurrency, tags, event invoke configs, errors as typed exceptions, pagination and
// the waiters, against a real eddy.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import {
  LambdaClient,
  CreateFunctionCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  UpdateFunctionConfigurationCommand,
  UpdateFunctionCodeCommand,
  DeleteFunctionCommand,
  PublishVersionCommand,
  ListVersionsByFunctionCommand,
  CreateAliasCommand,
  GetAliasCommand,
  AddPermissionCommand,
  GetPolicyCommand,
  PutFunctionConcurrencyCommand,
  GetFunctionConcurrencyCommand,
  TagResourceCommand,
  UntagResourceCommand,
  ListTagsCommand,
  PutFunctionEventInvokeConfigCommand,
  GetFunctionEventInvokeConfigCommand,
  GetAccountSettingsCommand,
  InvokeCommand,
  ResourceNotFoundException,
  ResourceConflictException,
  InvalidParameterValueException,
  TooManyRequestsException,
  paginateListFunctions,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
} from "@aws-sdk/client-lambda";
import { startEddy, region, credentials } from "./eddy_harness.mjs";
import { zipOf } from "./lambda_zip.mjs";

const role = "arn:aws:iam::000000000000:role/lambda-role";
const arn = (name) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;

const handlerZip = zipOf("index.mjs", "export const handler = async (event) => event;\n");

let eddy;
let lambda;
before(async () => {
  eddy = await startEddy();
  lambda = new LambdaClient({ endpoint: eddy.endpoint, region, credentials, maxAttempts: 1 });
});
after(async () => {
  lambda.destroy();
  await eddy.stop();
});

function create(name, extra = {}) {
  return lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: "nodejs20.x",
      Role: role,
      Handler: "index.handler",
      Code: { ZipFile: handlerZip },
      ...extra,
    }),
  );
}

test("create, get and download the code of a function", async () => {
  const created = await create("v3-created", { Description: "from v3", MemorySize: 256 });
  assert.equal(created.FunctionArn, arn("v3-created"));
  assert.equal(created.CodeSha256, createHash("sha256").update(handlerZip).digest("base64"));
  assert.equal(created.CodeSize, handlerZip.length);
  assert.equal(created.MemorySize, 256);
  assert.equal(created.State, "Active");
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 10 }, { FunctionName: "v3-created" });
  const got = await lambda.send(new GetFunctionCommand({ FunctionName: "v3-created" }));
  assert.equal(got.Configuration.Description, "from v3");
  assert.equal(got.Code.RepositoryType, "S3");
  const download = await fetch(got.Code.Location);
  assert.equal(download.status, 200);
  assert.deepEqual(Buffer.from(await download.arrayBuffer()), handlerZip);
});

test("errors arrive as typed exceptions", async () => {
  await create("v3-dup");
  await assert.rejects(create("v3-dup"), (e) => {
    assert.ok(e instanceof ResourceConflictException);
    assert.equal(e.message, "Function already exist: v3-dup");
    assert.equal(e.$metadata.httpStatusCode, 409);
    return true;
  });
  await assert.rejects(lambda.send(new GetFunctionCommand({ FunctionName: "v3-missing" })), (e) => {
    assert.ok(e instanceof ResourceNotFoundException);
    assert.equal(e.message, `Function not found: ${arn("v3-missing")}`);
    return true;
  });
  await assert.rejects(
    create("v3-badzip", { Code: { ZipFile: Buffer.from("not a zip") } }),
    InvalidParameterValueException,
  );
});

test("updates, versions and aliases", async () => {
  await create("v3-versions");
  const updated = await lambda.send(
    new UpdateFunctionConfigurationCommand({ FunctionName: "v3-versions", Timeout: 20 }),
  );
  assert.equal(updated.Timeout, 20);
  await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 10 }, { FunctionName: "v3-versions" });
  const v1 = await lambda.send(new PublishVersionCommand({ FunctionName: "v3-versions" }));
  assert.equal(v1.Version, "1");
  const newZip = zipOf("index.mjs", "export const handler = async () => 2;\n");
  const code = await lambda.send(
    new UpdateFunctionCodeCommand({ FunctionName: "v3-versions", ZipFile: newZip, Publish: true }),
  );
  assert.equal(code.Version, "2");
  const versions = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: "v3-versions" }));
  assert.deepEqual(versions.Versions.map((v) => v.Version), ["$LATEST", "1", "2"]);
  await lambda.send(new CreateAliasCommand({ FunctionName: "v3-versions", Name: "live", FunctionVersion: "1" }));
  const alias = await lambda.send(new GetAliasCommand({ FunctionName: "v3-versions", Name: "live" }));
  assert.equal(alias.AliasArn, `${arn("v3-versions")}:live`);
  const byAlias = await lambda.send(
    new GetFunctionConfigurationCommand({ FunctionName: "v3-versions", Qualifier: "live" }),
  );
  assert.equal(byAlias.Version, "1");
  assert.equal(byAlias.Timeout, 20);
});

test("permissions, concurrency, tags and event invoke configs", async () => {
  await create("v3-settings", { Tags: { team: "data" } });
  await lambda.send(
    new AddPermissionCommand({
      FunctionName: "v3-settings",
      StatementId: "sqs",
      Action: "lambda:InvokeFunction",
      Principal: "sqs.amazonaws.com",
    }),
  );
  const policy = JSON.parse((await lambda.send(new GetPolicyCommand({ FunctionName: "v3-settings" }))).Policy);
  assert.deepEqual(policy.Statement[0].Principal, { Service: "sqs.amazonaws.com" });
  await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: "v3-settings", ReservedConcurrentExecutions: 0 }));
  const concurrency = await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: "v3-settings" }));
  assert.equal(concurrency.ReservedConcurrentExecutions, 0);
  await assert.rejects(
    lambda.send(new InvokeCommand({ FunctionName: "v3-settings", Payload: Buffer.from("{}") })),
    (e) => {
      assert.ok(e instanceof TooManyRequestsException);
      assert.equal(e.Reason, "ReservedFunctionConcurrentInvocationLimitExceeded");
      return true;
    },
  );
  await lambda.send(new TagResourceCommand({ Resource: arn("v3-settings"), Tags: { env: "dev", x: "y" } }));
  await lambda.send(new UntagResourceCommand({ Resource: arn("v3-settings"), TagKeys: ["team", "x"] }));
  const tags = await lambda.send(new ListTagsCommand({ Resource: arn("v3-settings") }));
  assert.deepEqual(tags.Tags, { env: "dev" });
  await lambda.send(
    new PutFunctionEventInvokeConfigCommand({ FunctionName: "v3-settings", MaximumRetryAttempts: 0 }),
  );
  const config = await lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: "v3-settings" }));
  assert.equal(config.MaximumRetryAttempts, 0);
  assert.ok(config.LastModified instanceof Date);
  const settings = await lambda.send(new GetAccountSettingsCommand({}));
  assert.equal(settings.AccountLimit.ConcurrentExecutions, 1000);
});

test("ListFunctions pages and DeleteFunction removes", async () => {
  for (let i = 0; i < 4; i++) await create(`v3-page-${i}`);
  const names = [];
  for await (const page of paginateListFunctions({ client: lambda, pageSize: 2 }, {})) {
    assert.ok(page.Functions.length <= 2);
    names.push(...page.Functions.map((f) => f.FunctionName));
  }
  for (let i = 0; i < 4; i++) assert.ok(names.includes(`v3-page-${i}`));
  assert.equal(new Set(names).size, names.length);
  await lambda.send(new DeleteFunctionCommand({ FunctionName: "v3-page-0" }));
  await assert.rejects(lambda.send(new GetFunctionCommand({ FunctionName: "v3-page-0" })), ResourceNotFoundException);
});
