#pragma once
// What reading a shard hands out, shaped alike by GetRecords and SubscribeToShard: its records,
// and at the end of a closed shard the shards its key range went to.
#include <cstdint>
#include <vector>

#include "eddy/json.hpp"
#include "services/kinesis/record_table.hpp"
#include "services/kinesis/stream_table.hpp"

namespace eddy::services::kinesis {

// A Record as the API shapes it: SequenceNumber, ApproximateArrivalTimestamp, Data (base64),
// PartitionKey and, on an encrypted stream, EncryptionType.
json record_json(const Stream& stream, std::int64_t shard_index, const StoredRecord& record);
// ChildShards: the shards opened when `parent` closed, over part of its range.
json child_shards_of(const Shard& parent, const std::vector<Shard>& all);

}  // namespace eddy::services::kinesis
