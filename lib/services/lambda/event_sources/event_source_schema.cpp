#include "services/lambda/event_sources/event_source_schema.hpp"

#include "store/migrations.hpp"

namespace eddy::services::lambda::event_sources {
namespace {

constexpr store::Migration kMigrations[] = {
    {1, R"sql(
-- A mapping from an event source (a queue, a Kinesis stream, a DynamoDB stream) to a function.
-- `settings` holds the batching and error-handling members as the API shapes them; `seq` orders
-- listings and pages them.
CREATE TABLE lambda_event_source_mappings (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT NOT NULL UNIQUE,
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  function_arn TEXT NOT NULL,
  event_source_arn TEXT NOT NULL,
  enabled INTEGER NOT NULL,
  state_transition_reason TEXT NOT NULL,
  last_modified_ms INTEGER NOT NULL,
  last_processing_result TEXT,
  settings TEXT NOT NULL
);
CREATE INDEX lambda_esm_by_source ON lambda_event_source_mappings (event_source_arn);
CREATE INDEX lambda_esm_by_function ON lambda_event_source_mappings (function_arn);

-- Where a stream mapping goes on in each shard: the position of the first record not yet
-- handled, and whether a closed shard was read to its end (its children may then start).
CREATE TABLE lambda_event_source_checkpoints (
  uuid TEXT NOT NULL,
  shard_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  finished INTEGER NOT NULL,
  PRIMARY KEY (uuid, shard_id)
) WITHOUT ROWID;
)sql"},
    {2, R"sql(
-- The tumbling window open on the shard (TumblingWindowInSeconds): its bounds and the state the
-- function last answered; NULL when none is open.
ALTER TABLE lambda_event_source_checkpoints ADD COLUMN window_start_ms INTEGER;
ALTER TABLE lambda_event_source_checkpoints ADD COLUMN window_end_ms INTEGER;
ALTER TABLE lambda_event_source_checkpoints ADD COLUMN window_state TEXT;
)sql"},
};

}  // namespace

void migrate_event_source_schema(store::Database& db) {
  store::migrate(db, "lambda_event_sources", kMigrations);
}

}  // namespace eddy::services::lambda::event_sources
