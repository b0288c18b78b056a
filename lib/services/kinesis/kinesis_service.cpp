#include "services/kinesis/kinesis_service.hpp"

#include <fmt/format.h>

#include "core/arn.hpp"
#include "services/kinesis/kinesis_errors.hpp"
#include "services/kinesis/kinesis_input.hpp"
#include "services/kinesis/kinesis_limits.hpp"
#include "services/kinesis/kinesis_schema.hpp"
#include "store/clear_tables.hpp"

namespace eddy::services::kinesis {

const OperationTable<KinesisService>& KinesisService::operations() {
  static const OperationTable<KinesisService> table{
      {"AddTagsToStream", &KinesisService::AddTagsToStream},
      {"CreateStream", &KinesisService::CreateStream},
      {"DecreaseStreamRetentionPeriod", &KinesisService::DecreaseStreamRetentionPeriod},
      {"DeleteStream", &KinesisService::DeleteStream},
      {"DeregisterStreamConsumer", &KinesisService::DeregisterStreamConsumer},
      {"DescribeLimits", &KinesisService::DescribeLimits},
      {"DescribeStream", &KinesisService::DescribeStream},
      {"DescribeStreamConsumer", &KinesisService::DescribeStreamConsumer},
      {"DescribeStreamSummary", &KinesisService::DescribeStreamSummary},
      {"DisableEnhancedMonitoring", &KinesisService::DisableEnhancedMonitoring},
      {"EnableEnhancedMonitoring", &KinesisService::EnableEnhancedMonitoring},
      {"GetRecords", &KinesisService::GetRecords},
      {"GetShardIterator", &KinesisService::GetShardIterator},
      {"IncreaseStreamRetentionPeriod", &KinesisService::IncreaseStreamRetentionPeriod},
      {"ListShards", &KinesisService::ListShards},
      {"ListStreamConsumers", &KinesisService::ListStreamConsumers},
      {"ListStreams", &KinesisService::ListStreams},
      {"ListTagsForResource", &KinesisService::ListTagsForResource},
      {"ListTagsForStream", &KinesisService::ListTagsForStream},
      {"MergeShards", &KinesisService::MergeShards},
      {"PutRecord", &KinesisService::PutRecord},
      {"PutRecords", &KinesisService::PutRecords},
      {"RegisterStreamConsumer", &KinesisService::RegisterStreamConsumer},
      {"RemoveTagsFromStream", &KinesisService::RemoveTagsFromStream},
      {"SplitShard", &KinesisService::SplitShard},
      {"StartStreamEncryption", &KinesisService::StartStreamEncryption},
      {"StopStreamEncryption", &KinesisService::StopStreamEncryption},
      {"SubscribeToShard", &KinesisService::SubscribeToShard},
      {"TagResource", &KinesisService::TagResource},
      {"UntagResource", &KinesisService::UntagResource},
      {"UpdateShardCount", &KinesisService::UpdateShardCount},
      {"UpdateStreamMode", &KinesisService::UpdateStreamMode},
  };
  return table;
}

KinesisService::KinesisService(const ServiceContext& context)
    : context_(context), limiter_(context.config.kinesis_throughput_limits) {}

void KinesisService::prepare(store::Database& db) {
  migrate_kinesis_schema(db);
}

const protocol::ServiceDescription& KinesisService::description() const {
  static const protocol::ServiceDescription description{
      .name = "kinesis",
      .target_prefix = "Kinesis_20131202",
      .json_version = "1.1",
      .operations = operations().names(),
      // The AWS SDK for Java speaks CBOR to Kinesis: these members are byte strings and tag-1
      // timestamps there (the model's blob and timestamp members).
      .cbor_blob_members = {"Data"},
      .cbor_timestamp_members = {"ApproximateArrivalTimestamp", "ConsumerCreationTimestamp",
                                 "EarliestAllowedEndAt", "EndedAt", "StartedAt",
                                 "StreamCreationTimestamp", "Timestamp"},
      // PutRecords: 5 MiB of data, a third more in base64, plus keys and JSON.
      .event_stream_operations = {"SubscribeToShard"},
      .max_request_bytes = 7 * 1024 * 1024 + 512 * 1024,
  };
  return description;
}

Awaitable<json> KinesisService::call(const Call& call) {
  return operations().dispatch(*this, call);
}

void KinesisService::start() {
  context_.scheduler.every("kinesis:sweep", std::chrono::milliseconds(1000),
                           [this] { return sweep_expired(); });
}

void KinesisService::reset(store::Database& db) {
  store::clear_tables(db, "kinesis_");
  limiter_.clear();
  routes_.clear();
  subscriptions_->clear();
}

namespace {

// The stream an ARN points at, wherever it points; ResourceNotFoundException, in AWS's words, when
// it is no stream ARN at all.
StreamAddress address_in_arn(const Call& call, const std::string& arn) {
  auto parsed = Arn::parse(arn);
  if (!parsed || !parsed->resource.starts_with("stream/"))
    throw errors::stream_not_found(arn, parsed ? parsed->account : call.account);
  std::string name = parsed->resource.substr(7);
  if (auto slash = name.find('/'); slash != std::string::npos) name.resize(slash);
  return {parsed->account, parsed->region, std::move(name)};
}

}  // namespace

// The stream a request names by StreamARN or, in its own account and region, by StreamName.
StreamAddress KinesisService::requested_stream(const Call& call, const json& input) {
  InputCheck check(input);
  if (auto arn = check.string("StreamARN")) return address_in_arn(call, *arn);
  auto name = check.string("StreamName");
  if (!name) throw errors::invalid_argument("Neither StreamARN nor StreamName was provided.");
  return {call.account, call.region, std::move(*name)};
}

Stream KinesisService::stream_for(store::Database& db, const Call& call, const json& input) const {
  StreamAddress address = requested_stream(call, input);
  auto stream = stream_table::find(db, address.account, address.region, address.name);
  if (!stream) throw errors::stream_not_found(address.name, address.account);
  return std::move(*stream);
}

StreamRoute& KinesisService::route_at(store::Database& db, const StreamAddress& address) {
  if (StreamRoute* route = routes_.find(db, address.account, address.region, address.name))
    return *route;
  throw errors::stream_not_found(address.name, address.account);
}

Stream KinesisService::stream_at_arn(store::Database& db, const Call& call,
                                     const std::string& arn) const {
  StreamAddress address = address_in_arn(call, arn);
  auto stream = stream_table::find(db, address.account, address.region, address.name);
  if (!stream) throw errors::stream_not_found(address.name, address.account);
  return std::move(*stream);
}

void KinesisService::check_shard_limit(store::Database& db, const Call& call,
                                       std::int64_t adding) const {
  std::int64_t open = stream_table::open_shard_count(db, call.account, call.region);
  if (open + adding <= kShardLimit) return;
  throw errors::limit_exceeded(fmt::format(
      "This request would exceed the shard limit for the account {} in {}. Current shard count "
      "for the account: {}. Limit: {}. Number of additional shards that would have resulted "
      "from this request: {}. Refer to the AWS Service Limits page "
      "(http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits "
      "and how to request higher limits.",
      call.account, call.region, open, kShardLimit, adding));
}

void KinesisService::reshard(store::Database& db, const Stream& stream,
                             const std::vector<Shard>& parents,
                             const std::vector<shards::HashKeyRange>& ranges) {
  std::int64_t now = now_ms();
  // No record can take the last counter handed out any more: it ends the parents and starts the
  // children, which is also how a closed shard finds its children.
  std::int64_t boundary = stream_table::take_counters(db, stream.id, 1);
  for (const Shard& parent : parents)
    stream_table::close_shard(db, stream.id, parent.index, boundary, now);
  for (const auto& range : ranges) {
    Shard child;
    child.stream_id = stream.id;
    child.index = stream_table::take_shard_index(db, stream.id);
    child.range = range;
    child.created_ms = now;
    child.starting_counter = boundary;
    for (const Shard& parent : parents) {
      if (!parent.range.overlaps(range)) continue;
      if (!child.parent)
        child.parent = parent.index;
      else if (!child.adjacent_parent)
        child.adjacent_parent = parent.index;
    }
    stream_table::insert_shard(db, child);
  }
  // Subscribers to the parents send their ChildShards.
  wake_subscribers_after_commit(db, stream.id);
}

}  // namespace eddy::services::kinesis
