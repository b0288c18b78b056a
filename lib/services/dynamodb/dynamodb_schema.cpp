#include "services/dynamodb/dynamodb_schema.hpp"

#include "store/migrations.hpp"

namespace eddy::services::dynamodb {
namespace {

constexpr store::Migration kMigrations[] = {
    {1, R"sql(
-- One row per table; `definition` is the table's JSON (table.cpp), cached in memory.
CREATE TABLE ddb_tables (
  id INTEGER PRIMARY KEY,
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  definition TEXT NOT NULL,
  UNIQUE (account, region, name)
);

-- Items by (table, partition key, sort key), both in the order-preserving key encoding
-- (values/key_encoding.hpp), so a GetItem is one seek and a Query one range of the primary key.
-- range_key is empty for tables without a sort key. `expires_at` is the TTL attribute's epoch
-- seconds while the table has TTL enabled.
CREATE TABLE ddb_items (
  table_id INTEGER NOT NULL,
  hash_key BLOB NOT NULL,
  range_key BLOB NOT NULL,
  item TEXT NOT NULL,
  size INTEGER NOT NULL,
  expires_at INTEGER,
  PRIMARY KEY (table_id, hash_key, range_key)
) WITHOUT ROWID;
CREATE INDEX ddb_items_expiry ON ddb_items (table_id, expires_at) WHERE expires_at IS NOT NULL;

-- Secondary index entries: the index key, then the table key (which orders entries sharing an
-- index key and makes each unique), and the projected item.
CREATE TABLE ddb_index_items (
  table_id INTEGER NOT NULL,
  index_name TEXT NOT NULL,
  hash_key BLOB NOT NULL,
  range_key BLOB NOT NULL,
  table_hash_key BLOB NOT NULL,
  table_range_key BLOB NOT NULL,
  item TEXT NOT NULL,
  size INTEGER NOT NULL,
  PRIMARY KEY (table_id, index_name, hash_key, range_key, table_hash_key, table_range_key)
) WITHOUT ROWID;

-- TransactWriteItems' ClientRequestToken: a retry within ten minutes is answered, not re-run.
CREATE TABLE ddb_transaction_tokens (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  token TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  expires_ms INTEGER NOT NULL,
  PRIMARY KEY (account, region, token)
) WITHOUT ROWID;
)sql"},
    {2, R"sql(
-- DescribeTable's ItemCount and TableSizeBytes (index_name '') and each index's ItemCount and
-- IndexSizeBytes, kept by triggers as rows come, change size and go, so describing a table
-- costs one look-up instead of a count of its items. Items and entries are upserted (never
-- INSERT OR REPLACE, whose implicit delete fires no trigger), so a rewrite is an UPDATE.
CREATE TABLE ddb_table_stats (
  table_id INTEGER NOT NULL,
  index_name TEXT NOT NULL,
  item_count INTEGER NOT NULL,
  size_bytes INTEGER NOT NULL,
  PRIMARY KEY (table_id, index_name)
) WITHOUT ROWID;

INSERT INTO ddb_table_stats (table_id, index_name, item_count, size_bytes)
  SELECT table_id, '', count(*), sum(size) FROM ddb_items GROUP BY table_id;
INSERT INTO ddb_table_stats (table_id, index_name, item_count, size_bytes)
  SELECT table_id, index_name, count(*), sum(size) FROM ddb_index_items
  GROUP BY table_id, index_name;

CREATE TRIGGER ddb_items_counted AFTER INSERT ON ddb_items BEGIN
  INSERT INTO ddb_table_stats (table_id, index_name, item_count, size_bytes)
    VALUES (NEW.table_id, '', 1, NEW.size)
    ON CONFLICT (table_id, index_name) DO UPDATE
    SET item_count = item_count + 1, size_bytes = size_bytes + excluded.size_bytes;
END;
CREATE TRIGGER ddb_items_resized AFTER UPDATE OF size ON ddb_items BEGIN
  UPDATE ddb_table_stats SET size_bytes = size_bytes + NEW.size - OLD.size
    WHERE table_id = NEW.table_id AND index_name = '';
END;
CREATE TRIGGER ddb_items_uncounted AFTER DELETE ON ddb_items BEGIN
  UPDATE ddb_table_stats SET item_count = item_count - 1, size_bytes = size_bytes - OLD.size
    WHERE table_id = OLD.table_id AND index_name = '';
END;

CREATE TRIGGER ddb_index_items_counted AFTER INSERT ON ddb_index_items BEGIN
  INSERT INTO ddb_table_stats (table_id, index_name, item_count, size_bytes)
    VALUES (NEW.table_id, NEW.index_name, 1, NEW.size)
    ON CONFLICT (table_id, index_name) DO UPDATE
    SET item_count = item_count + 1, size_bytes = size_bytes + excluded.size_bytes;
END;
CREATE TRIGGER ddb_index_items_resized AFTER UPDATE OF size ON ddb_index_items BEGIN
  UPDATE ddb_table_stats SET size_bytes = size_bytes + NEW.size - OLD.size
    WHERE table_id = NEW.table_id AND index_name = NEW.index_name;
END;
CREATE TRIGGER ddb_index_items_uncounted AFTER DELETE ON ddb_index_items BEGIN
  UPDATE ddb_table_stats SET item_count = item_count - 1, size_bytes = size_bytes - OLD.size
    WHERE table_id = OLD.table_id AND index_name = OLD.index_name;
END;
)sql"},
    {3, R"sql(
-- The counts move to memory (item_stats.hpp): the triggers cost every write more than a tenth of
-- its instructions, and the counts are taken again from the rows at start-up.
DROP TRIGGER ddb_items_counted;
DROP TRIGGER ddb_items_resized;
DROP TRIGGER ddb_items_uncounted;
DROP TRIGGER ddb_index_items_counted;
DROP TRIGGER ddb_index_items_resized;
DROP TRIGGER ddb_index_items_uncounted;
DROP TABLE ddb_table_stats;
)sql"},
};

}  // namespace

void migrate_dynamodb_schema(store::Database& db) {
  store::migrate(db, "dynamodb", kMigrations);
}

}  // namespace eddy::services::dynamodb
