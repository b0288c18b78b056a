// GetRecords writes its answer as JSON text: it must be byte for byte what serialising the json
// value (record_json and the response members) gives, whatever the keys, data and times hold.
#include <gtest/gtest.h>

#include "protocol/preserialized_json.hpp"
#include "services/kinesis/get_records_body.hpp"
#include "services/kinesis/shard_reading.hpp"
#include "services/kinesis/stream_description.hpp"

namespace eddy::services::kinesis {
namespace {

std::string dom_body(const GetRecordsAnswer& answer) {
  json records = json::array();
  for (const StoredRecord& record : answer.records)
    records.push_back(record_json(answer.stream, answer.shard_index, record));
  json out = {{"Records", std::move(records)}, {"MillisBehindLatest", answer.millis_behind_latest}};
  if (answer.next_shard_iterator) out["NextShardIterator"] = *answer.next_shard_iterator;
  if (answer.child_shards) out["ChildShards"] = *answer.child_shards;
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::vector<StoredRecord> awkward_records() {
  return {
      {.counter = 1, .arrival_ms = 1764482887123, .partition_key = "plain", .data = "abc"},
      {.counter = 2, .arrival_ms = 1764482887120, .partition_key = "q\"u\\o/te", .data = ""},
      {.counter = 3, .arrival_ms = 1764482887100, .partition_key = "tab\tnl\n\x01", .data = "x"},
      {.counter = 4,
       .arrival_ms = 1764482887000,
       .partition_key = "caf\xc3\xa9 \xe2\x82\xac",
       .data = std::string("\0\xff\x80 bytes", 9)},
      {.counter = 5, .arrival_ms = 1764482887001, .partition_key = "bad \xff utf8", .data = "y"},
      {.counter = 6, .arrival_ms = 5, .partition_key = "early", .data = "z"},
      {.counter = 7, .arrival_ms = 0, .partition_key = "epoch", .data = "0"},
      {.counter = 1LL << 40, .arrival_ms = 999, .partition_key = "\x7f", .data = "w"},
  };
}

TEST(KinesisGetRecordsBody, MatchesTheSerialisedValueByteForByte) {
  Stream stream;
  stream.created_ms = 1764480000000;
  auto records = awkward_records();
  GetRecordsAnswer answer{.stream = stream,
                          .shard_index = 3,
                          .records = records,
                          .millis_behind_latest = 1234,
                          .next_shard_iterator = "AQAAAZ+/iterator==",
                          .child_shards = std::nullopt};
  EXPECT_EQ(get_records_body(answer), dom_body(answer));

  stream.encryption_type = "KMS";
  EXPECT_EQ(get_records_body(answer), dom_body(answer));
}

TEST(KinesisGetRecordsBody, EmptyAndClosedShardAnswers) {
  Stream stream;
  std::vector<StoredRecord> none;
  GetRecordsAnswer empty{.stream = stream,
                         .shard_index = 0,
                         .records = none,
                         .millis_behind_latest = 0,
                         .next_shard_iterator = "token",
                         .child_shards = std::nullopt};
  EXPECT_EQ(get_records_body(empty),
            R"({"MillisBehindLatest":0,"NextShardIterator":"token","Records":[]})");

  json children = json::array({{{"ShardId", "shardId-000000000002"},
                                {"ParentShards", json::array({"shardId-000000000000"})}}});
  GetRecordsAnswer closed{.stream = stream,
                          .shard_index = 0,
                          .records = none,
                          .millis_behind_latest = 0,
                          .next_shard_iterator = std::nullopt,
                          .child_shards = children};
  EXPECT_EQ(get_records_body(closed), dom_body(closed));
}

TEST(KinesisGetRecordsBody, PreserializedOutputParsesBackToTheSameValue) {
  Stream stream;
  stream.created_ms = 1764480000000;
  auto records = awkward_records();
  GetRecordsAnswer answer{.stream = stream,
                          .shard_index = 1,
                          .records = records,
                          .millis_behind_latest = 7,
                          .next_shard_iterator = "next",
                          .child_shards = std::nullopt};
  json output = protocol::preserialized_json(get_records_body(answer));
  ASSERT_TRUE(protocol::is_preserialized_json(output));
  EXPECT_EQ(protocol::preserialized_text(output), get_records_body(answer));
  EXPECT_EQ(protocol::materialized_json(output), json::parse(dom_body(answer)));
  EXPECT_FALSE(protocol::is_preserialized_json(json::binary({1, 2})));
  EXPECT_EQ(protocol::materialized_json(json{{"a", 1}}), (json{{"a", 1}}));
}

}  // namespace
}  // namespace eddy::services::kinesis
