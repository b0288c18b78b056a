#include "services/sns/sns_schema.hpp"

#include "store/migrations.hpp"

namespace eddy::services::sns {
namespace {

constexpr store::Migration kMigrations[] = {
    {1, R"sql(
CREATE TABLE sns_topics (
  id INTEGER PRIMARY KEY,
  arn TEXT NOT NULL UNIQUE,
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  attributes TEXT NOT NULL,
  tags TEXT NOT NULL,
  sequence INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sns_topics_by_scope ON sns_topics (account, region, id);

CREATE TABLE sns_subscriptions (
  id INTEGER PRIMARY KEY,
  arn TEXT NOT NULL UNIQUE,
  topic_arn TEXT NOT NULL,
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  owner TEXT NOT NULL,
  protocol TEXT NOT NULL,
  endpoint TEXT NOT NULL,
  attributes TEXT NOT NULL,
  pending INTEGER NOT NULL,
  authenticated INTEGER NOT NULL,
  token TEXT NOT NULL
);
CREATE INDEX sns_subscriptions_by_topic ON sns_subscriptions (topic_arn, id);
CREATE INDEX sns_subscriptions_by_scope ON sns_subscriptions (account, region, id);
CREATE INDEX sns_subscriptions_by_token ON sns_subscriptions (token);

-- The outbox: deliveries that leave the process (HTTP/S endpoints, Lambda functions), written in
-- the transaction of the publish that caused them and deleted once delivered or dead-lettered.
-- Ids are never reused: a delivery in flight must not finish a newer row that took its id.
CREATE TABLE sns_deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  subscription_arn TEXT NOT NULL,
  notification TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  due_ms INTEGER NOT NULL
);
CREATE INDEX sns_deliveries_by_due ON sns_deliveries (kind, due_ms);

-- FIFO topics: a deduplication id seen in the last five minutes, and what its publish returned.
CREATE TABLE sns_fifo_deduplication (
  topic_arn TEXT NOT NULL,
  deduplication_id TEXT NOT NULL,
  message_id TEXT NOT NULL,
  sequence_number TEXT NOT NULL,
  expires_ms INTEGER NOT NULL,
  PRIMARY KEY (topic_arn, deduplication_id)
) WITHOUT ROWID;
CREATE INDEX sns_fifo_deduplication_by_expiry ON sns_fifo_deduplication (expires_ms);

-- The key pair and certificate messages are signed with, made on first use.
CREATE TABLE sns_signing_key (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  private_key_pem TEXT NOT NULL,
  certificate_pem TEXT NOT NULL
);
)sql"},
};

}  // namespace

void migrate_sns_schema(store::Database& db) {
  store::migrate(db, "sns", kMigrations);
}

}  // namespace eddy::services::sns
