#include "services/iam/iam_schema.hpp"

#include "store/migrations.hpp"

namespace eddy::services::iam {
namespace {

// IAM is global: rows are scoped by account alone. Names compare without case, as IAM's do
// ("MyRole" and "myrole" cannot both exist), and lists are ordered by them.
constexpr store::Migration kMigrations[] = {
    {1, R"sql(
CREATE TABLE iam_roles (
  role_id TEXT PRIMARY KEY,
  account TEXT NOT NULL,
  name TEXT NOT NULL COLLATE NOCASE,
  path TEXT NOT NULL,
  arn TEXT NOT NULL,
  create_date TEXT NOT NULL,
  trust_policy TEXT NOT NULL,
  description TEXT,
  max_session_duration INTEGER NOT NULL,
  tags TEXT NOT NULL,
  UNIQUE (account, name)
);

-- Inline policies, embedded in one role.
CREATE TABLE iam_role_policies (
  role_id TEXT NOT NULL,
  name TEXT NOT NULL,
  document TEXT NOT NULL,
  PRIMARY KEY (role_id, name)
) WITHOUT ROWID;

-- Managed policies (AWS's or the account's own) attached to a role.
CREATE TABLE iam_role_attachments (
  role_id TEXT NOT NULL,
  policy_arn TEXT NOT NULL,
  PRIMARY KEY (role_id, policy_arn)
) WITHOUT ROWID;
CREATE INDEX iam_role_attachments_by_policy ON iam_role_attachments (policy_arn);

-- Customer managed policies, each with its one version, v1.
CREATE TABLE iam_policies (
  policy_id TEXT PRIMARY KEY,
  account TEXT NOT NULL,
  name TEXT NOT NULL COLLATE NOCASE,
  path TEXT NOT NULL,
  arn TEXT NOT NULL UNIQUE,
  description TEXT,
  create_date TEXT NOT NULL,
  document TEXT NOT NULL,
  tags TEXT NOT NULL,
  UNIQUE (account, name)
);
)sql"},
};

}  // namespace

void migrate_iam_schema(store::Database& db) {
  store::migrate(db, "iam", kMigrations);
}

}  // namespace eddy::services::iam
