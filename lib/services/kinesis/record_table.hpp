#pragma once
// A shard's records, in a table of the shard's own (kinesis_records_<slot>, the slot its
// kinesis_shards row holds), keyed by counter as the rowid: a put appends at the right edge of
// its shard's B-tree, and reading from any position seeks once. Slots are reused: a table stays,
// emptied, once its shard is deleted, so their number is the most shards ever held at once.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"

namespace eddy::services::kinesis {

struct StoredRecord {
  std::int64_t counter = 0;
  std::int64_t arrival_ms = 0;
  std::string partition_key;
  std::string data;
};

namespace record_table {

std::string table_name(std::int64_t slot);
// Makes the slot's table if no shard had the slot before.
void create(store::Database& db, std::int64_t slot);
// Deletes every record in the slot's table, when its shard goes.
void clear(store::Database& db, std::int64_t slot);

void insert(store::Database& db, std::int64_t slot, const StoredRecord& record);

struct Batch {
  std::vector<StoredRecord> records;
  bool more = false;  // records past the batch exist in the shard
};
// Up to `limit` records from counter `from` on that arrived at or after `not_before_ms`, stopping
// once their data and keys reach `max_bytes` (the first record always comes).
Batch read(store::Database& db, std::int64_t slot, std::int64_t from, std::int64_t not_before_ms,
           int limit, std::size_t max_bytes);
// The counter of the first record that arrived at or after `ms`.
std::optional<std::int64_t> first_arrived_at(store::Database& db, std::int64_t slot,
                                             std::int64_t ms);
// The counter of the shard's last record; nullopt when it holds none.
std::optional<std::int64_t> last_counter(store::Database& db, std::int64_t slot);
// Deletes the shard's records that arrived before `cutoff_ms`, oldest first; returns how many.
int expire(store::Database& db, std::int64_t stream_id, std::int64_t slot, std::int64_t cutoff_ms);

}  // namespace record_table
}  // namespace eddy::services::kinesis
