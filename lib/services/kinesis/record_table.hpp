#pragma once
// A stream's records, keyed (stream, shard, counter): reading from any position seeks once.
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

void insert(store::Database& db, std::int64_t stream_id, std::int64_t shard_index,
            const StoredRecord& record);

struct Batch {
  std::vector<StoredRecord> records;
  bool more = false;  // records past the batch exist in the shard
};
// Up to `limit` records from counter `from` on that arrived at or after `not_before_ms`, stopping
// once their data and keys reach `max_bytes` (the first record always comes).
Batch read(store::Database& db, std::int64_t stream_id, std::int64_t shard_index, std::int64_t from,
           std::int64_t not_before_ms, int limit, std::size_t max_bytes);
// The counter of the first record that arrived at or after `ms`.
std::optional<std::int64_t> first_arrived_at(store::Database& db, std::int64_t stream_id,
                                             std::int64_t shard_index, std::int64_t ms);
// Deletes the shard's records that arrived before `cutoff_ms`, oldest first; returns how many.
int expire(store::Database& db, std::int64_t stream_id, std::int64_t shard_index,
           std::int64_t cutoff_ms);

}  // namespace record_table
}  // namespace eddy::services::kinesis
