#include "services/sts/sts_schema.hpp"

#include "store/migrations.hpp"

namespace eddy::services::sts {
namespace {

constexpr store::Migration kMigrations[] = {
    {1, R"sql(
-- Every access key STS issued and the identity it acts as: kept so that credentials handed out
-- before a restart (with --data-dir) still map to their role's account after it.
CREATE TABLE sts_issued_keys (
  access_key_id TEXT PRIMARY KEY,
  secret_access_key TEXT NOT NULL,
  session_token TEXT NOT NULL,
  account TEXT NOT NULL,
  arn TEXT NOT NULL,
  user_id TEXT NOT NULL,
  expires_ms INTEGER NOT NULL
) WITHOUT ROWID;
)sql"},
};

}  // namespace

void migrate_sts_schema(store::Database& db) {
  store::migrate(db, "sts", kMigrations);
}

}  // namespace eddy::services::sts
