// DynamoDB Streams in-process on a ManualClock: a TTL deletion's record names the DynamoDB
// service, records are trimmed after 24 hours of the emulator's clock (reads skip them at once,
// the sweep removes them), a disabled stream goes after retention, and iterators expire after
// fifteen minutes.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <thread>

#include "eddy/aws_error.hpp"
#include "eddy/clock.hpp"
#include "eddy/emulator.hpp"
#include "emulator/emulator_core.hpp"
#include "services/dynamodbstreams/dynamodb_streams_api.hpp"

namespace eddy {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr std::int64_t kStreamsStartSeconds = 1'700'000'000;

class DdbStreamsClockTest : public ::testing::Test {
 protected:
  std::shared_ptr<ManualClock> clock =
      std::make_shared<ManualClock>(TimePoint(seconds(kStreamsStartSeconds)));
  Emulator emu{EmulatorConfig{.data_dir = "", .clock = clock, .threads = 2}};

  json ddb(const std::string& operation, json input) {
    return emu.call("dynamodb", operation, std::move(input));
  }
  json streams(const std::string& operation, json input) {
    return emu.call("dynamodbstreams", operation, std::move(input));
  }
  AwsError streams_error(const std::string& operation, json input) {
    try {
      json out = streams(operation, std::move(input));
      ADD_FAILURE() << operation << " succeeded: " << out.dump();
    } catch (const AwsError& error) {
      return error;
    }
    return AwsError("none", "none");
  }
  std::string create_stream_table(const std::string& name, const std::string& view_type) {
    json request = {
        {"TableName", name},
        {"KeySchema", {{{"AttributeName", "id"}, {"KeyType", "HASH"}}}},
        {"AttributeDefinitions", {{{"AttributeName", "id"}, {"AttributeType", "S"}}}},
        {"BillingMode", "PAY_PER_REQUEST"},
        {"StreamSpecification", {{"StreamEnabled", true}, {"StreamViewType", view_type}}}};
    return ddb("CreateTable", request)["TableDescription"]["LatestStreamArn"];
  }
  void put(const std::string& table, const std::string& id, json extra = json::object()) {
    extra["id"] = {{"S", id}};
    ddb("PutItem", {{"TableName", table}, {"Item", extra}});
  }
  std::string trim_horizon(const std::string& arn) {
    json shard = streams("DescribeStream", {{"StreamArn", arn}})["StreamDescription"]["Shards"][0];
    return streams("GetShardIterator", {{"StreamArn", arn},
                                        {"ShardId", shard["ShardId"]},
                                        {"ShardIteratorType", "TRIM_HORIZON"}})["ShardIterator"];
  }
  json records(const std::string& arn) {
    return streams("GetRecords", {{"ShardIterator", trim_horizon(arn)}})["Records"];
  }
  std::int64_t stored(const std::string& table) {
    auto lock = emu.core().store().lock();
    auto q = emu.core().store().db().query("SELECT COUNT(*) FROM " + table);
    q->step();
    return q->int64(0);
  }
  // The sweeps run on the scheduler's thread after the clock moves; give it a moment.
  void wait_for_stored(const std::string& table, std::int64_t count) {
    for (int i = 0; i < 300 && stored(table) != count; ++i)
      std::this_thread::sleep_for(milliseconds(10));
  }
};

TEST_F(DdbStreamsClockTest, TtlDeletionRecordNamesTheDynamoDbService) {
  std::string arn = create_stream_table("ttl", "NEW_AND_OLD_IMAGES");
  ddb("UpdateTimeToLive",
      {{"TableName", "ttl"},
       {"TimeToLiveSpecification", {{"Enabled", true}, {"AttributeName", "exp"}}}});
  put("ttl", "soon", {{"exp", {{"N", std::to_string(kStreamsStartSeconds + 60)}}}});
  ddb("DeleteItem", {{"TableName", "ttl"}, {"Key", {{"id", {{"S", "other"}}}}}});
  clock->advance(seconds(61));
  json found;
  for (int i = 0; i < 300 && found.size() < 2; ++i) {
    found = records(arn);
    std::this_thread::sleep_for(milliseconds(10));
  }
  ASSERT_EQ(found.size(), 2u) << found.dump();
  EXPECT_FALSE(found[0].contains("userIdentity"));
  const json& removal = found[1];
  EXPECT_EQ(removal["eventName"], "REMOVE");
  EXPECT_EQ(removal["userIdentity"],
            (json{{"type", "Service"}, {"principalId", "dynamodb.amazonaws.com"}}));
  EXPECT_EQ(removal["dynamodb"]["Keys"], (json{{"id", {{"S", "soon"}}}}));
  EXPECT_EQ(removal["dynamodb"]["OldImage"]["exp"]["N"], std::to_string(kStreamsStartSeconds + 60));
  EXPECT_FALSE(removal["dynamodb"].contains("NewImage"));
  EXPECT_GE(removal["dynamodb"]["ApproximateCreationDateTime"].get<std::int64_t>(),
            kStreamsStartSeconds + 60);
}

TEST_F(DdbStreamsClockTest, RecordsPastRetentionAreSkippedThenTrimmed) {
  std::string arn = create_stream_table("kept", "KEYS_ONLY");
  put("kept", "old");
  std::string early_iterator = trim_horizon(arn);
  clock->advance(hours(23));
  put("kept", "new");
  clock->advance(hours(1) + seconds(1));
  json found = records(arn);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]["dynamodb"]["Keys"]["id"]["S"], "new");
  wait_for_stored("ddbstreams_records", 1);
  EXPECT_EQ(stored("ddbstreams_records"), 1);
  // An iterator pointing at trimmed data is refused (it also expired long ago).
  EXPECT_EQ(streams_error("GetRecords", {{"ShardIterator", early_iterator}}).code(),
            "ExpiredIteratorException");
  json shard = streams("DescribeStream", {{"StreamArn", arn}})["StreamDescription"]["Shards"][0];
  std::string old_number = "100000000000000000001";
  AwsError trimmed = streams_error("GetShardIterator", {{"StreamArn", arn},
                                                        {"ShardId", shard["ShardId"]},
                                                        {"ShardIteratorType", "AT_SEQUENCE_NUMBER"},
                                                        {"SequenceNumber", old_number}});
  EXPECT_EQ(trimmed.code(), "TrimmedDataAccessException");
  EXPECT_EQ(trimmed.message(), "The data you are trying to access has been trimmed");
}

