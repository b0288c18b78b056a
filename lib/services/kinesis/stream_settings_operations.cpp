// Settings a stream keeps: retention period, capacity mode, encryption and shard-level metrics.
#include <fmt/format.h>

#include <algorithm>

#include "core/input.hpp"
#include "services/kinesis/kinesis_errors.hpp"
#include "services/kinesis/kinesis_input.hpp"
#include "services/kinesis/kinesis_limits.hpp"
#include "services/kinesis/kinesis_service.hpp"

namespace eddy::services::kinesis {
namespace {

constexpr std::string_view kShardLevelMetrics[] = {"IncomingBytes",
                                                   "IncomingRecords",
                                                   "OutgoingBytes",
                                                   "OutgoingRecords",
                                                   "WriteProvisionedThroughputExceeded",
                                                   "ReadProvisionedThroughputExceeded",
                                                   "IteratorAgeMilliseconds",
                                                   "ALL"};

std::int64_t requested_retention(const Call& call) {
  InputCheck check(call.input);
  check.required("RetentionPeriodHours").name("StreamName").stream_arn("StreamARN");
  auto hours = check.integer("RetentionPeriodHours");
  check.done();
  if (*hours < kMinRetentionHours)
    throw errors::invalid_argument(
        fmt::format("Minimum allowed retention period is {} hours. Requested retention period ({} "
                    "hours) is too short.",
                    kMinRetentionHours, *hours));
  if (*hours > kMaxRetentionHours)
    throw errors::invalid_argument(
        fmt::format("Maximum allowed retention period is {} hours. Requested retention period ({} "
                    "hours) is too long.",
                    kMaxRetentionHours, *hours));
  return *hours;
}

// The metric names of an Enable/DisableEnhancedMonitoring request; ALL stands for every one.
std::vector<std::string> requested_metrics(const json& input) {
  InputCheck check(input);
  check.required("ShardLevelMetrics").name("StreamName").stream_arn("StreamARN");
  const json* metrics = input::member(input, "ShardLevelMetrics");
  std::vector<std::string> names;
  if (metrics) {
    if (!metrics->is_array()) throw errors::serialization("Expected list or null");
    if (metrics->empty() || metrics->size() > 7)
      check.fail(fmt::format(
          "Value '{}' at 'shardLevelMetrics' failed to satisfy constraint: Member must have "
          "length {}",
          metrics->dump(),
          metrics->empty() ? "greater than or equal to 1" : "less than or equal to 7"));
    for (const auto& metric : *metrics) {
      std::string name = metric.is_string() ? metric.get<std::string>() : metric.dump();
      if (std::find(std::begin(kShardLevelMetrics), std::end(kShardLevelMetrics), name) ==
          std::end(kShardLevelMetrics))
        check.fail(InputCheck::failure(
            name, "shardLevelMetrics",
            "satisfy constraint: [Member must satisfy enum value set: [IncomingBytes, "
            "OutgoingRecords, IteratorAgeMilliseconds, IncomingRecords, "
            "ReadProvisionedThroughputExceeded, WriteProvisionedThroughputExceeded, "
            "OutgoingBytes, ALL]]"));
      names.push_back(name);
    }
  }
  check.done();
  if (std::find(names.begin(), names.end(), "ALL") != names.end())
    return {std::begin(kShardLevelMetrics), std::end(kShardLevelMetrics) - 1};
  return names;
}

// The EncryptionType and KeyId both encryption operations take.
std::pair<std::string, std::string> requested_encryption(const json& input) {
  InputCheck check(input);
  check.required("EncryptionType")
      .required("KeyId")
      .name("StreamName")
      .stream_arn("StreamARN")
      .one_of("EncryptionType", {"NONE", "KMS"})
      .length("KeyId", 1, 2048);
  check.done();
  return {*check.string("EncryptionType"), *check.string("KeyId")};
}

}  // namespace

Awaitable<json> KinesisService::IncreaseStreamRetentionPeriod(const Call& call) {
  std::int64_t hours = requested_retention(call);
  co_await context_.store.write([&](store::Database& db) {
    Stream stream = stream_for(db, call, call.input);
    if (hours < stream.retention_hours)
      throw errors::invalid_argument(fmt::format(
          "Requested retention period ({} hours) for stream {} can not be shorter than existing "
          "retention period ({} hours). Use DecreaseRetentionPeriod API.",
          hours, stream.name, stream.retention_hours));
    stream.retention_hours = hours;
    stream_table::update_settings(db, stream);
  });
  co_return json::object();
}

Awaitable<json> KinesisService::DecreaseStreamRetentionPeriod(const Call& call) {
  std::int64_t hours = requested_retention(call);
  co_await context_.store.write([&](store::Database& db) {
    Stream stream = stream_for(db, call, call.input);
    if (hours > stream.retention_hours)
      throw errors::invalid_argument(fmt::format(
          "Requested retention period ({} hours) for stream {} can not be longer than existing "
          "retention period ({} hours). Use IncreaseRetentionPeriod API.",
          hours, stream.name, stream.retention_hours));
    stream.retention_hours = hours;
    stream_table::update_settings(db, stream);
  });
  co_return json::object();
}

Awaitable<json> KinesisService::UpdateStreamMode(const Call& call) {
  InputCheck check(call.input);
  check.required("StreamARN").required("StreamModeDetails").stream_arn("StreamARN");
  std::string mode;
  if (const json* details = input::member(call.input, "StreamModeDetails")) {
    auto given = InputCheck(*details).string("StreamMode");
    if (!given || (*given != "PROVISIONED" && *given != "ON_DEMAND"))
      check.fail(InputCheck::failure(given.value_or("null"), "streamModeDetails.streamMode",
                                     "satisfy enum value set: [PROVISIONED, ON_DEMAND]"));
    else
      mode = *given;
  }
  check.done();
  co_await context_.store.write([&](store::Database& db) {
    Stream stream = stream_at_arn(db, call, *check.string("StreamARN"));
    if (stream.mode == mode)
      throw errors::invalid_argument(
          fmt::format("Stream {} under account {} is already in {} "
                      "mode.",
                      stream.name, stream.account, mode));
    stream.mode = mode;
    stream_table::update_settings(db, stream);
  });
  co_return json::object();
}

Awaitable<json> KinesisService::StartStreamEncryption(const Call& call) {
  auto requested = requested_encryption(call.input);
  std::string type = requested.first;
  std::string key = requested.second;
  if (type != "KMS")
    throw errors::invalid_argument(
        "Encryption type NONE is not valid for StartStreamEncryption; use KMS.");
  co_await context_.store.write([&](store::Database& db) {
    Stream stream = stream_for(db, call, call.input);
    stream.encryption_type = type;
    stream.key_id = key;
    stream_table::update_settings(db, stream);
  });
  co_return json::object();
}

Awaitable<json> KinesisService::StopStreamEncryption(const Call& call) {
  requested_encryption(call.input);
  co_await context_.store.write([&](store::Database& db) {
    Stream stream = stream_for(db, call, call.input);
    stream.encryption_type = "NONE";
    stream.key_id.reset();
    stream_table::update_settings(db, stream);
  });
  co_return json::object();
}

Awaitable<json> KinesisService::EnableEnhancedMonitoring(const Call& call) {
  auto names = requested_metrics(call.input);
  co_return co_await context_.store.write([&](store::Database& db) {
    Stream stream = stream_for(db, call, call.input);
    json current = stream.shard_level_metrics;
    for (const auto& name : names)
      if (std::find(stream.shard_level_metrics.begin(), stream.shard_level_metrics.end(), name) ==
          stream.shard_level_metrics.end())
        stream.shard_level_metrics.push_back(name);
    stream_table::update_settings(db, stream);
    return json{{"StreamName", stream.name},
                {"StreamARN", stream.arn()},
                {"CurrentShardLevelMetrics", current},
                {"DesiredShardLevelMetrics", stream.shard_level_metrics}};
  });
}

Awaitable<json> KinesisService::DisableEnhancedMonitoring(const Call& call) {
  auto names = requested_metrics(call.input);
  co_return co_await context_.store.write([&](store::Database& db) {
    Stream stream = stream_for(db, call, call.input);
    json current = stream.shard_level_metrics;
    json kept = json::array();
    for (const auto& metric : stream.shard_level_metrics)
      if (std::find(names.begin(), names.end(), metric.get<std::string>()) == names.end())
        kept.push_back(metric);
    stream.shard_level_metrics = kept;
    stream_table::update_settings(db, stream);
    return json{{"StreamName", stream.name},
                {"StreamARN", stream.arn()},
                {"CurrentShardLevelMetrics", current},
                {"DesiredShardLevelMetrics", kept}};
  });
}

}  // namespace eddy::services::kinesis
