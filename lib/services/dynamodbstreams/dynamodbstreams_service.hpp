#pragma once
// Amazon DynamoDB Streams: the change records of tables whose stream is on, read through shard
// iterators. DynamoDB writes the records (stream_log.hpp) in the same store write as the item
// change; this service lists, describes and reads them, and trims them after 24 hours.
#include <optional>

#include "services/dynamodbstreams/dynamodb_streams_api.hpp"
#include "services/dynamodbstreams/stream_rows.hpp"
#include "services/service.hpp"
#include "services/service_context.hpp"
#include "services/shards/shard_iterator.hpp"

namespace eddy::services::dynamodbstreams {

class DynamoDbStreamsService final : public Service {
 public:
  explicit DynamoDbStreamsService(const ServiceContext& context);
  ~DynamoDbStreamsService() override;

  const protocol::ServiceDescription& description() const override;
  Awaitable<json> call(const Call& call) override;
  void start() override;
  void prepare(store::Database& db) override;
  void reset(store::Database& db) override;

  // For Lambda's event-source mappings, in-process.
  const DynamoDbStreamsApi& api() const { return api_; }

 private:
  static const OperationTable<DynamoDbStreamsService>& operations();

  // stream_operations.cpp
  json ListStreams(const Call& call);
  json DescribeStream(const Call& call);
  // record_operations.cpp
  json GetShardIterator(const Call& call);
  json GetRecords(const Call& call);

  // The stream a request's StreamArn names, in the caller's account and region; lock held.
  StreamRow stream_for(const Call& call) const;

  Awaitable<std::optional<TimePoint>> sweep_trimmed_records();

  ServiceContext context_;
  shards::ShardIteratorCodec iterators_{shards::ShardIteratorCodec::kStreamsLifetimeMs};
  DynamoDbStreamsApi api_{context_.store, context_.clock};
};

}  // namespace eddy::services::dynamodbstreams
