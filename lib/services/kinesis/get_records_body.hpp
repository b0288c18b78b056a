#pragma once
// GetRecords' answer written straight as JSON text: building a json value per record and
// serialising it was most of the operation's cost.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "eddy/json.hpp"
#include "services/kinesis/record_table.hpp"
#include "services/kinesis/stream_table.hpp"

namespace eddy::services::kinesis {

struct GetRecordsAnswer {
  const Stream& stream;
  std::int64_t shard_index = 0;
  const std::vector<StoredRecord>& records;
  std::int64_t millis_behind_latest = 0;
  std::optional<std::string> next_shard_iterator;  // absent at the end of a closed shard
  std::optional<json> child_shards;                // present only there
};

// The same members, in the same order, as serialising the json value would give.
std::string get_records_body(const GetRecordsAnswer& answer);

}  // namespace eddy::services::kinesis
