// Creating, deleting, describing and listing streams.
#include <fmt/format.h>

#include "core/base64.hpp"
#include "core/input.hpp"
#include "services/kinesis/kinesis_errors.hpp"
#include "services/kinesis/kinesis_input.hpp"
#include "services/kinesis/kinesis_limits.hpp"
#include "services/kinesis/kinesis_service.hpp"
#include "services/kinesis/stream_description.hpp"
#include "services/kinesis/stream_tags.hpp"

namespace eddy::services::kinesis {
namespace {

std::int64_t consumer_count_of(store::Database& db, std::int64_t stream_id) {
  auto q = db.query("SELECT COUNT(*) FROM kinesis_consumers WHERE stream_id = ?");
  q->bind(1, stream_id);
  q->step();
  return q->int64(0);
}

}  // namespace

Awaitable<json> KinesisService::CreateStream(const Call& call) {
  InputCheck check(call.input);
  check.required("StreamName").name("StreamName").range("ShardCount", 1, 100000);
  std::string mode = "PROVISIONED";
  if (const json* details = input::member(call.input, "StreamModeDetails")) {
    InputCheck mode_check(*details);
    auto given = mode_check.string("StreamMode");
    if (!given)
      check.fail(
          "Value null at 'streamModeDetails.streamMode' failed to satisfy constraint: Member "
          "must not be null");
    else if (*given != "PROVISIONED" && *given != "ON_DEMAND")
      check.fail(InputCheck::failure(*given, "streamModeDetails.streamMode",
                                     "satisfy enum value set: [PROVISIONED, ON_DEMAND]"));
    else
      mode = *given;
  }
  auto shard_count = check.integer("ShardCount");
  if (mode == "PROVISIONED" && !shard_count)
    check.fail("Value null at 'shardCount' failed to satisfy constraint: Member must not be null");
  check.done();
  if (mode == "ON_DEMAND" && shard_count)
    throw errors::invalid_argument("ShardCount must not be specified for ON_DEMAND streams.");
  int shard_total = mode == "ON_DEMAND" ? kOnDemandShardCount : static_cast<int>(*shard_count);
  std::string name = *check.string("StreamName");
  const json* tags = input::member(call.input, "Tags");

  co_await context_.store.write([&](store::Database& db) {
    if (stream_table::find(db, call.account, call.region, name))
      throw errors::stream_exists(name, call.account);
    check_shard_limit(db, call, shard_total);
    Stream stream;
    stream.account = call.account;
    stream.region = call.region;
    stream.name = name;
    stream.created_ms = now_ms();
    stream.mode = mode;
    stream.next_shard_index = shard_total;
    stream.id = stream_table::insert(db, stream);
    auto ranges = shards::split_key_space(shard_total);
    for (int i = 0; i < shard_total; ++i) {
      Shard shard;
      shard.stream_id = stream.id;
      shard.index = i;
      shard.range = ranges[static_cast<std::size_t>(i)];
      shard.created_ms = stream.created_ms;
      stream_table::insert_shard(db, shard);
    }
    if (tags) stream_tags::add(db, stream.id, *tags);
  });
  co_return json::object();
}

Awaitable<json> KinesisService::DeleteStream(const Call& call) {
  InputCheck check(call.input);
  check.name("StreamName").stream_arn("StreamARN");
  bool enforce = check.boolean("EnforceConsumerDeletion").value_or(false);
  check.done();
  co_await context_.store.write([&](store::Database& db) {
    Stream stream = stream_for(db, call, call.input);
    if (!enforce && consumer_count_of(db, stream.id) > 0)
      throw errors::resource_in_use(fmt::format(
          "Stream {} under account {} has registered consumers. Set EnforceConsumerDeletion to "
          "true to delete them along with the stream.",
          stream.name, stream.account));
    stream_table::remove(db, stream.id);
    wake_subscribers_after_commit(db, stream.id);
  });
  co_return json::object();
}

json KinesisService::DescribeStream(const Call& call) {
  InputCheck check(call.input);
  check.name("StreamName")
      .stream_arn("StreamARN")
      .range("Limit", 1, 10000)
      .name("ExclusiveStartShardId");
  check.done();
  auto limit = check.integer("Limit").value_or(100);
  auto start = check.string("ExclusiveStartShardId");
  auto lock = context_.store.lock();
  auto& db = context_.store.db();
  Stream stream = stream_for(db, call, call.input);
  json out = stream_description_common(stream);
  json listed = json::array();
  bool more = false;
  for (const Shard& shard : stream_table::shards(db, stream.id)) {
    if (start && shard.id() <= *start) continue;
    if (static_cast<std::int64_t>(listed.size()) == limit) {
      more = true;
      break;
    }
    listed.push_back(shard.describe());
  }
  out["Shards"] = std::move(listed);
  out["HasMoreShards"] = more;
  return {{"StreamDescription", std::move(out)}};
}

json KinesisService::DescribeStreamSummary(const Call& call) {
  InputCheck check(call.input);
  check.name("StreamName").stream_arn("StreamARN");
  check.done();
  auto lock = context_.store.lock();
  auto& db = context_.store.db();
  Stream stream = stream_for(db, call, call.input);
  json out = stream_description_common(stream);
  out["OpenShardCount"] = stream_table::open_shards(db, stream.id).size();
  out["ConsumerCount"] = consumer_count_of(db, stream.id);
  return {{"StreamDescriptionSummary", std::move(out)}};
}

json KinesisService::ListStreams(const Call& call) {
  InputCheck check(call.input);
  check.range("Limit", 1, 10000).name("ExclusiveStartStreamName").length("NextToken", 1, 1048576);
  check.done();
  int limit = static_cast<int>(check.integer("Limit").value_or(100));
  std::string after = check.string("ExclusiveStartStreamName").value_or("");
  if (auto token = check.string("NextToken")) {
    auto decoded = base64::decode(*token);
    if (!decoded || !decoded->starts_with("kinesis-streams:"))
      throw errors::invalid_argument(fmt::format("Invalid NextToken: {}", *token));
    after = decoded->substr(16);
  }
  auto lock = context_.store.lock();
  auto streams =
      stream_table::list(context_.store.db(), call.account, call.region, after, limit + 1);
  bool more = static_cast<int>(streams.size()) > limit;
  if (more) streams.pop_back();
  json names = json::array();
  json summaries = json::array();
  for (const Stream& stream : streams) {
    names.push_back(stream.name);
    summaries.push_back(stream_summary(stream));
  }
  json out = {{"StreamNames", std::move(names)},
              {"StreamSummaries", std::move(summaries)},
              {"HasMoreStreams", more}};
  if (more) out["NextToken"] = base64::encode("kinesis-streams:" + streams.back().name);
  return out;
}

json KinesisService::DescribeLimits(const Call& call) {
  auto lock = context_.store.lock();
  auto& db = context_.store.db();
  auto q = db.query(
      "SELECT COUNT(*) FROM kinesis_streams WHERE account = ? AND region = ? AND mode = "
      "'ON_DEMAND'");
  q->bind(1, call.account).bind(2, call.region);
  q->step();
  return {{"ShardLimit", kShardLimit},
          {"OpenShardCount", stream_table::open_shard_count(db, call.account, call.region)},
          {"OnDemandStreamCount", q->int64(0)},
          {"OnDemandStreamCountLimit", kOnDemandStreamLimit}};
}

}  // namespace eddy::services::kinesis
