// GetShardIterator and GetRecords: a position in a shard, handed out as a signed token, and the
// records from it.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "protocol/preserialized_json.hpp"
#include "services/kinesis/get_records_body.hpp"
#include "services/kinesis/kinesis_errors.hpp"
#include "services/kinesis/kinesis_input.hpp"
#include "services/kinesis/kinesis_limits.hpp"
#include "services/kinesis/kinesis_service.hpp"
#include "services/kinesis/record_table.hpp"
#include "services/kinesis/shard_reading.hpp"
#include "services/kinesis/stream_description.hpp"
#include "services/shards/sequence_number.hpp"
#include "services/shards/shard_id.hpp"

namespace eddy::services::kinesis {
namespace {

std::string iterator_stream_key(const Stream& stream) {
  return fmt::format("{}/{}", stream.id, stream.name);
}

// The stream row id and name an iterator's stream key holds.
std::pair<std::int64_t, std::string> parse_iterator_stream_key(const std::string& key) {
  auto slash = key.find('/');
  if (slash == std::string::npos || slash == 0)
    throw errors::invalid_argument("Invalid ShardIterator.");
  std::int64_t id = 0;
  for (std::size_t i = 0; i < slash; ++i) {
    if (key[i] < '0' || key[i] > '9') throw errors::invalid_argument("Invalid ShardIterator.");
    id = id * 10 + (key[i] - '0');
  }
  return {id, key.substr(slash + 1)};
}

// The shard a GetRecords iterator reads, in the stream's route (nullptr when the stream is gone).
const Shard* iterator_shard(const StreamRoute* route, const shards::IteratorPosition& iterator,
                            const std::string& stream_name, const Call& call) {
  if (!route || route->stream.account != call.account)
    throw errors::resource_not_found(
        fmt::format("Shard {} in stream {} under account {} does not exist",
                    shards::format_shard_id(iterator.shard_index), stream_name, call.account));
  const Shard* shard = route->shard(iterator.shard_index);
  if (!shard) throw errors::invalid_argument("Invalid ShardIterator.");
  return shard;
}

std::string must_either_message(std::string_view type, bool has_sequence) {
  return fmt::format(
      "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and "
      "StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. "
      "Request specified {} and {} StartingSequenceNumber.",
      type, has_sequence ? "also a" : "no");
}

}  // namespace

json KinesisService::GetShardIterator(const Call& call) {
  InputCheck check(call.input);
  check.required("ShardId")
      .required("ShardIteratorType")
      .name("StreamName")
      .stream_arn("StreamARN")
      .name("ShardId")
      .one_of("ShardIteratorType", {"AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER", "TRIM_HORIZON",
                                    "LATEST", "AT_TIMESTAMP"})
      .decimal("StartingSequenceNumber", 128);
  auto timestamp = check.timestamp("Timestamp");
  check.done();
  std::string shard_text = *check.string("ShardId");
  std::string type = *check.string("ShardIteratorType");
  auto starting = check.string("StartingSequenceNumber");

  auto lock = context_.store.lock();
  auto& db = context_.store.db();
  Stream stream = stream_for(db, call, call.input);
  auto index = shards::parse_shard_id(shard_text);
  if (!index) throw errors::shard_not_found(shard_text, stream.name, stream.account);
  auto shard = stream_table::shard(db, stream.id, *index);
  if (!shard)
    throw errors::resource_not_found(
        fmt::format("Shard {} in stream {} under account {} does not exist",
                    shards::format_shard_id(*index), stream.name, stream.account));
  std::int64_t now = now_ms();
  std::int64_t position = 0;
  bool by_sequence = type == "AT_SEQUENCE_NUMBER" || type == "AFTER_SEQUENCE_NUMBER";
  if (by_sequence != starting.has_value() && type != "AT_TIMESTAMP")
    throw errors::invalid_argument(must_either_message(type, starting.has_value()));
  if (by_sequence) {
    auto parsed = shards::parse_sequence_number(*starting);
    if (!parsed)
      throw errors::invalid_argument(fmt::format(
          "StartingSequenceNumber {} used in GetShardIterator on shard {} in stream {} under "
          "account {} is invalid.",
          *starting, shard->id(), stream.name, stream.account));
    if (parsed->shard_index != shard->index)
      throw errors::invalid_argument(fmt::format(
          "Invalid StartingSequenceNumber. It encodes {}, while it was used in a call to a shard "
          "with {}",
          shards::format_shard_id(parsed->shard_index), shard->id()));
    if (parsed->origin_secs != stream.created_ms / 1000 || parsed->counter >= stream.next_counter)
      throw errors::invalid_argument(fmt::format(
          "StartingSequenceNumber {} used in GetShardIterator on shard {} in stream {} under "
          "account {} is invalid because it did not come from this stream.",
          *starting, shard->id(), stream.name, stream.account));
    position = type == "AT_SEQUENCE_NUMBER" ? parsed->counter : parsed->counter + 1;
  } else if (type == "TRIM_HORIZON") {
    position = shard->starting_counter;
  } else if (type == "LATEST") {
    position = shard->open() ? stream.next_counter : *shard->ending_counter + 1;
  } else {  // AT_TIMESTAMP
    if (!timestamp)
      throw errors::invalid_argument(
          "Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current "
          "request has no timestamp parameter.");
    auto at_ms = static_cast<std::int64_t>(std::llround(*timestamp * 1000));
    if (at_ms > now)
      throw errors::invalid_argument(fmt::format(
          "The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. "
          "timestampInMillis: {}, currentTimestampInMillis: {}",
          at_ms, now));
    auto first = record_table::first_arrived_at(db, shard->records_slot, at_ms);
    position = first ? *first : (shard->open() ? stream.next_counter : *shard->ending_counter + 1);
  }
  return {{"ShardIterator", iterators_.encode({.stream = iterator_stream_key(stream),
                                               .shard_index = shard->index,
                                               .position = position,
                                               .created_ms = now})}};
}

json KinesisService::GetRecords(const Call& call) {
  InputCheck check(call.input);
  check.required("ShardIterator")
      .length("ShardIterator", 1, 512)
      .range("Limit", 1, kMaxGetRecordsLimit)
      .stream_arn("StreamARN");
  check.done();
  int limit = static_cast<int>(check.integer("Limit").value_or(kMaxGetRecordsLimit));
  std::int64_t now = now_ms();
  auto iterator = iterators_.decode(*check.string("ShardIterator"), now);
  auto [stream_id, stream_name] = parse_iterator_stream_key(iterator.stream);

  // The shard's route under the store lock, a moment; its records from a read connection, beside
  // the writer and other reads.
  std::uint64_t generation = stream_table::generation();
  std::shared_ptr<const StreamRoute> route;
  {
    auto lock = context_.store.lock();
    route = routes_.find_by_id(context_.store.db(), stream_id);
  }
  const Shard* shard = iterator_shard(route.get(), iterator, stream_name, call);
  if (!limiter_.admit_read(stream_id, shard->index, now))
    throw AwsError("ProvisionedThroughputExceededException",
                   fmt::format("Rate exceeded for shard {} in stream {} under account {}.",
                               shard->id(), route->stream.name, route->stream.account));
  std::int64_t cutoff_ms = route->stream.retention_cutoff_ms(now);
  record_table::Batch batch;
  {
    auto reader = context_.store.reader();
    batch = record_table::read(reader.db(), shard->records_slot, iterator.position, cutoff_ms,
                               limit, kMaxGetRecordsBytes);
  }
  if (stream_table::generation() != generation) {
    // A stream or shard changed meanwhile: the slot may be another shard's by now. Read again,
    // all under the lock.
    auto lock = context_.store.lock();
    route = routes_.find_by_id(context_.store.db(), stream_id);
    shard = iterator_shard(route.get(), iterator, stream_name, call);
    batch = record_table::read(context_.store.db(), shard->records_slot, iterator.position,
                               cutoff_ms, limit, kMaxGetRecordsBytes);
  }
  // The route stays ours while the answer is written.
  const Stream* stream = &route->stream;
  std::int64_t bytes = 0;
  for (const StoredRecord& record : batch.records)
    bytes += static_cast<std::int64_t>(record.data.size() + record.partition_key.size());
  limiter_.count_read_bytes(stream->id, shard->index, bytes, now);

  GetRecordsAnswer answer{.stream = *stream,
                          .shard_index = shard->index,
                          .records = batch.records,
                          .millis_behind_latest = 0,
                          .next_shard_iterator = std::nullopt,
                          .child_shards = std::nullopt};
  // Behind the tip by the age of the last record read, when more follow it.
  if (batch.more && !batch.records.empty())
    answer.millis_behind_latest = std::max<std::int64_t>(0, now - batch.records.back().arrival_ms);
  if (!shard->open() && !batch.more) {
    // The end of a closed shard: no iterator goes further; readers move on to its children.
    answer.child_shards = child_shards_of(*shard, route->shards);
  } else {
    std::int64_t next =
        batch.records.empty() ? iterator.position : batch.records.back().counter + 1;
    answer.next_shard_iterator = iterators_.encode({.stream = iterator.stream,
                                                    .shard_index = shard->index,
                                                    .position = next,
                                                    .created_ms = now});
  }
  return protocol::preserialized_json(get_records_body(answer));
}

}  // namespace eddy::services::kinesis
