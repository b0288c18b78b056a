// ListStreams and DescribeStream.
#include <algorithm>

#include "services/dynamodbstreams/dynamodbstreams_errors.hpp"
#include "services/dynamodbstreams/dynamodbstreams_service.hpp"

namespace eddy::services::dynamodbstreams {

json DynamoDbStreamsService::ListStreams(const Call& call) {
  streams_errors::ConstraintErrors errors;
  const std::string* table_name = nullptr;
  if (call.input.contains("TableName") && !call.input["TableName"].is_null())
    errors.check_name(&call.input["TableName"], "tableName");
  if (call.input.contains("TableName") && call.input["TableName"].is_string())
    table_name = &call.input["TableName"].get_ref<const std::string&>();
  const std::string* start = streams_errors::check_string(
      errors, call.input, "ExclusiveStartStreamArn", "exclusiveStartStreamArn", 37, 1024, false);
  auto limit = streams_errors::check_limit(errors, call.input, 100).value_or(100);
  errors.throw_if_any();

  auto lock = context_.store.lock();
  json streams = json::array();
  std::string last;
  bool more = false;
  for (const StreamRow& stream : stream_rows::list(context_.store.db(), call.account, call.region,
                                                   table_name ? *table_name : "")) {
    if (start && stream.arn <= *start) continue;
    if (static_cast<int>(streams.size()) == limit) {
      more = true;
      break;
    }
    streams.push_back({{"StreamArn", stream.arn},
                       {"TableName", stream.table_name},
                       {"StreamLabel", stream.label}});
    last = stream.arn;
  }
  json out = {{"Streams", std::move(streams)}};
  if (more) out["LastEvaluatedStreamArn"] = last;
  return out;
}

json DynamoDbStreamsService::DescribeStream(const Call& call) {
  streams_errors::ConstraintErrors errors;
  streams_errors::check_string(errors, call.input, "StreamArn", "streamArn", 37, 1024, true);
  const std::string* start = streams_errors::check_string(
      errors, call.input, "ExclusiveStartShardId", "exclusiveStartShardId", 28, 65, false);
  streams_errors::check_limit(errors, call.input, 100);
  errors.throw_if_any();

  auto lock = context_.store.lock();
  StreamRow stream = stream_for(call);
  json shards = json::array();
  // Each stream has one shard: a page after it is empty.
  if (!start || *start < stream.shard_id) {
    json range = {{"StartingSequenceNumber", format_stream_sequence(stream.start_seq)}};
    if (auto ending = stream_rows::ending_sequence(context_.store.db(), stream))
      range["EndingSequenceNumber"] = format_stream_sequence(std::max(*ending, stream.start_seq));
    shards.push_back({{"ShardId", stream.shard_id}, {"SequenceNumberRange", std::move(range)}});
  }
  return {{"StreamDescription",
           {{"StreamArn", stream.arn},
            {"StreamLabel", stream.label},
            {"StreamStatus", stream.enabled() ? "ENABLED" : "DISABLED"},
            {"StreamViewType", stream.view_type},
            {"CreationRequestDateTime", static_cast<double>(stream.created_ms) / 1000.0},
            {"TableName", stream.table_name},
            {"KeySchema", stream.key_schema},
            {"Shards", std::move(shards)}}}};
}

}  // namespace eddy::services::dynamodbstreams
