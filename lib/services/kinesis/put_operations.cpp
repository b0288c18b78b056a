// PutRecord and PutRecords: each record goes to the open shard whose hash-key range holds its
// ExplicitHashKey, or the MD5 of its partition key.
#include <fmt/format.h>

#include <algorithm>

#include "core/input.hpp"
#include "protocol/preserialized_json.hpp"
#include "services/kinesis/kinesis_errors.hpp"
#include "services/kinesis/kinesis_input.hpp"
#include "services/kinesis/kinesis_limits.hpp"
#include "services/kinesis/kinesis_service.hpp"
#include "services/kinesis/record_table.hpp"
#include "services/shards/sequence_number.hpp"
#include "services/shards/shard_id.hpp"

namespace eddy::services::kinesis {
namespace {

struct RecordDraft {
  std::string partition_key;
  std::string data;
  shards::HashKey hash_key = 0;
};

// Reads one record's members; `prefix` is its path in validation messages ("" or
// "records.3.member.").
RecordDraft read_record_draft(const json& input, InputCheck& check, const std::string& prefix) {
  RecordDraft draft;
  InputCheck reader(input);
  auto key = reader.string("PartitionKey");
  auto explicit_key = reader.string("ExplicitHashKey");
  const json* data = input::member(input, "Data");
  if (!key)
    check.fail(fmt::format(
        "Value null at '{}partitionKey' failed to satisfy constraint: Member must not be null",
        prefix));
  else if (key->empty() || key->size() > 256)
    check.fail(InputCheck::failure(*key, prefix + "partitionKey",
                                   key->empty() ? "have length greater than or equal to 1"
                                                : "have length less than or equal to 256"));
  if (explicit_key && !is_decimal_pattern(*explicit_key, 38))
    check.fail(InputCheck::failure(*explicit_key, prefix + "explicitHashKey",
                                   "satisfy regular expression pattern: 0|([1-9]\\d{0,38})"));
  if (!data) {
    check.fail(fmt::format(
        "Value null at '{}data' failed to satisfy constraint: Member must not be null", prefix));
  } else {
    draft.data = InputCheck::blob(*data);
    if (draft.data.size() > kMaxRecordBytes)
      check.fail(fmt::format(
          "Value 'java.nio.HeapByteBuffer[pos=0 lim={0} cap={0}]' at '{1}data' failed to "
          "satisfy constraint: Member must have length less than or equal to {2}",
          draft.data.size(), prefix, kMaxRecordBytes));
  }
  if (key) draft.partition_key = *key;
  if (explicit_key && is_decimal_pattern(*explicit_key, 38)) {
    auto parsed = shards::parse_hash_key(*explicit_key);
    if (!parsed)
      throw errors::invalid_argument(
          "Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. "
          "Specified value was " +
          *explicit_key);
    draft.hash_key = *parsed;
  } else {
    draft.hash_key = shards::hash_key_of_partition_key(draft.partition_key);
  }
  return draft;
}

const Shard& shard_for_key(const std::vector<Shard>& open, shards::HashKey key) {
  // Open shards partition the key space, sorted by their start.
  auto it = std::upper_bound(open.begin(), open.end(), key,
                             [](shards::HashKey k, const Shard& s) { return k < s.range.start; });
  return *std::prev(it);
}

shards::SequenceNumber sequence_at(const Shard& shard, std::int64_t counter,
                                   std::int64_t arrival_ms) {
  return {.origin_secs = shard.stream_created_ms / 1000,
          .shard_index = shard.index,
          .counter = counter,
          .arrival_secs = arrival_ms / 1000};
}

// What a PutRecord's answer needs from inside the write.
struct PutOutcome {
  shards::SequenceNumber sequence;
  std::string encryption_type;
};

std::string rate_exceeded_message(const Shard& shard, const Stream& stream) {
  return fmt::format("Rate exceeded for shard {} in stream {} under account {}.", shard.id(),
                     stream.name, stream.account);
}

}  // namespace

Awaitable<json> KinesisService::PutRecord(const Call& call) {
  InputCheck check(call.input);
  check.name("StreamName").stream_arn("StreamARN").decimal("SequenceNumberForOrdering", 128);
  RecordDraft draft = read_record_draft(call.input, check, "");
  check.done();
  if (draft.partition_key.size() + draft.data.size() > kMaxRecordBytes)
    throw errors::invalid_argument(
        fmt::format("Record size {} exceeds the limit of {} bytes (data and partition key).",
                    draft.partition_key.size() + draft.data.size(), kMaxRecordBytes));
  auto ordering = check.string("SequenceNumberForOrdering");
  std::optional<shards::SequenceNumber> ordering_number;
  if (ordering) ordering_number = shards::parse_sequence_number(*ordering);
  StreamAddress address = requested_stream(call, call.input);

  // Every write waits for the one before it: only what needs the store or the stream's counter
  // runs inside, the answer is written after.
  PutOutcome put = co_await context_.store.write([&](store::Database& db) {
    StreamRoute& route = route_at(db, address);
    const Stream& stream = route.stream;
    std::int64_t now = now_ms();
    if (ordering && (!ordering_number || ordering_number->arrival_secs * 1000 > now))
      throw errors::invalid_argument(fmt::format(
          "ExclusiveMinimumSequenceNumber {} used in PutRecord on stream {} under account {} "
          "is invalid.",
          *ordering, stream.name, stream.account));
    const Shard& shard = shard_for_key(route.open_shards, draft.hash_key);
    auto bytes = static_cast<std::int64_t>(draft.data.size() + draft.partition_key.size());
    if (!limiter_.admit_write(stream.id, shard.index, bytes, now))
      throw AwsError("ProvisionedThroughputExceededException",
                     rate_exceeded_message(shard, stream));
    std::int64_t counter = routes_.take_counters(route, 1);
    record_table::insert(db, shard.records_slot,
                         {counter, now, std::move(draft.partition_key), std::move(draft.data)});
    wake_subscribers_after_commit(db, stream.id);
    return PutOutcome{.sequence = sequence_at(shard, counter, now),
                      .encryption_type = stream.encryption_type};
  });
  // Written as text: the json value and its serialiser cost more than the rest of the answer.
  // Shard ids, sequence numbers and encryption types hold nothing to escape.
  std::string out = "{";
  if (put.encryption_type != "NONE")
    out += fmt::format(R"("EncryptionType":"{}",)", put.encryption_type);
  out += R"("SequenceNumber":")";
  shards::append_sequence_number(out, put.sequence);
  out += R"(","ShardId":")";
  out += shards::format_shard_id(put.sequence.shard_index);
  out += R"("})";
  co_return protocol::preserialized_json(std::move(out));
}

