// ListShards: a stream's shards, paged by NextToken, optionally filtered to those open at a
// point in time (ShardFilter).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/base64.hpp"
#include "core/input.hpp"
#include "services/kinesis/kinesis_errors.hpp"
#include "services/kinesis/kinesis_input.hpp"
#include "services/kinesis/kinesis_service.hpp"
#include "services/shards/shard_id.hpp"

namespace eddy::services::kinesis {
namespace {

// What a NextToken carries: the stream, the last shard listed and the filter, so the next page
// lists the same selection.
struct ShardPage {
  std::int64_t stream_id = 0;
  std::int64_t after_index = -1;
  std::string filter_type;
  std::int64_t filter_ms = 0;
  std::int64_t filter_shard = -1;
};

std::string page_token(const ShardPage& page) {
  return base64::encode(json{
      {"s", page.stream_id},
      {"a", page.after_index},
      {"t", page.filter_type},
      {"m", page.filter_ms},
      {"h",
       page.filter_shard}}.dump());
}

ShardPage parse_page_token(const std::string& token) {
  auto text = base64::decode(token);
  json parsed = text ? json::parse(*text, nullptr, false) : json();
  if (!parsed.is_object() || !parsed.contains("s") || !parsed["s"].is_number_integer() ||
      !parsed["a"].is_number_integer() || !parsed["t"].is_string() ||
      !parsed["m"].is_number_integer() || !parsed["h"].is_number_integer())
    throw errors::invalid_argument(fmt::format("Invalid NextToken: {}", token));
  return {parsed["s"], parsed["a"], parsed["t"], parsed["m"], parsed["h"]};
}

bool open_at(const Shard& shard, std::int64_t ms) {
  return shard.created_ms <= ms && (!shard.closed_ms || *shard.closed_ms > ms);
}

// Whether the filter keeps the shard. Times before the stream's trim horizon mean the horizon.
bool shard_selected(const Shard& shard, const ShardPage& page, std::int64_t horizon_ms) {
  const std::string& type = page.filter_type;
  if (type.empty()) return true;
  if (type == "AFTER_SHARD_ID") return shard.index > page.filter_shard;
  if (type == "AT_LATEST") return shard.open();
  std::int64_t at = std::max(page.filter_ms, horizon_ms);
  if (type == "AT_TRIM_HORIZON" || type == "AT_TIMESTAMP") return open_at(shard, at);
  // FROM_TRIM_HORIZON, FROM_TIMESTAMP: open then or opened since.
  return !shard.closed_ms || *shard.closed_ms > at;
}

}  // namespace

json KinesisService::ListShards(const Call& call) {
  InputCheck check(call.input);
  check.name("StreamName")
      .stream_arn("StreamARN")
      .length("NextToken", 1, 1048576)
      .name("ExclusiveStartShardId")
      .range("MaxResults", 1, 10000);
  auto created = check.timestamp("StreamCreationTimestamp");
  ShardPage page;
  const json* filter = input::member(call.input, "ShardFilter");
  std::optional<double> filter_time;
  if (filter) {
    InputCheck filter_check(*filter);
    auto type = filter_check.string("Type");
    filter_time = filter_check.timestamp("Timestamp");
    if (!type)
      check.fail(
          "Value null at 'shardFilter.type' failed to satisfy constraint: Member must not "
          "be null");
    else if (std::string_view allowed[] = {"AFTER_SHARD_ID", "AT_TRIM_HORIZON", "FROM_TRIM_HORIZON",
                                           "AT_LATEST", "AT_TIMESTAMP", "FROM_TIMESTAMP"};
             std::find(std::begin(allowed), std::end(allowed), *type) == std::end(allowed))
      check.fail(
          InputCheck::failure(*type, "shardFilter.type",
                              "satisfy enum value set: [AFTER_SHARD_ID, AT_TRIM_HORIZON, "
                              "FROM_TRIM_HORIZON, AT_LATEST, AT_TIMESTAMP, FROM_TIMESTAMP]"));
    else
      page.filter_type = *type;
    if (page.filter_type == "AFTER_SHARD_ID") {
      auto shard = filter_check.string("ShardId");
      auto index = shard ? shards::parse_shard_id(*shard) : std::nullopt;
      if (!index)
        throw errors::invalid_argument(
            "ShardFilter of type AFTER_SHARD_ID requires a valid ShardId.");
      page.filter_shard = *index;
    }
    if (page.filter_type == "AT_TIMESTAMP" || page.filter_type == "FROM_TIMESTAMP") {
      if (!filter_time)
        throw errors::invalid_argument(
            fmt::format("ShardFilter of type {} requires a Timestamp.", page.filter_type));
      page.filter_ms = static_cast<std::int64_t>(std::llround(*filter_time * 1000));
    }
  }
  check.done();
  auto token = check.string("NextToken");
  bool names_stream = check.string("StreamName") || check.string("StreamARN");
  if (!token && !names_stream)
    throw errors::invalid_argument("Either NextToken or StreamName should be provided.");
  if (token && names_stream)
    throw errors::invalid_argument("NextToken and StreamName cannot be provided together.");
  auto limit = check.integer("MaxResults").value_or(1000);

  auto lock = context_.store.lock();
  auto& db = context_.store.db();
  Stream stream;
  if (token) {
    page = parse_page_token(*token);
    auto found = stream_table::find_by_id(db, page.stream_id);
    if (!found || found->account != call.account)
      throw errors::invalid_argument(fmt::format("Invalid NextToken: {}", *token));
    stream = std::move(*found);
  } else {
    stream = stream_for(db, call, call.input);
    page.stream_id = stream.id;
    if (created && std::llround(*created * 1000) / 1000 != stream.created_ms / 1000)
      throw errors::stream_not_found(stream.name, stream.account);
    if (auto start = check.string("ExclusiveStartShardId")) {
      auto index = shards::parse_shard_id(*start);
      page.after_index = index ? *index : -1;
    }
  }
  std::int64_t horizon = std::max(stream.created_ms, stream.retention_cutoff_ms(now_ms()));
  json listed = json::array();
  bool more = false;
  for (const Shard& shard : stream_table::shards(db, stream.id)) {
    if (shard.index <= page.after_index || !shard_selected(shard, page, horizon)) continue;
    if (static_cast<std::int64_t>(listed.size()) == limit) {
      more = true;
      break;
    }
    listed.push_back(shard.describe());
    page.after_index = shard.index;
  }
  json out = {{"Shards", std::move(listed)}};
  if (more) out["NextToken"] = page_token(page);
  return out;
}

}  // namespace eddy::services::kinesis
