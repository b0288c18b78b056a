#include "services/dynamodbstreams/dynamodbstreams_schema.hpp"

#include "store/migrations.hpp"

namespace eddy::services::dynamodbstreams {
namespace {

constexpr store::Migration kStreamsMigrations[] = {
    {1, R"sql(
-- One row per stream a table ever had: a table's stream turned off (or its table deleted) stays
-- readable, DISABLED, until retention passes; turning it on again makes a new row. Each stream has
-- one shard, closed when the stream is disabled. `start_seq` is the first sequence number the
-- shard could hold; `trimmed_seq` the last one retention removed.
CREATE TABLE ddbstreams_streams (
  id INTEGER PRIMARY KEY,
  arn TEXT NOT NULL UNIQUE,
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  table_name TEXT NOT NULL,
  label TEXT NOT NULL,
  view_type TEXT NOT NULL,
  key_schema TEXT NOT NULL,
  shard_id TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  start_seq INTEGER NOT NULL,
  trimmed_seq INTEGER NOT NULL DEFAULT 0,
  disabled_ms INTEGER
);
CREATE INDEX ddbstreams_streams_by_table ON ddbstreams_streams (account, region, table_name);

-- Stream records; `seq` is the sequence number, growing across every stream and never reused.
-- `record` is the record as GetRecords returns it, less its SequenceNumber.
CREATE TABLE ddbstreams_records (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  stream_id INTEGER NOT NULL,
  created_ms INTEGER NOT NULL,
  record TEXT NOT NULL
);
CREATE INDEX ddbstreams_records_by_stream ON ddbstreams_records (stream_id, seq);
)sql"},
};

}  // namespace

void migrate_dynamodbstreams_schema(store::Database& db) {
  store::migrate(db, "dynamodbstreams", kStreamsMigrations);
}

}  // namespace eddy::services::dynamodbstreams
