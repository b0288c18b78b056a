#pragma once
// Kinesis for other services in the same emulator (Lambda's event-source mappings), never over
// HTTP: find a stream and its shards with their lineage, pick a starting position in a shard,
// read records from it as GetRecords shapes them. A position is a record counter: the first
// record read is the first at or after it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "eddy/clock.hpp"
#include "eddy/json.hpp"
#include "store/store.hpp"

namespace eddy::services::kinesis {

struct KinesisShardInfo {
  std::string shard_id{};
  bool closed = false;                 // split or merged away: no records will come
  std::vector<std::string> parents{};  // the shards it was split or merged from
};

struct KinesisStreamInfo {
  std::string arn{};
  std::int64_t stream_id = 0;
  std::vector<KinesisShardInfo> shards{};  // oldest first
};

struct KinesisReadResult {
  json records = json::array();  // as GetRecords returns them
  std::int64_t next_position = 0;
  bool shard_finished = false;  // a closed shard read to its end
  // Arrival of the oldest record returned, for MaximumRecordAgeInSeconds; 0 when none.
  std::int64_t first_arrival_ms = 0;
  // The clock when read, under the store lock: every record that arrived before it was committed,
  // so it is in this batch or past it.
  std::int64_t read_at_ms = 0;
};

enum class KinesisStart { trim_horizon, latest, at_timestamp };

// What a write to the stream notifies once it commits (PutRecord(s), reshards, deletion):
// enhanced fan-out subscriptions and event-source pollers wait on it.
std::string stream_records_wake_key(std::int64_t stream_id);

class KinesisApi {
 public:
  KinesisApi(store::Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // nullopt when (account, region) has no such stream.
  std::optional<KinesisStreamInfo> find_stream(std::string_view account, std::string_view region,
                                               std::string_view arn) const;
  // The position `start` names in the shard (`at_ms` for AT_TIMESTAMP); nullopt when the stream
  // or shard is gone.
  std::optional<std::int64_t> position(std::string_view arn, std::string_view shard_id,
                                       KinesisStart start, std::int64_t at_ms = 0) const;
  // Up to `limit` records from `position`, skipping those past retention. A stream or shard that
  // is gone reads as finished.
  KinesisReadResult read(std::string_view arn, std::string_view shard_id, std::int64_t position,
                         int limit) const;

 private:
  store::Store& store_;
  const Clock& clock_;
};

}  // namespace eddy::services::kinesis
