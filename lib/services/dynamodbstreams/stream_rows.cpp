#include "services/dynamodbstreams/stream_rows.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace eddy::services::dynamodbstreams {
namespace {

constexpr std::string_view kStreamColumns =
    "id, arn, account, region, table_name, label, view_type, key_schema, shard_id, created_ms, "
    "start_seq, trimmed_seq, disabled_ms";

StreamRow stream_row_at(const store::Statement& q) {
  StreamRow row;
  row.id = q.int64(0);
  row.arn = q.string(1);
  row.account = q.string(2);
  row.region = q.string(3);
  row.table_name = q.string(4);
  row.label = q.string(5);
  row.view_type = q.string(6);
  row.key_schema = json::parse(q.text(7));
  row.shard_id = q.string(8);
  row.created_ms = q.int64(9);
  row.start_seq = q.int64(10);
  row.trimmed_seq = q.int64(11);
  if (!q.is_null(12)) row.disabled_ms = q.int64(12);
  return row;
}

std::optional<StreamRow> first_stream_row(store::Statement& q) {
  if (!q.step()) return std::nullopt;
  return stream_row_at(q);
}

}  // namespace

std::string format_stream_sequence(std::int64_t seq) {
  return fmt::format("1{:020d}", seq);
}

std::optional<std::int64_t> parse_stream_sequence(std::string_view text) {
  if (text.size() != 21 || text[0] != '1') return std::nullopt;
  text.remove_prefix(1);
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

namespace stream_rows {

std::optional<StreamRow> find_by_arn(store::Database& db, std::string_view arn) {
  auto q = db.query(fmt::format("SELECT {} FROM ddbstreams_streams WHERE arn = ?", kStreamColumns));
  q->bind(1, arn);
  return first_stream_row(*q);
}

std::optional<StreamRow> find_by_id(store::Database& db, std::int64_t id) {
  auto q = db.query(fmt::format("SELECT {} FROM ddbstreams_streams WHERE id = ?", kStreamColumns));
  q->bind(1, id);
  return first_stream_row(*q);
}

std::vector<StreamRow> list(store::Database& db, std::string_view account, std::string_view region,
                            std::string_view table_name) {
  auto q =
      db.query(fmt::format("SELECT {} FROM ddbstreams_streams WHERE account = ? AND region = ? AND "
                           "(? = '' OR table_name = ?) ORDER BY arn",
                           kStreamColumns));
  q->bind(1, account).bind(2, region).bind(3, table_name).bind(4, table_name);
  std::vector<StreamRow> out;
  while (q->step()) out.push_back(stream_row_at(*q));
  return out;
}

std::optional<std::int64_t> ending_sequence(store::Database& db, const StreamRow& stream) {
  if (stream.enabled()) return std::nullopt;
  auto q = db.query("SELECT MAX(seq) FROM ddbstreams_records WHERE stream_id = ?");
  q->bind(1, stream.id);
  if (q->step() && !q->is_null(0)) return q->int64(0);
  // A shard closed before it held a record (or with all of them trimmed) ends before it begins.
  return std::max(stream.start_seq - 1, stream.trimmed_seq);
}

std::int64_t trim_horizon(store::Database& db, const StreamRow& stream, std::int64_t now_ms) {
  std::int64_t untrimmed = std::max(stream.start_seq, stream.trimmed_seq + 1);
  // Expired records are the oldest ones: this steps over those the sweep has yet to remove.
  auto q = db.query(
      "SELECT seq FROM ddbstreams_records WHERE stream_id = ? AND seq >= ? AND created_ms > ? "
      "ORDER BY seq LIMIT 1");
  q->bind(1, stream.id).bind(2, untrimmed).bind(3, now_ms - kRetentionMs);
  if (q->step()) return q->int64(0);
  // Nothing retained: whatever is written next.
  if (auto ending = ending_sequence(db, stream)) return std::max(untrimmed, *ending + 1);
  return std::max(untrimmed, latest_position(db));
}

std::int64_t latest_position(store::Database& db) {
  auto q = db.query("SELECT seq FROM sqlite_sequence WHERE name = 'ddbstreams_records'");
  return q->step() ? q->int64(0) + 1 : 1;
}

std::vector<StoredRecord> read(store::Database& db, std::int64_t stream_id, std::int64_t position,
                               int limit, std::int64_t now_ms) {
  auto q = db.query(
      "SELECT seq, record FROM ddbstreams_records WHERE stream_id = ? AND seq >= ? AND "
      "created_ms > ? ORDER BY seq LIMIT ?");
  q->bind(1, stream_id).bind(2, position).bind(3, now_ms - kRetentionMs).bind(4, limit);
  std::vector<StoredRecord> out;
  while (q->step()) {
    StoredRecord stored{q->int64(0), json::parse(q->text(1))};
    stored.record["dynamodb"]["SequenceNumber"] = format_stream_sequence(stored.seq);
    out.push_back(std::move(stored));
  }
  return out;
}

namespace {

// Whether a trim would change anything. Records are written in sequence order on the clock, so
// the first one is the oldest: one seek, where the trim's own statements scan every record.
bool trim_due(store::Database& db, std::int64_t cutoff) {
  auto oldest = db.query("SELECT created_ms FROM ddbstreams_records ORDER BY seq LIMIT 1");
  if (oldest->step() && oldest->int64(0) <= cutoff) return true;
  auto closed = db.query("SELECT 1 FROM ddbstreams_streams WHERE disabled_ms <= ? LIMIT 1");
  closed->bind(1, cutoff);
  return closed->step();
}

}  // namespace

void trim(store::Database& db, std::int64_t now_ms) {
  std::int64_t cutoff = now_ms - kRetentionMs;
  if (!trim_due(db, cutoff)) return;
  db.query(
        "UPDATE ddbstreams_streams SET trimmed_seq = (SELECT MAX(seq) FROM ddbstreams_records r "
        "WHERE r.stream_id = ddbstreams_streams.id AND r.created_ms <= ?1) WHERE EXISTS (SELECT 1 "
        "FROM ddbstreams_records r WHERE r.stream_id = ddbstreams_streams.id AND r.created_ms <= "
        "?1)")
      ->bind(1, cutoff)
      .run();
  db.query("DELETE FROM ddbstreams_records WHERE created_ms <= ?")->bind(1, cutoff).run();
  db.query(
        "DELETE FROM ddbstreams_records WHERE stream_id IN (SELECT id FROM ddbstreams_streams "
        "WHERE disabled_ms <= ?)")
      ->bind(1, cutoff)
      .run();
  db.query("DELETE FROM ddbstreams_streams WHERE disabled_ms <= ?")->bind(1, cutoff).run();
}

}  // namespace stream_rows
}  // namespace eddy::services::dynamodbstreams
