#include "services/kinesis/record_table.hpp"

#include <algorithm>

#include "services/kinesis/stream_table.hpp"

namespace eddy::services::kinesis::record_table {

void insert(store::Database& db, std::int64_t stream_id, std::int64_t shard_index,
            const StoredRecord& record) {
  db.query(
        "INSERT INTO kinesis_records (stream_id, shard_index, counter, arrival_ms, partition_key, "
        "data) VALUES (?, ?, ?, ?, ?, ?)")
      ->bind(1, stream_id)
      .bind(2, shard_index)
      .bind(3, record.counter)
      .bind(4, record.arrival_ms)
      .bind(5, record.partition_key)
      .bind_blob(6, record.data)
      .run();
}

Batch read(store::Database& db, std::int64_t stream_id, std::int64_t shard_index, std::int64_t from,
           std::int64_t not_before_ms, int limit, std::size_t max_bytes) {
  // One row past the limit tells whether more remain.
  auto q = db.query(
      "SELECT counter, arrival_ms, partition_key, data FROM kinesis_records "
      "WHERE stream_id = ? AND shard_index = ? AND counter >= ? AND arrival_ms >= ? "
      "ORDER BY counter LIMIT ?");
  q->bind(1, stream_id)
      .bind(2, shard_index)
      .bind(3, from)
      .bind(4, not_before_ms)
      .bind(5, limit + 1);
  Batch batch;
  // Growing one record at a time cost five allocations and moves for the usual ten.
  batch.records.reserve(static_cast<std::size_t>(std::min(limit, 100)));
  std::size_t bytes = 0;
  while (q->step()) {
    std::string_view key = q->text(2);
    std::string_view data = q->text(3);
    bool full = static_cast<int>(batch.records.size()) == limit ||
                (!batch.records.empty() && bytes + key.size() + data.size() > max_bytes);
    if (full) {
      batch.more = true;
      break;
    }
    bytes += key.size() + data.size();
    batch.records.push_back({q->int64(0), q->int64(1), std::string(key), std::string(data)});
  }
  return batch;
}

std::optional<std::int64_t> first_arrived_at(store::Database& db, std::int64_t stream_id,
                                             std::int64_t shard_index, std::int64_t ms) {
  auto q = db.query(
      "SELECT counter FROM kinesis_records WHERE stream_id = ? AND shard_index = ? "
      "AND arrival_ms >= ? ORDER BY counter LIMIT 1");
  q->bind(1, stream_id).bind(2, shard_index).bind(3, ms);
  if (!q->step()) return std::nullopt;
  return q->int64(0);
}

int expire(store::Database& db, std::int64_t stream_id, std::int64_t shard_index,
           std::int64_t cutoff_ms) {
  // Counters grow with arrival time, so the expired records are a prefix of the shard: find the
  // first one still kept (scanning only what is about to go) and delete everything before it.
  auto kept = first_arrived_at(db, stream_id, shard_index, cutoff_ms);
  if (!kept) {
    auto last = db.query(
        "SELECT max(counter) FROM kinesis_records WHERE stream_id = ? AND shard_index = ?");
    last->bind(1, stream_id).bind(2, shard_index);
    if (!last->step() || last->is_null(0)) return 0;
    // The shard's last record goes too: the stream row keeps the counter past it.
    stream_table::keep_counter_past(db, stream_id, last->int64(0));
  }
  auto q = db.query(
      "DELETE FROM kinesis_records WHERE stream_id = ? AND shard_index = ? AND counter < ?");
  q->bind(1, stream_id).bind(2, shard_index).bind(3, kept.value_or(INT64_MAX));
  q->run();
  return db.changes();
}

}  // namespace eddy::services::kinesis::record_table
