#include "services/lambda/event_sources/stream_source.hpp"

#include "core/time_format.hpp"
#include "services/dynamodbstreams/stream_log.hpp"

#include <cmath>

namespace eddy::services::lambda::event_sources {
namespace {

class KinesisStreamSource final : public StreamSource {
 public:
  KinesisStreamSource(const kinesis::KinesisApi& api, RecordOrigin origin, std::string account,
                      std::int64_t stream_id)
      : api_(api),
        origin_(std::move(origin)),
        account_(std::move(account)),
        stream_id_(stream_id) {}

  std::optional<std::vector<SourceShard>> shards() const override {
    auto stream = api_.find_stream(account_, origin_.region, origin_.event_source_arn);
    if (!stream) return std::nullopt;
    std::vector<SourceShard> out;
    for (auto& shard : stream->shards)
      out.push_back({.shard_id = shard.shard_id, .closed = shard.closed, .parents = shard.parents});
    return out;
  }

  std::int64_t position(const std::string& shard_id, StartingPosition start,
                        std::int64_t at_ms) const override {
    auto kind = start == StartingPosition::trim_horizon ? kinesis::KinesisStart::trim_horizon
                : start == StartingPosition::latest     ? kinesis::KinesisStart::latest
                                                        : kinesis::KinesisStart::at_timestamp;
    return api_.position(origin_.event_source_arn, shard_id, kind, at_ms).value_or(0);
  }

  ShardBatch read(const std::string& shard_id, std::int64_t position, int limit) const override {
    auto result = api_.read(origin_.event_source_arn, shard_id, position, limit);
    ShardBatch batch{.next_position = result.next_position,
                     .finished = result.shard_finished,
                     .read_at = time_format::from_epoch_ms(result.read_at_ms)};
    for (const json& record : result.records)
      batch.records.push_back(kinesis_event_record(record, shard_id, origin_));
    return batch;
  }

  std::string wake_key() const override { return kinesis::stream_records_wake_key(stream_id_); }
  std::string batch_info_key() const override { return "KinesisBatchInfo"; }

 private:
  const kinesis::KinesisApi& api_;
  RecordOrigin origin_;
  std::string account_;
  std::int64_t stream_id_;
};

class DynamoDbStreamSource final : public StreamSource {
 public:
  DynamoDbStreamSource(const dynamodbstreams::DynamoDbStreamsApi& api, RecordOrigin origin,
                       std::string account)
      : api_(api), origin_(std::move(origin)), account_(std::move(account)) {}

  std::optional<std::vector<SourceShard>> shards() const override {
    auto stream = api_.find_stream(account_, origin_.region, origin_.event_source_arn);
    if (!stream) return std::nullopt;
    std::vector<SourceShard> out;
    for (auto& shard : stream->shards)
      out.push_back({.shard_id = shard.shard_id, .closed = shard.closed});
    return out;
  }

  std::int64_t position(const std::string&, StartingPosition start, std::int64_t) const override {
    return start == StartingPosition::latest ? api_.latest(origin_.event_source_arn)
                                             : api_.trim_horizon(origin_.event_source_arn);
  }

  ShardBatch read(const std::string&, std::int64_t position, int limit) const override {
    auto result = api_.read(origin_.event_source_arn, position, limit);
    if (result.trimmed)  // what it pointed at expired: go on from the oldest record left
      result =
          api_.read(origin_.event_source_arn, api_.trim_horizon(origin_.event_source_arn), limit);
    ShardBatch batch{.next_position = result.next_position,
                     .finished = result.shard_finished,
                     .read_at = time_format::from_epoch_ms(result.read_at_ms)};
    for (const json& record : result.records)
      batch.records.push_back(dynamodb_event_record(record, origin_));
    return batch;
  }

  std::string wake_key() const override {
    return dynamodbstreams::stream_records_wake_key(origin_.event_source_arn);
  }
  std::string batch_info_key() const override { return "DDBStreamBatchInfo"; }

 private:
  const dynamodbstreams::DynamoDbStreamsApi& api_;
  RecordOrigin origin_;
  std::string account_;
};

}  // namespace

std::unique_ptr<StreamSource> open_stream_source(const PollerEnvironment& env,
                                                 const Mapping& mapping) {
  RecordOrigin origin{.event_source_arn = mapping.event_source_arn, .region = mapping.region};
  if (env.apis.function_role)
    origin.invoke_identity_arn = env.apis.function_role(mapping.function_arn);
  if (mapping.kind() == SourceKind::kinesis) {
    auto stream =
        env.apis.kinesis.find_stream(mapping.account, mapping.region, mapping.event_source_arn);
    if (!stream) return nullptr;
    return std::make_unique<KinesisStreamSource>(env.apis.kinesis, std::move(origin),
                                                 mapping.account, stream->stream_id);
  }
  if (!env.apis.dynamodb_streams.find_stream(mapping.account, mapping.region,
                                             mapping.event_source_arn))
    return nullptr;
  return std::make_unique<DynamoDbStreamSource>(env.apis.dynamodb_streams, std::move(origin),
                                                mapping.account);
}

std::vector<Checkpoint> initial_checkpoints(const StreamSource& source, const json& settings,
                                            std::int64_t now_ms) {
  std::string start = settings.value("StartingPosition", "TRIM_HORIZON");
  StartingPosition position = start == "LATEST"         ? StartingPosition::latest
                              : start == "AT_TIMESTAMP" ? StartingPosition::at_timestamp
                                                        : StartingPosition::trim_horizon;
  std::int64_t at_ms = now_ms;
  if (settings.contains("StartingPositionTimestamp"))
    at_ms = std::llround(settings["StartingPositionTimestamp"].get<double>() * 1000);
  std::vector<Checkpoint> out;
  for (const SourceShard& shard : source.shards().value_or(std::vector<SourceShard>{})) {
    // LATEST reads only what arrives from now on: shards already closed have nothing more.
    bool finished = position == StartingPosition::latest && shard.closed;
    out.push_back({.shard_id = shard.shard_id,
                   .position = source.position(shard.shard_id, position, at_ms),
                   .finished = finished});
  }
  return out;
}

}  // namespace eddy::services::lambda::event_sources
