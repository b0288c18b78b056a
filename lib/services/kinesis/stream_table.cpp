#include "services/kinesis/stream_table.hpp"

#include <algorithm>
#include <atomic>

#include <fmt/format.h>

#include "core/arn.hpp"
#include "services/kinesis/record_table.hpp"
#include "services/shards/sequence_number.hpp"
#include "services/shards/shard_id.hpp"

namespace eddy::services::kinesis {
namespace {

std::string hash_to_hex(shards::HashKey key) {
  auto high = static_cast<std::uint64_t>(key >> 64);
  auto low = static_cast<std::uint64_t>(key);
  return fmt::format("{:016x}{:016x}", high, low);
}

shards::HashKey hash_from_hex(std::string_view hex) {
  shards::HashKey key = 0;
  for (char c : hex) {
    int digit = c <= '9' ? c - '0' : c - 'a' + 10;
    key = (key << 4) | static_cast<shards::HashKey>(digit);
  }
  return key;
}

constexpr const char* kStreamColumns =
    "id, account, region, name, created_ms, mode, retention_hours, encryption_type, key_id, "
    "shard_level_metrics, next_shard_index, next_counter";

Stream read_stream(store::Statement& row) {
  return Stream{
      .id = row.int64(0),
      .account = row.string(1),
      .region = row.string(2),
      .name = row.string(3),
      .created_ms = row.int64(4),
      .mode = row.string(5),
      .retention_hours = row.int64(6),
      .encryption_type = row.string(7),
      .key_id = row.optional_string(8),
      .shard_level_metrics = json::parse(row.text(9)),
      .next_shard_index = row.int64(10),
      .next_counter = row.int64(11),
  };
}

constexpr const char* kShardColumns =
    "stream_id, shard_index, parent_index, adjacent_parent_index, start_hash, end_hash, "
    "created_ms, starting_counter, ending_counter, closed_ms, "
    "(SELECT created_ms FROM kinesis_streams WHERE id = stream_id), records_slot";

Shard read_shard(store::Statement& row) {
  return Shard{
      .stream_id = row.int64(0),
      .index = row.int64(1),
      .parent = row.optional_int64(2),
      .adjacent_parent = row.optional_int64(3),
      .range = {hash_from_hex(row.text(4)), hash_from_hex(row.text(5))},
      .created_ms = row.int64(6),
      .starting_counter = row.int64(7),
      .ending_counter = row.optional_int64(8),
      .closed_ms = row.optional_int64(9),
      .stream_created_ms = row.int64(10),
      .records_slot = row.int64(11),
  };
}

// The record slots of a stream's shards.
std::vector<std::int64_t> record_slots(store::Database& db, std::int64_t stream_id) {
  auto q = db.query("SELECT records_slot FROM kinesis_shards WHERE stream_id = ?");
  q->bind(1, stream_id);
  std::vector<std::int64_t> slots;
  while (q->step()) slots.push_back(q->int64(0));
  return slots;
}

// A put writes only its record (StreamRoutes keeps the count in memory), so the records are what
// remember the counters puts took: the next counter is past both the row's floor and every record
// the stream holds. One seek per shard.
Stream with_next_counter(store::Database& db, Stream stream) {
  for (std::int64_t slot : record_slots(db, stream.id))
    if (auto last = record_table::last_counter(db, slot))
      stream.next_counter = std::max(stream.next_counter, *last + 1);
  return stream;
}

}  // namespace

std::string Stream::arn() const {
  return make_arn("kinesis", region, account, "stream/" + name);
}

std::string Shard::id() const {
  return shards::format_shard_id(index);
}

std::string Shard::starting_sequence_number() const {
  return shards::format_sequence_number({.origin_secs = stream_created_ms / 1000,
                                         .shard_index = index,
                                         .counter = starting_counter,
                                         .arrival_secs = created_ms / 1000});
}

std::optional<std::string> Shard::ending_sequence_number() const {
  if (!ending_counter) return std::nullopt;
  return shards::format_sequence_number({.origin_secs = stream_created_ms / 1000,
                                         .shard_index = index,
                                         .counter = *ending_counter,
                                         .arrival_secs = *closed_ms / 1000});
}

json Shard::describe() const {
  json out = {{"ShardId", id()},
              {"HashKeyRange",
               {{"StartingHashKey", shards::format_hash_key(range.start)},
                {"EndingHashKey", shards::format_hash_key(range.end)}}},
              {"SequenceNumberRange", {{"StartingSequenceNumber", starting_sequence_number()}}}};
  if (parent) out["ParentShardId"] = shards::format_shard_id(*parent);
  if (adjacent_parent) out["AdjacentParentShardId"] = shards::format_shard_id(*adjacent_parent);
  if (auto ending = ending_sequence_number())
    out["SequenceNumberRange"]["EndingSequenceNumber"] = *ending;
  return out;
}

namespace stream_table {
namespace {

std::atomic<std::uint64_t> stream_generation{0};

void stream_changed(store::Database& db) {
  ++stream_generation;
  db.on_rollback([] { ++stream_generation; });
}

}  // namespace

std::uint64_t generation() {
  return stream_generation.load();
}

std::optional<Stream> find(store::Database& db, const std::string& account,
                           const std::string& region, const std::string& name) {
  auto q = db.query(
      fmt::format("SELECT {} FROM kinesis_streams WHERE account = ? AND region = ? AND name = ?",
                  kStreamColumns));
  q->bind(1, account).bind(2, region).bind(3, name);
  if (!q->step()) return std::nullopt;
  return with_next_counter(db, read_stream(*q));
}

std::optional<Stream> find_by_id(store::Database& db, std::int64_t id) {
  auto q = db.query(fmt::format("SELECT {} FROM kinesis_streams WHERE id = ?", kStreamColumns));
  q->bind(1, id);
  if (!q->step()) return std::nullopt;
  return with_next_counter(db, read_stream(*q));
}

std::vector<Stream> list(store::Database& db, const std::string& account, const std::string& region,
                         const std::string& after, int limit) {
  auto q = db.query(
      fmt::format("SELECT {} FROM kinesis_streams WHERE account = ? AND region = ? AND name > ? "
                  "ORDER BY name LIMIT ?",
                  kStreamColumns));
  q->bind(1, account).bind(2, region).bind(3, after).bind(4, limit);
  std::vector<Stream> out;
  while (q->step()) out.push_back(read_stream(*q));
  for (Stream& stream : out) stream = with_next_counter(db, std::move(stream));
  return out;
}

std::int64_t insert(store::Database& db, const Stream& stream) {
  stream_changed(db);
  db.query(
        "INSERT INTO kinesis_streams (account, region, name, created_ms, mode, retention_hours, "
        "encryption_type, key_id, shard_level_metrics, next_shard_index, next_counter) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      ->bind(1, stream.account)
      .bind(2, stream.region)
      .bind(3, stream.name)
      .bind(4, stream.created_ms)
      .bind(5, stream.mode)
      .bind(6, stream.retention_hours)
      .bind(7, stream.encryption_type)
      .bind(8, stream.key_id)
      .bind(9, stream.shard_level_metrics.dump())
      .bind(10, stream.next_shard_index)
      .bind(11, stream.next_counter)
      .run();
  return db.last_insert_rowid();
}

void remove(store::Database& db, std::int64_t stream_id) {
  stream_changed(db);
  for (std::int64_t slot : record_slots(db, stream_id)) record_table::clear(db, slot);
  for (const char* table : {"kinesis_shards", "kinesis_tags", "kinesis_consumers"})
    db.query(fmt::format("DELETE FROM {} WHERE stream_id = ?", table))->bind(1, stream_id).run();
  db.query("DELETE FROM kinesis_streams WHERE id = ?")->bind(1, stream_id).run();
}

void update_settings(store::Database& db, const Stream& stream) {
  stream_changed(db);
  db.query(
        "UPDATE kinesis_streams SET mode = ?, retention_hours = ?, encryption_type = ?, "
        "key_id = ?, shard_level_metrics = ? WHERE id = ?")
      ->bind(1, stream.mode)
      .bind(2, stream.retention_hours)
      .bind(3, stream.encryption_type)
      .bind(4, stream.key_id)
      .bind(5, stream.shard_level_metrics.dump())
      .bind(6, stream.id)
      .run();
}

std::int64_t take_counters(store::Database& db, std::int64_t stream_id, std::int64_t count) {
  std::int64_t first = find_by_id(db, stream_id)->next_counter;
  stream_changed(db);
  db.query("UPDATE kinesis_streams SET next_counter = ? WHERE id = ?")
      ->bind(1, first + count)
      .bind(2, stream_id)
      .run();
  return first;
}

void keep_counter_past(store::Database& db, std::int64_t stream_id, std::int64_t counter) {
  db.query("UPDATE kinesis_streams SET next_counter = max(next_counter, ?) WHERE id = ?")
      ->bind(1, counter + 1)
      .bind(2, stream_id)
      .run();
}

std::int64_t take_shard_index(store::Database& db, std::int64_t stream_id) {
  stream_changed(db);
  auto q = db.query(
      "UPDATE kinesis_streams SET next_shard_index = next_shard_index + 1 WHERE id = ? "
      "RETURNING next_shard_index");
  q->bind(1, stream_id);
  q->step();
  return q->int64(0) - 1;
}

std::int64_t open_shard_count(store::Database& db, const std::string& account,
                              const std::string& region) {
  auto q = db.query(
      "SELECT COUNT(*) FROM kinesis_shards JOIN kinesis_streams ON id = stream_id "
      "WHERE account = ? AND region = ? AND ending_counter IS NULL");
  q->bind(1, account).bind(2, region);
  q->step();
  return q->int64(0);
}

std::vector<Shard> shards(store::Database& db, std::int64_t stream_id) {
  auto q = db.query(fmt::format(
      "SELECT {} FROM kinesis_shards WHERE stream_id = ? ORDER BY shard_index", kShardColumns));
  q->bind(1, stream_id);
  std::vector<Shard> out;
  while (q->step()) out.push_back(read_shard(*q));
  return out;
}

std::vector<Shard> open_shards(store::Database& db, std::int64_t stream_id) {
  auto q = db.query(
      fmt::format("SELECT {} FROM kinesis_shards WHERE stream_id = ? AND ending_counter IS NULL "
                  "ORDER BY start_hash",
                  kShardColumns));
  q->bind(1, stream_id);
  std::vector<Shard> out;
  while (q->step()) out.push_back(read_shard(*q));
  return out;
}

std::optional<Shard> shard(store::Database& db, std::int64_t stream_id, std::int64_t index) {
  auto q = db.query(fmt::format(
      "SELECT {} FROM kinesis_shards WHERE stream_id = ? AND shard_index = ?", kShardColumns));
  q->bind(1, stream_id).bind(2, index);
  if (!q->step()) return std::nullopt;
  return read_shard(*q);
}

void insert_shard(store::Database& db, const Shard& shard) {
  stream_changed(db);
  // The lowest slot no shard holds.
  std::int64_t slot = 0;
  {
    auto q = db.query(
        "SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM kinesis_shards WHERE records_slot = 0) THEN 0 "
        "ELSE (SELECT min(a.records_slot) + 1 FROM kinesis_shards a WHERE NOT EXISTS "
        "(SELECT 1 FROM kinesis_shards b WHERE b.records_slot = a.records_slot + 1)) END");
    q->step();
    slot = q->int64(0);
  }
  record_table::create(db, slot);
  db.query(
        "INSERT INTO kinesis_shards (stream_id, shard_index, parent_index, adjacent_parent_index, "
        "start_hash, end_hash, created_ms, starting_counter, records_slot) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
      ->bind(1, shard.stream_id)
      .bind(2, shard.index)
      .bind(3, shard.parent)
      .bind(4, shard.adjacent_parent)
      .bind(5, hash_to_hex(shard.range.start))
      .bind(6, hash_to_hex(shard.range.end))
      .bind(7, shard.created_ms)
      .bind(8, shard.starting_counter)
      .bind(9, slot)
      .run();
}

void close_shard(store::Database& db, std::int64_t stream_id, std::int64_t index,
                 std::int64_t ending_counter, std::int64_t closed_ms) {
  stream_changed(db);
  db.query(
        "UPDATE kinesis_shards SET ending_counter = ?, closed_ms = ? "
        "WHERE stream_id = ? AND shard_index = ?")
      ->bind(1, ending_counter)
      .bind(2, closed_ms)
      .bind(3, stream_id)
      .bind(4, index)
      .run();
}

}  // namespace stream_table
}  // namespace eddy::services::kinesis
