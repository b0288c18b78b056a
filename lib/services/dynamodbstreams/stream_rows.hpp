#pragma once
// The stored streams and their records (ddbstreams_streams, ddbstreams_records), read by the
// service's operations and by its in-process API. Callers hold the store lock.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "eddy/json.hpp"
#include "store/database.hpp"

namespace eddy::services::dynamodbstreams {

// Records older than this are trimmed, on the emulator's clock.
constexpr std::int64_t kRetentionMs = 24LL * 3600 * 1000;

struct StreamRow {
  std::int64_t id = 0;
  std::string arn;
  std::string account;
  std::string region;
  std::string table_name;
  std::string label;
  std::string view_type;
  json key_schema;
  std::string shard_id;
  std::int64_t created_ms = 0;
  std::int64_t start_seq = 0;
  std::int64_t trimmed_seq = 0;
  std::optional<std::int64_t> disabled_ms;

  bool enabled() const { return !disabled_ms; }
};

// Sequence numbers as AWS writes Streams': 21 decimal digits, here a '1' and the record's
// 20-digit position, so text order is number order.
std::string format_stream_sequence(std::int64_t seq);
// nullopt for text that is not one.
std::optional<std::int64_t> parse_stream_sequence(std::string_view text);

namespace stream_rows {

std::optional<StreamRow> find_by_arn(store::Database& db, std::string_view arn);
std::optional<StreamRow> find_by_id(store::Database& db, std::int64_t id);
// Streams of (account, region), of one table when `table_name` is not empty, ordered by ARN.
std::vector<StreamRow> list(store::Database& db, std::string_view account, std::string_view region,
                            std::string_view table_name);

// The shard's last sequence number, once it is closed (its stream disabled).
std::optional<std::int64_t> ending_sequence(store::Database& db, const StreamRow& stream);
// The oldest record within retention at `now_ms`: the first position TRIM_HORIZON reads. Records
// past retention that the sweep has not removed yet are skipped here as reads skip them, so the
// sweep cannot then trim the position away under a fresh iterator.
std::int64_t trim_horizon(store::Database& db, const StreamRow& stream, std::int64_t now_ms);
// The position after every record written so far.
std::int64_t latest_position(store::Database& db);

struct StoredRecord {
  std::int64_t seq = 0;
  json record;  // with its SequenceNumber
};
// Up to `limit` records of the stream from `position` on, skipping those past retention at
// `now_ms`.
std::vector<StoredRecord> read(store::Database& db, std::int64_t stream_id, std::int64_t position,
                               int limit, std::int64_t now_ms);

// Removes records past retention (raising trimmed_seq) and streams disabled longer than it.
void trim(store::Database& db, std::int64_t now_ms);

}  // namespace stream_rows
}  // namespace eddy::services::dynamodbstreams
