// SplitShard, MergeShards and UpdateShardCount: parents close (EndingSequenceNumber), children
// open with ParentShardId/AdjacentParentShardId lineage and the stream's next shard ids.
#include <fmt/format.h>

#include "services/kinesis/kinesis_errors.hpp"
#include "services/kinesis/kinesis_input.hpp"
#include "services/kinesis/kinesis_service.hpp"
#include "services/shards/shard_id.hpp"

namespace eddy::services::kinesis {
namespace {

// The open shard `text` names, or AWS's ResourceNotFoundException.
Shard open_shard_named(store::Database& db, const Stream& stream, const std::string& text,
                       std::string_view action) {
  auto index = shards::parse_shard_id(text);
  auto shard = index ? stream_table::shard(db, stream.id, *index) : std::nullopt;
  if (!shard) throw errors::shard_not_found(text, stream.name, stream.account);
  if (!shard->open())
    throw errors::resource_in_use(
        fmt::format("Shard {} in stream {} under account {} has already been merged or split, "
                    "and thus is not eligible for {}.",
                    shard->id(), stream.name, stream.account, action));
  return std::move(*shard);
}

void require_provisioned(const Stream& stream) {
  if (stream.mode == "ON_DEMAND")
    throw AwsError("ValidationException",
                   fmt::format("Request is invalid. Stream {} under account {} is in On-Demand "
                               "mode.",
                               stream.name, stream.account));
}

}  // namespace

Awaitable<json> KinesisService::SplitShard(const Call& call) {
  InputCheck check(call.input);
  check.required("ShardToSplit")
      .required("NewStartingHashKey")
      .name("StreamName")
      .stream_arn("StreamARN")
      .name("ShardToSplit")
      .decimal("NewStartingHashKey", 38);
  check.done();
  std::string shard_text = *check.string("ShardToSplit");
  std::string new_start_text = *check.string("NewStartingHashKey");
  co_await context_.store.write([&](store::Database& db) {
    Stream stream = stream_for(db, call, call.input);
    require_provisioned(stream);
    Shard shard = open_shard_named(db, stream, shard_text, "splitting");
    auto new_start = shards::parse_hash_key(new_start_text);
    if (!new_start || *new_start <= shard.range.start + 1 || *new_start >= shard.range.end)
      throw errors::invalid_argument(fmt::format(
          "NewStartingHashKey {} used in SplitShard() on shard {} in stream {} under account {} "
          "is not both greater than one plus the shard's StartingHashKey {} and less than the "
          "shard's EndingHashKey {}.",
          new_start_text, shard.id(), stream.name, stream.account,
          shards::format_hash_key(shard.range.start), shards::format_hash_key(shard.range.end)));
    check_shard_limit(db, call, 1);
    reshard(db, stream, {shard},
            {{shard.range.start, *new_start - 1}, {*new_start, shard.range.end}});
  });
  co_return json::object();
}

Awaitable<json> KinesisService::MergeShards(const Call& call) {
  InputCheck check(call.input);
  check.required("ShardToMerge")
      .required("AdjacentShardToMerge")
      .name("StreamName")
      .stream_arn("StreamARN")
      .name("ShardToMerge")
      .name("AdjacentShardToMerge");
  check.done();
  std::string first_text = *check.string("ShardToMerge");
  std::string second_text = *check.string("AdjacentShardToMerge");
  co_await context_.store.write([&](store::Database& db) {
    Stream stream = stream_for(db, call, call.input);
    require_provisioned(stream);
    Shard first = open_shard_named(db, stream, first_text, "merging");
    Shard second = open_shard_named(db, stream, second_text, "merging");
    const Shard& low = first.range.start < second.range.start ? first : second;
    const Shard& high = first.range.start < second.range.start ? second : first;
    if (first.index == second.index || low.range.end + 1 != high.range.start)
      throw errors::invalid_argument(
          fmt::format("Shards {} and {} in stream {} under account {} are not an adjacent pair of "
                      "shards eligible for merging",
                      first.id(), second.id(), stream.name, stream.account));
    // The merged shard's ParentShardId is the shard to merge, its adjacent parent the other.
    reshard(db, stream, {first, second}, {{low.range.start, high.range.end}});
  });
  co_return json::object();
}

Awaitable<json> KinesisService::UpdateShardCount(const Call& call) {
  InputCheck check(call.input);
  check.required("TargetShardCount")
      .required("ScalingType")
      .name("StreamName")
      .stream_arn("StreamARN")
      .range("TargetShardCount", 1, 100000)
      .one_of("ScalingType", {"UNIFORM_SCALING"});
  check.done();
  auto target = *check.integer("TargetShardCount");
  co_return co_await context_.store.write([&](store::Database& db) {
    Stream stream = stream_for(db, call, call.input);
    require_provisioned(stream);
    auto open = stream_table::open_shards(db, stream.id);
    auto current = static_cast<std::int64_t>(open.size());
    if (target > current * 2 || target * 2 < current)
      throw errors::limit_exceeded(fmt::format(
          "UpdateShardCount failed for stream {} under account {}. The target shard count {} "
          "must be between half and double the current open shard count {}.",
          stream.name, stream.account, target, current));
    if (target != current) {
      check_shard_limit(db, call, target - current);
      reshard(db, stream, open, shards::split_key_space(static_cast<int>(target)));
    }
    return json{{"StreamName", stream.name},
                {"StreamARN", stream.arn()},
                {"CurrentShardCount", current},
                {"TargetShardCount", target}};
  });
}

}  // namespace eddy::services::kinesis
