#include "services/lambda/event_sources/failure_destination.hpp"

#include <fmt/format.h>

#include "core/arn.hpp"
#include "core/ids.hpp"
#include "core/time_format.hpp"
#include "eddy/log.hpp"
#include "services/lambda/event_sources/event_records.hpp"

namespace eddy::services::lambda::event_sources {
namespace {

std::string iso_time_of_ms(std::int64_t ms) {
  return time_format::iso8601_ms(TimePoint(std::chrono::milliseconds(ms)));
}

}  // namespace

json on_failure_record(const Mapping& mapping, const DiscardedBatch& batch, std::int64_t now_ms) {
  const json& records = *batch.records;
  json response = {{"statusCode", 200}, {"executedVersion", "$LATEST"}};
  if (batch.last_outcome) {
    const BatchOutcome& outcome = *batch.last_outcome;
    response["statusCode"] = outcome.result.status_code;
    if (!outcome.result.executed_version.empty())
      response["executedVersion"] = outcome.result.executed_version;
    if (!outcome.error.empty()) response["functionError"] = outcome.error;
  }
  return {{"requestContext",
           {{"requestId", ids::uuid()},
            {"functionArn", mapping.function_arn},
            {"condition", batch.condition},
            {"approximateInvokeCount", batch.invoke_count}}},
          {"responseContext", std::move(response)},
          {"version", "1.0"},
          {"timestamp", iso_time_of_ms(now_ms)},
          {batch.batch_info_key,
           {{"shardId", batch.shard_id},
            {"startSequenceNumber", record_sequence_number(records.front())},
            {"endSequenceNumber", record_sequence_number(records.back())},
            {"approximateArrivalOfFirstRecord", iso_time_of_ms(record_arrival_ms(records.front()))},
            {"approximateArrivalOfLastRecord", iso_time_of_ms(record_arrival_ms(records.back()))},
            {"batchSize", records.size()},
            {"streamArn", mapping.event_source_arn}}}};
}

Awaitable<void> send_to_on_failure_destination(PollerEnvironment& env, const Mapping& mapping,
                                               const DiscardedBatch& batch) {
  json config = mapping.settings.value("DestinationConfig", json::object());
  if (!config.contains("OnFailure") || !config["OnFailure"].contains("Destination")) co_return;
  std::string destination = config["OnFailure"]["Destination"].get<std::string>();
  json record = on_failure_record(mapping, batch, env.context.clock.now_ms());
  auto arn = Arn::parse(destination);
  bool to_topic = arn && arn->service == "sns";
  if (!arn || (arn->service != "sqs" && !to_topic) || (to_topic && !env.apis.publish_to_topic)) {
    log::write(log::Level::warn,
               fmt::format("event-source mapping {}: on-failure destination not supported: {}",
                           mapping.uuid, destination));
    co_return;
  }
  std::string failure;
  try {
    if (to_topic) {
      co_await env.apis.publish_to_topic(destination, record.dump(), mapping.account,
                                         mapping.region);
    } else {
      sqs::OutgoingMessage message{.body = record.dump()};
      co_await env.apis.sqs.send(destination, std::move(message));
    }
  } catch (const AwsError& error) {
    failure = error.message();
  }
  if (!failure.empty())
    log::write(log::Level::warn,
               fmt::format("event-source mapping {}: on-failure destination refused the record: {}",
                           mapping.uuid, failure));
}

}  // namespace eddy::services::lambda::event_sources
