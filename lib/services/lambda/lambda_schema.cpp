#include "services/lambda/lambda_schema.hpp"

#include "store/migrations.hpp"

namespace eddy::services::lambda {
namespace {

constexpr store::Migration kMigrations[] = {
    {1, R"sql(
-- Deployment packages, content-addressed by the hex SHA-256 of the zip: versions that share code
-- share one row, and a package goes when no version refers to it any more.
CREATE TABLE lambda_code (
  sha256_hex TEXT PRIMARY KEY,
  zip BLOB NOT NULL
) WITHOUT ROWID;

-- One row per function: what belongs to the function as a whole rather than to a version.
CREATE TABLE lambda_functions (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  reserved_concurrency INTEGER,
  tags TEXT NOT NULL DEFAULT '{}',
  policy TEXT NOT NULL DEFAULT '[]',   -- the resource policy's statements
  policy_revision TEXT NOT NULL,
  last_version INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (account, region, name)
) WITHOUT ROWID;

-- $LATEST and each published version: the configuration exactly as GetFunctionConfiguration
-- answers it.
CREATE TABLE lambda_versions (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  version TEXT NOT NULL,
  code_sha256_hex TEXT NOT NULL,
  config TEXT NOT NULL,
  PRIMARY KEY (account, region, name, version)
) WITHOUT ROWID;

CREATE TABLE lambda_aliases (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  alias TEXT NOT NULL,
  config TEXT NOT NULL,
  PRIMARY KEY (account, region, name, alias)
) WITHOUT ROWID;

-- Per function and qualifier ("$LATEST", a version or an alias).
CREATE TABLE lambda_event_invoke_configs (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  qualifier TEXT NOT NULL,
  config TEXT NOT NULL,
  PRIMARY KEY (account, region, name, qualifier)
) WITHOUT ROWID;

-- Accepted Event invocations not yet finished: kept until they succeed, are given up on, or
-- are handed to a destination or dead-letter queue, so a restart with --data-dir resumes them.
CREATE TABLE lambda_async_invocations (
  id INTEGER PRIMARY KEY,
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  qualifier TEXT,
  payload TEXT NOT NULL,
  request_id TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  enqueued_ms INTEGER NOT NULL,
  due_ms INTEGER NOT NULL
);
CREATE INDEX lambda_async_invocations_due ON lambda_async_invocations (due_ms, id);
)sql"},
};

}  // namespace

void migrate_lambda_schema(store::Database& db) {
  store::migrate(db, "lambda", kMigrations);
}

}  // namespace eddy::services::lambda
