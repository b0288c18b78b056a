#include "services/kinesis/stream_description.hpp"

namespace eddy::services::kinesis {

json stream_description_common(const Stream& stream) {
  json out = {
      {"StreamName", stream.name},
      {"StreamARN", stream.arn()},
      {"StreamStatus", "ACTIVE"},
      {"StreamModeDetails", {{"StreamMode", stream.mode}}},
      {"RetentionPeriodHours", stream.retention_hours},
      {"StreamCreationTimestamp", epoch_seconds(stream.created_ms)},
      {"EnhancedMonitoring", json::array({{{"ShardLevelMetrics", stream.shard_level_metrics}}})},
      {"EncryptionType", stream.encryption_type},
  };
  if (stream.key_id) out["KeyId"] = *stream.key_id;
  return out;
}

json stream_summary(const Stream& stream) {
  return {{"StreamName", stream.name},
          {"StreamARN", stream.arn()},
          {"StreamStatus", "ACTIVE"},
          {"StreamModeDetails", {{"StreamMode", stream.mode}}},
          {"StreamCreationTimestamp", epoch_seconds(stream.created_ms)}};
}

}  // namespace eddy::services::kinesis
