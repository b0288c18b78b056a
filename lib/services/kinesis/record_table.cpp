#include "services/kinesis/record_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "services/kinesis/stream_table.hpp"

namespace eddy::services::kinesis::record_table {
namespace {

enum class SlotStatement : std::size_t {
  insert,
  read,
  first_arrived_at,
  last_counter,
  expire,
  count
};

constexpr std::array<std::string_view, static_cast<std::size_t>(SlotStatement::count)>
    kSlotStatementFormats = {
        "INSERT INTO kinesis_records_{} (counter, arrival_ms, partition_key, data) "
        "VALUES (?, ?, ?, ?)",
        // Records past retention are skipped as they are read: they are a prefix of the shard,
        // and a WHERE on arrival cost each row a comparison in the statement's program.
        "SELECT counter, arrival_ms, partition_key, data FROM kinesis_records_{} "
        "WHERE counter >= ? ORDER BY counter",
        "SELECT counter FROM kinesis_records_{} WHERE arrival_ms >= ? ORDER BY counter LIMIT 1",
        "SELECT max(counter) FROM kinesis_records_{}",
        "DELETE FROM kinesis_records_{} WHERE counter < ?",
};

// A statement's text for one slot, written once per slot and thread: formatting it on every put
// cost more than finding the prepared statement.
std::string_view slot_sql(SlotStatement statement, std::int64_t slot) {
  thread_local std::array<std::vector<std::string>, kSlotStatementFormats.size()> written;
  auto& texts = written[static_cast<std::size_t>(statement)];
  auto index = static_cast<std::size_t>(slot);
  if (index >= texts.size()) texts.resize(index + 1);
  if (texts[index].empty())
    texts[index] =
        fmt::format(fmt::runtime(kSlotStatementFormats[static_cast<std::size_t>(statement)]), slot);
  return texts[index];
}

}  // namespace

std::string table_name(std::int64_t slot) {
  return fmt::format("kinesis_records_{}", slot);
}

void create(store::Database& db, std::int64_t slot) {
  db.exec(fmt::format(
      "CREATE TABLE IF NOT EXISTS {} (counter INTEGER PRIMARY KEY, arrival_ms INTEGER NOT NULL, "
      "partition_key TEXT NOT NULL, data BLOB NOT NULL)",
      table_name(slot)));
}

void clear(store::Database& db, std::int64_t slot) {
  db.exec(fmt::format("DELETE FROM {}", table_name(slot)));
}

void insert(store::Database& db, std::int64_t slot, const StoredRecord& record) {
  db.query(slot_sql(SlotStatement::insert, slot))
      ->bind(1, record.counter)
      .bind(2, record.arrival_ms)
      .bind(3, record.partition_key)
      .bind_blob(4, record.data)
      .run();
}

Batch read(store::Database& db, std::int64_t slot, std::int64_t from, std::int64_t not_before_ms,
           int limit, std::size_t max_bytes) {
  auto q = db.query(slot_sql(SlotStatement::read, slot));
  q->bind(1, from);
  Batch batch;
  // Growing one record at a time cost five allocations and moves for the usual ten.
  batch.records.reserve(static_cast<std::size_t>(std::min(limit, 100)));
  std::size_t bytes = 0;
  // One row past the limit tells whether more remain.
  while (q->step()) {
    std::int64_t arrival_ms = q->int64(1);
    if (arrival_ms < not_before_ms) continue;
    std::string_view key = q->text(2);
    std::string_view data = q->text(3);
    bool full = static_cast<int>(batch.records.size()) == limit ||
                (!batch.records.empty() && bytes + key.size() + data.size() > max_bytes);
    if (full) {
      batch.more = true;
      break;
    }
    bytes += key.size() + data.size();
    batch.records.push_back({q->int64(0), arrival_ms, std::string(key), std::string(data)});
  }
  return batch;
}

std::optional<std::int64_t> first_arrived_at(store::Database& db, std::int64_t slot,
                                             std::int64_t ms) {
  auto q = db.query(slot_sql(SlotStatement::first_arrived_at, slot));
  q->bind(1, ms);
  if (!q->step()) return std::nullopt;
  return q->int64(0);
}

std::optional<std::int64_t> last_counter(store::Database& db, std::int64_t slot) {
  auto q = db.query(slot_sql(SlotStatement::last_counter, slot));
  if (!q->step() || q->is_null(0)) return std::nullopt;
  return q->int64(0);
}

int expire(store::Database& db, std::int64_t stream_id, std::int64_t slot, std::int64_t cutoff_ms) {
  // Counters grow with arrival time, so the expired records are a prefix of the shard: find the
  // first one still kept (scanning only what is about to go) and delete everything before it.
  auto kept = first_arrived_at(db, slot, cutoff_ms);
  if (!kept) {
    auto last = last_counter(db, slot);
    if (!last) return 0;
    // The shard's last record goes too: the stream row keeps the counter past it.
    stream_table::keep_counter_past(db, stream_id, *last);
  }
  auto q = db.query(slot_sql(SlotStatement::expire, slot));
  q->bind(1, kept.value_or(INT64_MAX));
  q->run();
  return db.changes();
}

}  // namespace eddy::services::kinesis::record_table
