#include "services/kinesis/kinesis_schema.hpp"

#include "store/migrations.hpp"

namespace eddy::services::kinesis {
namespace {

constexpr store::Migration kMigrations[] = {
    {1, R"sql(
-- A stream. `id` is never reused (AUTOINCREMENT), so an iterator naming a deleted stream cannot
-- read a new one of the same name. `next_counter` numbers the stream's records: a record's
-- sequence number encodes it, so numbers strictly increase within each shard.
CREATE TABLE kinesis_streams (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  mode TEXT NOT NULL,
  retention_hours INTEGER NOT NULL,
  encryption_type TEXT NOT NULL,
  key_id TEXT,
  shard_level_metrics TEXT NOT NULL,
  next_shard_index INTEGER NOT NULL,
  next_counter INTEGER NOT NULL,
  UNIQUE (account, region, name)
);

-- Hash keys as 32 hex digits, so text order is numeric order. A closed shard has its
-- ending_counter: the last counter any of its records can have.
CREATE TABLE kinesis_shards (
  stream_id INTEGER NOT NULL,
  shard_index INTEGER NOT NULL,
  parent_index INTEGER,
  adjacent_parent_index INTEGER,
  start_hash TEXT NOT NULL,
  end_hash TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  starting_counter INTEGER NOT NULL,
  ending_counter INTEGER,
  closed_ms INTEGER,
  PRIMARY KEY (stream_id, shard_index)
) WITHOUT ROWID;

-- Records in key order: a read from any position is one O(log n) seek, then a scan.
CREATE TABLE kinesis_records (
  stream_id INTEGER NOT NULL,
  shard_index INTEGER NOT NULL,
  counter INTEGER NOT NULL,
  arrival_ms INTEGER NOT NULL,
  partition_key TEXT NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (stream_id, shard_index, counter)
) WITHOUT ROWID;

CREATE TABLE kinesis_tags (
  stream_id INTEGER NOT NULL,
  tag_key TEXT NOT NULL,
  tag_value TEXT NOT NULL,
  PRIMARY KEY (stream_id, tag_key)
) WITHOUT ROWID;

CREATE TABLE kinesis_consumers (
  stream_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  PRIMARY KEY (stream_id, name)
) WITHOUT ROWID;
)sql"},
};

}  // namespace

void migrate_kinesis_schema(store::Database& db) {
  store::migrate(db, "kinesis", kMigrations);
}

}  // namespace eddy::services::kinesis
