#include "services/kinesis/kinesis_schema.hpp"

#include <fmt/format.h>

#include <tuple>
#include <vector>

#include "services/kinesis/record_table.hpp"
#include "store/migrations.hpp"
#include "store/transaction.hpp"

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
    {2, R"sql(
-- Each shard's records move to a table of their own, kinesis_records_<slot>, keyed by counter as
-- the rowid: a put appends at the right edge of its shard's own B-tree, where SQLite splits a
-- full page by starting an empty one, instead of redistributing cells among three siblings in
-- the middle of one shared tree every few puts. A slot is free again once its shard is deleted;
-- its table stays, emptied, for the next shard that takes the slot. Existing records are moved by
-- move_records_to_shard_tables below.
ALTER TABLE kinesis_shards ADD COLUMN records_slot INTEGER;
UPDATE kinesis_shards SET records_slot = (
  SELECT count(*) FROM kinesis_shards b
  WHERE (b.stream_id, b.shard_index) < (kinesis_shards.stream_id, kinesis_shards.shard_index));
CREATE UNIQUE INDEX kinesis_shards_by_slot ON kinesis_shards (records_slot);
-- Puts record no counter in the stream row: until now the records remembered them.
UPDATE kinesis_streams SET next_counter = max(next_counter,
  ifnull((SELECT max(counter) + 1 FROM kinesis_records WHERE stream_id = kinesis_streams.id), 0));
)sql"},
};

// Records stored before migration 2 go to their shard's table, once: the old table goes with
// them, in the same transaction.
void move_records_to_shard_tables(store::Database& db) {
  {
    auto q =
        db.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kinesis_records'");
    if (!q->step()) return;
  }
  store::Transaction tx(db);
  std::vector<std::tuple<std::int64_t, std::int64_t, std::int64_t>> shards;
  {
    auto q = db.query("SELECT stream_id, shard_index, records_slot FROM kinesis_shards");
    while (q->step()) shards.emplace_back(q->int64(0), q->int64(1), q->int64(2));
  }
  for (auto [stream_id, shard_index, slot] : shards) {
    record_table::create(db, slot);
    store::Statement copy(
        db.handle(),
        fmt::format("INSERT INTO {} (counter, arrival_ms, partition_key, data) "
                    "SELECT counter, arrival_ms, partition_key, data FROM kinesis_records "
                    "WHERE stream_id = ? AND shard_index = ?",
                    record_table::table_name(slot)));
    copy.bind(1, stream_id).bind(2, shard_index).run();
  }
  db.exec("DROP TABLE kinesis_records");
  tx.commit();
}

}  // namespace

std::span<const store::Migration> kinesis_migrations() {
  return kMigrations;
}

void migrate_kinesis_schema(store::Database& db) {
  store::migrate(db, "kinesis", kMigrations);
  move_records_to_shard_tables(db);
}

}  // namespace eddy::services::kinesis
