// IAM and STS over the query protocol with @aws-sdk/client-iam and @aws-sdk/client-sts (v3): the
// LabRole flow, errors as typed exceptions, pagination, and AssumeRole credentials that act in
// the role's account (an SQS queue created with them lands there).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  IAMClient,
  CreateRoleCommand,
  GetRoleCommand,
  UpdateRoleCommand,
  AttachRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  PutRolePolicyCommand,
  GetRolePolicyCommand,
  DeleteRoleCommand,
  GetPolicyCommand,
  TagRoleCommand,
  ListRoleTagsCommand,
  NoSuchEntityException,
  EntityAlreadyExistsException,
  MalformedPolicyDocumentException,
  DeleteConflictException,
  paginateListRoles,
} from "@aws-sdk/client-iam";
import { STSClient, GetCallerIdentityCommand, AssumeRoleCommand } from "@aws-sdk/client-sts";
import { SQSClient, CreateQueueCommand } from "@aws-sdk/client-sqs";
import { startEddy, region, credentials } from "./eddy_harness.mjs";

const trust = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
};

let eddy;
let iam;
let sts;
before(async () => {
  eddy = await startEddy();
  iam = new IAMClient({ endpoint: eddy.endpoint, region, credentials });
  sts = new STSClient({ endpoint: eddy.endpoint, region, credentials });
});
after(async () => {
  iam.destroy();
  sts.destroy();
  await eddy.stop();
});

async function createRole(name, client = iam, extra = {}) {
  const out = await client.send(
    new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify(trust), ...extra }),
  );
  return out.Role;
}

test("the LabRole flow", async () => {
  const created = await createRole("LabRole");
  assert.equal(created.Arn, "arn:aws:iam::000000000000:role/LabRole");
  assert.match(created.RoleId, /^AROA[A-Z0-9]{17}$/);
  assert.ok(created.CreateDate instanceof Date);

  const { Role } = await iam.send(new GetRoleCommand({ RoleName: "LabRole" }));
  // IAM's query answers carry policy documents URL-encoded; v3 hands them over as they came.
  assert.deepEqual(JSON.parse(decodeURIComponent(Role.AssumeRolePolicyDocument)), trust);
  assert.equal(Role.MaxSessionDuration, 3600);

  const arn = "arn:aws:iam::aws:policy/AWSLambdaExecute";
  await iam.send(new AttachRolePolicyCommand({ RoleName: "LabRole", PolicyArn: arn }));
  const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: "LabRole" }));
  assert.deepEqual(attached.AttachedPolicies, [{ PolicyName: "AWSLambdaExecute", PolicyArn: arn }]);
  assert.equal(attached.IsTruncated, false);

  const policy = await iam.send(new GetPolicyCommand({ PolicyArn: arn }));
  assert.equal(policy.Policy.AttachmentCount, 1);

  await iam.send(new UpdateRoleCommand({ RoleName: "LabRole", MaxSessionDuration: 7200 }));
  const updated = await iam.send(new GetRoleCommand({ RoleName: "LabRole" }));
  assert.equal(updated.Role.MaxSessionDuration, 7200);
});

test("errors arrive as typed exceptions with AWS's status codes", async () => {
  await assert.rejects(iam.send(new GetRoleCommand({ RoleName: "Missing" })), (err) => {
    assert.ok(err instanceof NoSuchEntityException);
    assert.equal(err.$metadata.httpStatusCode, 404);
    assert.equal(err.message, "The role with name Missing cannot be found.");
    return true;
  });
  await createRole("Duplicate");
  await assert.rejects(createRole("Duplicate"), (err) => {
    assert.ok(err instanceof EntityAlreadyExistsException);
    assert.equal(err.$metadata.httpStatusCode, 409);
    return true;
  });
  await assert.rejects(
    iam.send(new PutRolePolicyCommand({ RoleName: "Duplicate", PolicyName: "p", PolicyDocument: "[1, 2" })),
    (err) => err instanceof MalformedPolicyDocumentException,
  );
  const inline = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sqs:*", Resource: "*" }] };
  await iam.send(
    new PutRolePolicyCommand({ RoleName: "Duplicate", PolicyName: "p", PolicyDocument: JSON.stringify(inline) }),
  );
  const got = await iam.send(new GetRolePolicyCommand({ RoleName: "Duplicate", PolicyName: "p" }));
  assert.deepEqual(JSON.parse(decodeURIComponent(got.PolicyDocument)), inline);
  await assert.rejects(iam.send(new DeleteRoleCommand({ RoleName: "Duplicate" })), (err) => {
    assert.ok(err instanceof DeleteConflictException);
    assert.equal(err.$metadata.httpStatusCode, 409);
    return true;
  });
});

test("ListRoles pages through every role", async () => {
  const names = ["PageA", "PageB", "PageC", "PageD"];
  for (const name of names) await createRole(name, iam, { Path: "/js-pages/" });
  const seen = [];
  for await (const page of paginateListRoles({ client: iam, pageSize: 3 }, { PathPrefix: "/js-pages/" })) {
    assert.ok(page.Roles.length <= 3);
    seen.push(...page.Roles.map((r) => r.RoleName));
  }
  assert.deepEqual(seen, names);
});

test("tags", async () => {
  await createRole("JsTagged");
  await iam.send(new TagRoleCommand({ RoleName: "JsTagged", Tags: [{ Key: "course", Value: "cs-101" }] }));
  const { Tags } = await iam.send(new ListRoleTagsCommand({ RoleName: "JsTagged" }));
  assert.deepEqual(Tags, [{ Key: "course", Value: "cs-101" }]);
});

test("GetCallerIdentity and AssumeRole credentials acting in the role's account", async () => {
  const own = await sts.send(new GetCallerIdentityCommand({}));
  assert.equal(own.Account, "000000000000");
  assert.equal(own.Arn, "arn:aws:iam::000000000000:root");

  const other = new IAMClient({
    endpoint: eddy.endpoint,
    region,
    credentials: { accessKeyId: "123456789012", secretAccessKey: "test" },
  });
  const role = await createRole("JsTarget", other);
  other.destroy();

  const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: role.Arn, RoleSessionName: "js-session" }));
  assert.equal(assumed.AssumedRoleUser.Arn, "arn:aws:sts::123456789012:assumed-role/JsTarget/js-session");
  assert.ok(assumed.Credentials.Expiration instanceof Date);
  const issued = {
    accessKeyId: assumed.Credentials.AccessKeyId,
    secretAccessKey: assumed.Credentials.SecretAccessKey,
    sessionToken: assumed.Credentials.SessionToken,
  };
  const asRole = new STSClient({ endpoint: eddy.endpoint, region, credentials: issued });
  const identity = await asRole.send(new GetCallerIdentityCommand({}));
  asRole.destroy();
  assert.equal(identity.Account, "123456789012");
  assert.equal(identity.UserId, `${role.RoleId}:js-session`);

  const sqs = new SQSClient({ endpoint: eddy.endpoint, region, credentials: issued });
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: "js-assumed" }));
  sqs.destroy();
  assert.match(QueueUrl, /\/123456789012\/js-assumed$/);
});
