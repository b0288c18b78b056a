#pragma once
// Amazon Kinesis Data Streams: streams of shards, records routed by the MD5 of their partition
// key, read through shard iterators; resharding, retention on the emulator's clock, consumers,
// tags, and the stream settings AWS stores (encryption, enhanced monitoring).
#include <memory>
#include <optional>
#include <string>

#include "protocol/event_stream.hpp"

#include "services/kinesis/kinesis_api.hpp"
#include "services/kinesis/shard_subscriptions.hpp"
#include "services/kinesis/stream_routes.hpp"
#include "services/kinesis/stream_table.hpp"
#include "services/kinesis/throughput_limiter.hpp"
#include "services/service.hpp"
#include "services/service_context.hpp"
#include "services/shards/shard_iterator.hpp"

namespace eddy::services::kinesis {

// A stream as a request names it.
struct StreamAddress {
  std::string account;
  std::string region;
  std::string name;
};

class KinesisService final : public Service {
 public:
  explicit KinesisService(const ServiceContext& context);

  const protocol::ServiceDescription& description() const override;
  Awaitable<json> call(const Call& call) override;
  void start() override;
  void prepare(store::Database& db) override;
  void reset(store::Database& db) override;

  // For Lambda's event-source mappings, in-process.
  const KinesisApi& api() const { return api_; }

 private:
  static const OperationTable<KinesisService>& operations();

  // stream_operations.cpp
  Awaitable<json> CreateStream(const Call& call);
  Awaitable<json> DeleteStream(const Call& call);
  json DescribeStream(const Call& call);
  json DescribeStreamSummary(const Call& call);
  json ListStreams(const Call& call);
  json ListShards(const Call& call);
  json DescribeLimits(const Call& call);
  // stream_settings_operations.cpp
  Awaitable<json> IncreaseStreamRetentionPeriod(const Call& call);
  Awaitable<json> DecreaseStreamRetentionPeriod(const Call& call);
  Awaitable<json> UpdateStreamMode(const Call& call);
  Awaitable<json> StartStreamEncryption(const Call& call);
  Awaitable<json> StopStreamEncryption(const Call& call);
  Awaitable<json> EnableEnhancedMonitoring(const Call& call);
  Awaitable<json> DisableEnhancedMonitoring(const Call& call);
  // put_operations.cpp
  Awaitable<json> PutRecord(const Call& call);
  Awaitable<json> PutRecords(const Call& call);
  // read_operations.cpp
  json GetShardIterator(const Call& call);
  json GetRecords(const Call& call);
  // reshard_operations.cpp
  Awaitable<json> SplitShard(const Call& call);
  Awaitable<json> MergeShards(const Call& call);
  Awaitable<json> UpdateShardCount(const Call& call);
  // tag_operations.cpp
  Awaitable<json> AddTagsToStream(const Call& call);
  Awaitable<json> RemoveTagsFromStream(const Call& call);
  json ListTagsForStream(const Call& call);
  Awaitable<json> TagResource(const Call& call);
  Awaitable<json> UntagResource(const Call& call);
  json ListTagsForResource(const Call& call);
  // consumer_operations.cpp
  Awaitable<json> RegisterStreamConsumer(const Call& call);
  Awaitable<json> DeregisterStreamConsumer(const Call& call);
  json DescribeStreamConsumer(const Call& call);
  json ListStreamConsumers(const Call& call);
  // subscribe_to_shard.cpp
  Awaitable<json> SubscribeToShard(const Call& call);

  // The stream a request names by StreamName or StreamARN (checked against the request's account
  // and region); ResourceNotFoundException when there is none. Caller holds the store lock.
  Stream stream_for(store::Database& db, const Call& call, const json& input) const;
  // Where a request's StreamName or StreamARN points, read before the store lock is taken: puts
  // spend as little as they can inside the serialized write.
  static StreamAddress requested_stream(const Call& call, const json& input);
  // The cached route of that stream, which puts write through; ResourceNotFoundException when
  // there is none. Caller holds the store lock.
  StreamRoute& route_at(store::Database& db, const StreamAddress& address);
  // The stream an ARN names, wherever the ARN points. Caller holds the store lock.
  Stream stream_at_arn(store::Database& db, const Call& call, const std::string& arn) const;
  // Increase/DecreaseStreamRetentionPeriod: each refuses to move the other way.
  Awaitable<json> change_retention(const Call& call, bool increase);
  // Closes `parents` and opens shards over `ranges`, for splits, merges and scaling.
  void reshard(store::Database& db, const Stream& stream, const std::vector<Shard>& parents,
               const std::vector<shards::HashKeyRange>& ranges);
  // Open shards after a change must stay within the account's shard limit.
  void check_shard_limit(store::Database& db, const Call& call, std::int64_t adding) const;

  // subscribe_to_shard.cpp: sends a subscription's events until it ends.
  Awaitable<void> run_subscription(ShardSubscription subscription,
                                   std::shared_ptr<protocol::EventStream> events);
  // Subscriptions to the stream's shards look again once this write commits: new records, a
  // closed shard, a stream or consumer gone.
  void wake_subscribers_after_commit(store::Database& db, std::int64_t stream_id);

  // retention_sweep.cpp: records past their stream's retention period go.
  Awaitable<std::optional<TimePoint>> sweep_expired();

  std::int64_t now_ms() const { return context_.clock.now_ms(); }

  ServiceContext context_;
  shards::ShardIteratorCodec iterators_;
  ThroughputLimiter limiter_;
  StreamRoutes routes_;
  // Shared with running subscriptions, which may outlive a reset.
  std::shared_ptr<ShardSubscriptions> subscriptions_ = std::make_shared<ShardSubscriptions>();
  KinesisApi api_{context_.store, context_.clock};
};

}  // namespace eddy::services::kinesis
