#pragma once
// A Kinesis stream or a DynamoDB stream as a stream mapping's poller reads it: shards with their
// lineage, starting positions, and batches of records shaped as the function receives them.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "eddy/clock.hpp"
#include "services/lambda/event_sources/event_records.hpp"
#include "services/lambda/event_sources/poller_environment.hpp"

namespace eddy::services::lambda::event_sources {

struct SourceShard {
  std::string shard_id{};
  bool closed = false;
  std::vector<std::string> parents{};
};

struct ShardBatch {
  json records = json::array();  // event records
  std::int64_t next_position = 0;
  bool finished = false;  // a closed shard read to its end
  // The clock when read: no record that arrived before it is still to come before next_position.
  TimePoint read_at{};
};

enum class StartingPosition { trim_horizon, latest, at_timestamp };

class StreamSource {
 public:
  virtual ~StreamSource() = default;
  // Its shards, oldest first; nullopt when the stream is gone.
  virtual std::optional<std::vector<SourceShard>> shards() const = 0;
  virtual std::int64_t position(const std::string& shard_id, StartingPosition start,
                                std::int64_t at_ms) const = 0;
  virtual ShardBatch read(const std::string& shard_id, std::int64_t position, int limit) const = 0;
  // What a new record in the stream notifies.
  virtual std::string wake_key() const = 0;
  // The InfoKey of its on-failure records: KinesisBatchInfo or DDBStreamBatchInfo.
  virtual std::string batch_info_key() const = 0;
};

// The source `mapping` reads; nullopt when its stream does not exist in its account and region.
std::unique_ptr<StreamSource> open_stream_source(const PollerEnvironment& env,
                                                 const Mapping& mapping);

// Where a new mapping starts in each shard, as its StartingPosition(+Timestamp) says.
std::vector<Checkpoint> initial_checkpoints(const StreamSource& source, const json& settings,
                                            std::int64_t now_ms);

}  // namespace eddy::services::lambda::event_sources
