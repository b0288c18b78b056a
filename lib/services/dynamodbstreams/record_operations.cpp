// GetShardIterator and GetRecords: iterators are ShardIteratorCodec tokens naming the stream's
// row id and a sequence number, valid for fifteen minutes of the emulator's clock.
#include <string>

#include "services/dynamodbstreams/dynamodbstreams_errors.hpp"
#include "services/dynamodbstreams/dynamodbstreams_service.hpp"

namespace eddy::services::dynamodbstreams {
namespace {

// The sequence number AT_ and AFTER_SEQUENCE_NUMBER start from, checked against the shard.
std::int64_t requested_sequence(store::Database& db, const StreamRow& stream,
                                const std::string* text, const std::string& type) {
  if (!text)
    throw streams_errors::validation("Must provide a SequenceNumber for iterator type " + type);
  auto seq = parse_stream_sequence(*text);
  auto ending = stream_rows::ending_sequence(db, stream);
  if (!seq || *seq < stream.start_seq || (ending && *seq > *ending) ||
      *seq >= stream_rows::latest_position(db))
    throw streams_errors::validation("Invalid SequenceNumber for ShardIteratorType " + type + ": " +
                                     *text);
  if (*seq <= stream.trimmed_seq) throw streams_errors::trimmed();
  return *seq;
}

}  // namespace

json DynamoDbStreamsService::GetShardIterator(const Call& call) {
  streams_errors::ConstraintErrors errors;
  streams_errors::check_string(errors, call.input, "StreamArn", "streamArn", 37, 1024, true);
  const std::string* shard_id =
      streams_errors::check_string(errors, call.input, "ShardId", "shardId", 28, 65, true);
  const std::string* type = streams_errors::check_string(errors, call.input, "ShardIteratorType",
                                                         "shardIteratorType", 0, 64, true);
  if (type && *type != "TRIM_HORIZON" && *type != "LATEST" && *type != "AT_SEQUENCE_NUMBER" &&
      *type != "AFTER_SEQUENCE_NUMBER")
    errors.add("'" + *type + "'", "shardIteratorType",
               "Member must satisfy enum value set: [TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, "
               "AFTER_SEQUENCE_NUMBER]");
  const std::string* sequence = streams_errors::check_string(errors, call.input, "SequenceNumber",
                                                             "sequenceNumber", 21, 40, false);
  errors.throw_if_any();

  auto lock = context_.store.lock();
  auto& db = context_.store.db();
  StreamRow stream = stream_for(call);
  if (*shard_id != stream.shard_id) throw streams_errors::shard_not_found(*shard_id, stream.arn);
  std::int64_t position = 0;
  if (*type == "TRIM_HORIZON") {
    position = stream_rows::trim_horizon(db, stream, context_.clock.now_ms());
  } else if (*type == "LATEST") {
    auto ending = stream_rows::ending_sequence(db, stream);
    position = ending ? *ending + 1 : stream_rows::latest_position(db);
  } else {
    position = requested_sequence(db, stream, sequence, *type);
    if (*type == "AFTER_SEQUENCE_NUMBER") ++position;
  }
  return {{"ShardIterator", iterators_.encode({.stream = std::to_string(stream.id),
                                               .shard_index = 0,
                                               .position = position,
                                               .created_ms = context_.clock.now_ms()})}};
}

json DynamoDbStreamsService::GetRecords(const Call& call) {
  streams_errors::ConstraintErrors errors;
  const std::string* token = streams_errors::check_string(errors, call.input, "ShardIterator",
                                                          "shardIterator", 1, 2048, true);
  int limit = streams_errors::check_limit(errors, call.input, 1000).value_or(1000);
  errors.throw_if_any();

  std::int64_t now_ms = context_.clock.now_ms();
  shards::IteratorPosition iterator;
  try {
    iterator = iterators_.decode(*token, now_ms);
  } catch (const AwsError& error) {
    if (error.code() == "ExpiredIteratorException") throw;
    throw streams_errors::validation("Invalid ShardIterator");
  }
  auto lock = context_.store.lock();
  auto& db = context_.store.db();
  auto stream = stream_rows::find_by_id(db, std::stoll(iterator.stream));
  if (!stream || stream->account != call.account || stream->region != call.region)
    throw AwsError("ResourceNotFoundException", "Requested resource not found");
  if (iterator.position <= stream->trimmed_seq) throw streams_errors::trimmed();

  auto stored = stream_rows::read(db, stream->id, iterator.position, limit, now_ms);
  json records = json::array();
  std::int64_t next = iterator.position;
  for (auto& record : stored) {
    records.push_back(std::move(record.record));
    next = record.seq + 1;
  }
  json out = {{"Records", std::move(records)}};
  // A closed shard read to its end has no next iterator.
  auto ending = stream_rows::ending_sequence(db, *stream);
  if (!ending || next <= *ending)
    out["NextShardIterator"] = iterators_.encode(
        {.stream = iterator.stream, .shard_index = 0, .position = next, .created_ms = now_ms});
  return out;
}

}  // namespace eddy::services::dynamodbstreams
