#pragma once
// DynamoDB Streams for other services in the same emulator (Lambda's event-source mappings),
// never over HTTP: find a stream's shards, pick a starting position, read records from it. A
// position is a sequence number: the first record read has a sequence number at least this.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "eddy/clock.hpp"
#include "eddy/json.hpp"
#include "store/store.hpp"

namespace eddy::services::dynamodbstreams {

struct StreamShard {
  std::string shard_id;
  bool closed = false;  // the stream was disabled (or its table deleted): no records will come
};

struct StreamInfo {
  std::string arn;
  std::string table_name;
  std::string view_type;
  bool enabled = true;
  std::vector<StreamShard> shards;
};

struct StreamReadResult {
  json records = json::array();  // as GetRecords returns them
  std::int64_t next_position = 0;
  bool shard_finished = false;  // a closed shard read to its end
  bool trimmed = false;         // the position was trimmed away; restart at the trim horizon
  // The clock when read, under the store lock: every record that arrived before it was committed,
  // so it is in this batch or past it.
  std::int64_t read_at_ms = 0;
};

class DynamoDbStreamsApi {
 public:
  DynamoDbStreamsApi(store::Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // nullopt when (account, region) has no such stream.
  std::optional<StreamInfo> find_stream(std::string_view account, std::string_view region,
                                        std::string_view arn) const;
  // TRIM_HORIZON's or LATEST's position in the stream's shard.
  std::int64_t trim_horizon(std::string_view arn) const;
  std::int64_t latest(std::string_view arn) const;
  // Up to `limit` records from `position`, skipping those past retention.
  StreamReadResult read(std::string_view arn, std::int64_t position, int limit) const;

 private:
  store::Store& store_;
  const Clock& clock_;
};

}  // namespace eddy::services::dynamodbstreams
