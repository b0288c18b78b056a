#include "services/kinesis/shard_reading.hpp"

#include "core/base64.hpp"
#include "services/kinesis/stream_description.hpp"
#include "services/shards/sequence_number.hpp"

namespace eddy::services::kinesis {

json record_json(const Stream& stream, std::int64_t shard_index, const StoredRecord& record) {
  json out = {{"SequenceNumber",
               shards::format_sequence_number({.origin_secs = stream.created_ms / 1000,
                                               .shard_index = shard_index,
                                               .counter = record.counter,
                                               .arrival_secs = record.arrival_ms / 1000})},
              {"ApproximateArrivalTimestamp", epoch_seconds(record.arrival_ms)},
              {"Data", base64::encode(record.data)},
              {"PartitionKey", record.partition_key}};
  if (stream.encryption_type != "NONE") out["EncryptionType"] = stream.encryption_type;
  return out;
}

json child_shards_of(const Shard& parent, const std::vector<Shard>& all) {
  json children = json::array();
  for (const Shard& child : all) {
    if (child.starting_counter != parent.ending_counter || !child.range.overlaps(parent.range))
      continue;
    json parents = json::array();
    for (const Shard& other : all)
      if (other.ending_counter == child.starting_counter && other.range.overlaps(child.range))
        parents.push_back(other.id());
    children.push_back({{"ShardId", child.id()},
                        {"ParentShards", std::move(parents)},
                        {"HashKeyRange", child.describe()["HashKeyRange"]}});
  }
  return children;
}

}  // namespace eddy::services::kinesis
