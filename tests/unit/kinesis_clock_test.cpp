// Kinesis behaviour that depends on time, on an Emulator with a ManualClock: retention (the
// sweep and reads), iterator expiry, and the per-shard throughput limits.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <thread>

#include "core/base64.hpp"
#include "eddy/clock.hpp"
#include "eddy/emulator.hpp"
#include "emulator/emulator_core.hpp"

namespace eddy {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::seconds;

class KinesisClockTest : public ::testing::Test {
 protected:
  std::shared_ptr<ManualClock> clock =
      std::make_shared<ManualClock>(TimePoint(milliseconds(1'700'000'000'000)));
  Emulator emu{EmulatorConfig{.data_dir = "", .clock = clock, .threads = 2}};

  json kinesis(const std::string& operation, json input = json::object()) {
    return emu.call("kinesis", operation, std::move(input));
  }
  AwsError error_of(const std::string& operation, json input) {
    try {
      json out = kinesis(operation, std::move(input));
      ADD_FAILURE() << operation << " succeeded: " << out.dump();
    } catch (const AwsError& error) {
      return error;
    }
    return AwsError("none", "none");
  }
  void put(const std::string& stream, const std::string& data) {
    kinesis("PutRecord",
            {{"StreamName", stream}, {"PartitionKey", "k"}, {"Data", base64::encode(data)}});
  }
  std::string trim_horizon(const std::string& stream) {
    return kinesis("GetShardIterator", {{"StreamName", stream},
                                        {"ShardId", "shardId-000000000000"},
                                        {"ShardIteratorType", "TRIM_HORIZON"}})["ShardIterator"];
  }
  std::int64_t stored_records() {
    auto lock = emu.core().store().lock();
    // The stream's one shard keeps its records in the table of its record slot.
    auto& db = emu.core().store().db();
    auto slot = db.query("SELECT records_slot FROM kinesis_shards");
    slot->step();
    auto q = db.query(fmt::format("SELECT COUNT(*) FROM kinesis_records_{}", slot->int64(0)));
    q->step();
    return q->int64(0);
  }
};

TEST_F(KinesisClockTest, RecordsPastRetentionAreSweptAndNotRead) {
  kinesis("CreateStream", {{"StreamName", "s"}, {"ShardCount", 1}});
  put("s", "old");
  clock->advance(hours(23));
  put("s", "new");
  clock->advance(hours(1) + seconds(1));
  json records = kinesis("GetRecords", {{"ShardIterator", trim_horizon("s")}})["Records"];
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(*base64::decode(records[0]["Data"].get<std::string>()), "new");
  // The sweep runs on the emulator's clock and deletes the expired record from the table.
  for (int i = 0; i < 300 && stored_records() != 1; ++i)
    std::this_thread::sleep_for(milliseconds(10));
  EXPECT_EQ(stored_records(), 1);
  clock->advance(hours(23));
  for (int i = 0; i < 300 && stored_records() != 0; ++i)
    std::this_thread::sleep_for(milliseconds(10));
  EXPECT_EQ(stored_records(), 0);
}

// Puts store only their records, which remember the counters taken; when retention empties the
// shard the stream row must keep the count, or a put after the cached count is dropped would take
// an old counter again and number its record below the ones already handed out.
TEST_F(KinesisClockTest, SequenceNumbersKeepRisingAfterRetentionEmptiesTheShard) {
  kinesis("CreateStream", {{"StreamName", "rising"}, {"ShardCount", 1}});
  json record = {{"StreamName", "rising"}, {"PartitionKey", "k"}, {"Data", base64::encode("x")}};
  kinesis("PutRecord", record);
  std::string last = kinesis("PutRecord", record)["SequenceNumber"];
  clock->advance(hours(24) + seconds(1));
  for (int i = 0; i < 300 && stored_records() != 0; ++i)
    std::this_thread::sleep_for(milliseconds(10));
  ASSERT_EQ(stored_records(), 0);
  // Creating a stream drops every cached route: the next put reads its counter from the store.
  kinesis("CreateStream", {{"StreamName", "other"}, {"ShardCount", 1}});
  std::string next = kinesis("PutRecord", record)["SequenceNumber"];
  ASSERT_EQ(next.size(), last.size());
  EXPECT_GT(next, last);
}

TEST_F(KinesisClockTest, LongerRetentionKeepsRecords) {
  kinesis("CreateStream", {{"StreamName", "kept"}, {"ShardCount", 1}});
  kinesis("IncreaseStreamRetentionPeriod", {{"StreamName", "kept"}, {"RetentionPeriodHours", 48}});
  put("kept", "a");
  clock->advance(hours(47));
  EXPECT_EQ(kinesis("GetRecords", {{"ShardIterator", trim_horizon("kept")}})["Records"].size(), 1u);
  kinesis("DecreaseStreamRetentionPeriod", {{"StreamName", "kept"}, {"RetentionPeriodHours", 24}});
  EXPECT_EQ(kinesis("GetRecords", {{"ShardIterator", trim_horizon("kept")}})["Records"].size(), 0u);
}

TEST_F(KinesisClockTest, IteratorsExpireAfterFiveMinutes) {
  kinesis("CreateStream", {{"StreamName", "e"}, {"ShardCount", 1}});
  std::string iterator = trim_horizon("e");
  clock->advance(seconds(300));
  json out = kinesis("GetRecords", {{"ShardIterator", iterator}});
  std::string next = out["NextShardIterator"];
  clock->advance(seconds(301));
  AwsError expired = error_of("GetRecords", {{"ShardIterator", next}});
  EXPECT_EQ(expired.code(), "ExpiredIteratorException");
  EXPECT_TRUE(expired.message().starts_with("Iterator expired. The iterator was created at time "))
      << expired.message();
  EXPECT_TRUE(expired.message().ends_with(
      "which is further in the future than the tolerated delay of 300000 milliseconds."));
}

TEST_F(KinesisClockTest, AtTimestampStartsAtTheFirstRecordArrivedThen) {
  kinesis("CreateStream", {{"StreamName", "t"}, {"ShardCount", 1}});
  put("t", "first");
  clock->advance(seconds(10));
  double between = static_cast<double>(clock->now_ms()) / 1000.0;
  clock->advance(seconds(10));
  put("t", "second");
  std::string iterator = kinesis("GetShardIterator", {{"StreamName", "t"},
                                                      {"ShardId", "shardId-000000000000"},
                                                      {"ShardIteratorType", "AT_TIMESTAMP"},
                                                      {"Timestamp", between}})["ShardIterator"];
  json records = kinesis("GetRecords", {{"ShardIterator", iterator}})["Records"];
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(*base64::decode(records[0]["Data"].get<std::string>()), "second");
}

class KinesisLimitsTest : public KinesisClockTest {
 protected:
  Emulator limited{EmulatorConfig{
      .data_dir = "", .clock = clock, .threads = 2, .kinesis_throughput_limits = true}};
};

TEST_F(KinesisLimitsTest, WritesPastAShardsLimitAreThrottledUntilTheNextSecond) {
  limited.call("kinesis", "CreateStream", {{"StreamName", "l"}, {"ShardCount", 1}});
  json records = json::array();
  for (int i = 0; i < 500; ++i)
    records.push_back({{"PartitionKey", "k"}, {"Data", base64::encode("x")}});
  for (int batch = 0; batch < 2; ++batch) {
    json out = limited.call("kinesis", "PutRecords", {{"StreamName", "l"}, {"Records", records}});
    EXPECT_EQ(out["FailedRecordCount"], 0);
  }
  json throttled =
      limited.call("kinesis", "PutRecords", {{"StreamName", "l"}, {"Records", records}});
  EXPECT_EQ(throttled["FailedRecordCount"], 500);
  EXPECT_EQ(throttled["Records"][0]["ErrorCode"], "ProvisionedThroughputExceededException");
  EXPECT_EQ(throttled["Records"][0]["ErrorMessage"],
            "Rate exceeded for shard shardId-000000000000 in stream l under account "
            "000000000000.");
  try {
    limited.call("kinesis", "PutRecord",
                 {{"StreamName", "l"}, {"PartitionKey", "k"}, {"Data", base64::encode("x")}});
    ADD_FAILURE() << "not throttled";
  } catch (const AwsError& error) {
    EXPECT_EQ(error.code(), "ProvisionedThroughputExceededException");
  }
  clock->advance(seconds(1));
  EXPECT_NO_THROW(
      limited.call("kinesis", "PutRecord",
                   {{"StreamName", "l"}, {"PartitionKey", "k"}, {"Data", base64::encode("x")}}));
}

TEST_F(KinesisLimitsTest, AShardServesFiveReadsASecond) {
  limited.call("kinesis", "CreateStream", {{"StreamName", "r"}, {"ShardCount", 1}});
  std::string iterator = limited.call("kinesis", "GetShardIterator",
                                      {{"StreamName", "r"},
                                       {"ShardId", "shardId-000000000000"},
                                       {"ShardIteratorType", "LATEST"}})["ShardIterator"];
  for (int i = 0; i < 5; ++i) limited.call("kinesis", "GetRecords", {{"ShardIterator", iterator}});
  try {
    limited.call("kinesis", "GetRecords", {{"ShardIterator", iterator}});
    ADD_FAILURE() << "not throttled";
  } catch (const AwsError& error) {
    EXPECT_EQ(error.code(), "ProvisionedThroughputExceededException");
  }
  clock->advance(seconds(1));
  EXPECT_NO_THROW(limited.call("kinesis", "GetRecords", {{"ShardIterator", iterator}}));
}

TEST_F(KinesisClockTest, LimitsAreOffByDefault) {
  kinesis("CreateStream", {{"StreamName", "free"}, {"ShardCount", 1}});
  json records = json::array();
  for (int i = 0; i < 500; ++i)
    records.push_back({{"PartitionKey", "k"}, {"Data", base64::encode("x")}});
  for (int batch = 0; batch < 3; ++batch)
    EXPECT_EQ(
        kinesis("PutRecords", {{"StreamName", "free"}, {"Records", records}})["FailedRecordCount"],
        0);
}

}  // namespace
}  // namespace eddy