Awaitable<json> KinesisService::PutRecords(const Call& call) {
  InputCheck check(call.input);
  check.required("Records").name("StreamName").stream_arn("StreamARN");
  const json* records = input::member(call.input, "Records");
  if (records && !records->is_array()) throw errors::serialization("Expected list or null");
  if (records && (records->empty() || records->size() > kMaxPutRecordsEntries))
    check.fail(fmt::format(
        "Value '[{}]' at 'records' failed to satisfy constraint: Member must have length {} {}",
        records->empty() ? "" : "...",
        records->empty() ? "greater than or equal to" : "less than or equal to",
        records->empty() ? 1 : kMaxPutRecordsEntries));
  std::vector<RecordDraft> drafts;
  std::size_t total_bytes = 0;
  if (records && records->size() <= kMaxPutRecordsEntries) {
    for (std::size_t i = 0; i < records->size(); ++i) {
      const json& entry = (*records)[i];
      if (!entry.is_object()) throw errors::serialization("Start of list found where not expected");
      drafts.push_back(read_record_draft(entry, check, fmt::format("records.{}.member.", i + 1)));
      total_bytes += drafts.back().data.size() + drafts.back().partition_key.size();
    }
  }
  check.done();
  if (total_bytes > kMaxPutRecordsBytes)
    throw errors::invalid_argument("Records size exceeds 5 MB limit");

  StreamAddress address = requested_stream(call, call.input);

  co_return co_await context_.store.write([&](store::Database& db) {
    StreamRoute& route = route_at(db, address);
    const Stream& stream = route.stream;
    std::int64_t now = now_ms();
    std::int64_t counter = routes_.take_counters(route, static_cast<std::int64_t>(drafts.size()));
    json results = json::array();
    int failed = 0;
    for (auto& draft : drafts) {
      const Shard& shard = shard_for_key(route.open_shards, draft.hash_key);
      auto bytes = static_cast<std::int64_t>(draft.data.size() + draft.partition_key.size());
      if (!limiter_.admit_write(stream.id, shard.index, bytes, now)) {
        ++failed;
        results.push_back({{"ErrorCode", "ProvisionedThroughputExceededException"},
                           {"ErrorMessage", rate_exceeded_message(shard, stream)}});
        continue;
      }
      results.push_back(
          {{"ShardId", shard.id()},
           {"SequenceNumber", shards::format_sequence_number(sequence_at(shard, counter, now))}});
      record_table::insert(db, shard.records_slot,
                           {counter, now, std::move(draft.partition_key), std::move(draft.data)});
      ++counter;
    }
    if (failed < static_cast<int>(drafts.size())) wake_subscribers_after_commit(db, stream.id);
    json out = {{"FailedRecordCount", failed}, {"Records", std::move(results)}};
    if (stream.encryption_type != "NONE") out["EncryptionType"] = stream.encryption_type;
    return out;
  });
}

}  // namespace eddy::services::kinesis
