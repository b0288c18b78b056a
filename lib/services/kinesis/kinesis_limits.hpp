#pragma once
// Kinesis's quotas, as AWS sets them by default.
#include <cstddef>
#include <cstdint>

namespace eddy::services::kinesis {

// Open shards per account and region.
constexpr std::int64_t kShardLimit = 500;
constexpr std::int64_t kOnDemandStreamLimit = 50;
constexpr int kOnDemandShardCount = 4;
constexpr std::size_t kMaxRecordBytes = 1024 * 1024;  // data and partition key
constexpr std::size_t kMaxPutRecordsBytes = 5 * 1024 * 1024;
constexpr int kMaxPutRecordsEntries = 500;
constexpr std::size_t kMaxGetRecordsBytes = 10 * 1024 * 1024;
constexpr int kMaxGetRecordsLimit = 10000;
constexpr std::int64_t kMinRetentionHours = 24;
constexpr std::int64_t kMaxRetentionHours = 8760;
constexpr int kMaxConsumersPerStream = 20;

}  // namespace eddy::services::kinesis