TEST_F(DdbStreamsClockTest, IteratorAtARecordTrimmedSinceIsRefused) {
  std::string arn = create_stream_table("late", "KEYS_ONLY");
  put("late", "old");
  clock->advance(hours(23) + minutes(50));
  std::string iterator = trim_horizon(arn);
  put("late", "young");
  clock->advance(minutes(11));
  wait_for_stored("ddbstreams_records", 1);
  AwsError trimmed = streams_error("GetRecords", {{"ShardIterator", iterator}});
  EXPECT_EQ(trimmed.code(), "TrimmedDataAccessException");
  // TRIM_HORIZON now starts after the trimmed record.
  json found = records(arn);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]["dynamodb"]["Keys"]["id"]["S"], "young");
}

TEST_F(DdbStreamsClockTest, DisabledStreamGoesAfterRetention) {
  std::string arn = create_stream_table("off", "NEW_IMAGE");
  put("off", "a");
  ddb("UpdateTable", {{"TableName", "off"}, {"StreamSpecification", {{"StreamEnabled", false}}}});
  clock->advance(hours(23));
  EXPECT_EQ(streams("DescribeStream", {{"StreamArn", arn}})["StreamDescription"]["StreamStatus"],
            "DISABLED");
  EXPECT_EQ(streams("ListStreams", json::object())["Streams"].size(), 1u);
  clock->advance(hours(1) + seconds(1));
  wait_for_stored("ddbstreams_streams", 0);
  EXPECT_EQ(stored("ddbstreams_streams"), 0);
  EXPECT_EQ(streams_error("DescribeStream", {{"StreamArn", arn}}).code(),
            "ResourceNotFoundException");
  EXPECT_EQ(streams("ListStreams", json::object())["Streams"].size(), 0u);
}

TEST_F(DdbStreamsClockTest, IteratorsExpireAfterFifteenMinutes) {
  std::string arn = create_stream_table("iter", "KEYS_ONLY");
  std::string iterator = trim_horizon(arn);
  clock->advance(minutes(14));
  EXPECT_TRUE(streams("GetRecords", {{"ShardIterator", iterator}}).contains("NextShardIterator"));
  clock->advance(minutes(1) + seconds(1));
  AwsError expired = streams_error("GetRecords", {{"ShardIterator", iterator}});
  EXPECT_EQ(expired.code(), "ExpiredIteratorException");
  EXPECT_NE(expired.message().find("900000 milliseconds"), std::string::npos) << expired.message();
}

TEST_F(DdbStreamsClockTest, InProcessApiReadsFromAPositionToTheShardsEnd) {
  std::string arn = create_stream_table("api", "NEW_IMAGE");
  services::dynamodbstreams::DynamoDbStreamsApi api(emu.core().store(), *clock);
  EXPECT_FALSE(api.find_stream("000000000000", "eu-west-1", arn));
  auto stream = api.find_stream("000000000000", "us-east-1", arn);
  ASSERT_TRUE(stream);
  EXPECT_EQ(stream->table_name, "api");
  ASSERT_EQ(stream->shards.size(), 1u);
  EXPECT_FALSE(stream->shards[0].closed);
  std::int64_t start = api.trim_horizon(arn);
  put("api", "a");
  put("api", "b");
  put("api", "c");
  auto first = api.read(arn, start, 2);
  ASSERT_EQ(first.records.size(), 2u);
  EXPECT_EQ(first.records[1]["dynamodb"]["NewImage"]["id"]["S"], "b");
  EXPECT_FALSE(first.shard_finished);
  std::int64_t latest = api.latest(arn);
  EXPECT_TRUE(api.read(arn, latest, 10).records.empty());
  ddb("UpdateTable", {{"TableName", "api"}, {"StreamSpecification", {{"StreamEnabled", false}}}});
  EXPECT_TRUE(api.find_stream("000000000000", "us-east-1", arn)->shards[0].closed);
  auto rest = api.read(arn, first.next_position, 10);
  ASSERT_EQ(rest.records.size(), 1u);
  EXPECT_EQ(rest.records[0]["dynamodb"]["Keys"]["id"]["S"], "c");
  EXPECT_TRUE(rest.shard_finished);
  clock->advance(hours(24) + seconds(1));
  wait_for_stored("ddbstreams_streams", 0);
  EXPECT_FALSE(api.find_stream("000000000000", "us-east-1", arn));
}

}  // namespace
}  // namespace eddy
