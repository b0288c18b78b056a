// DynamoDB in-process on a ManualClock: the TTL sweep runs on the emulator's clock, tables and
// items survive a restart on disk, and reset forgets them.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <thread>

#include "ddb_emulator_test_support.hpp"
#include "eddy/aws_error.hpp"
#include "eddy/clock.hpp"
#include "eddy/emulator.hpp"

namespace eddy {
namespace {

class DdbServiceTest : public DdbEmulatorTest {
 protected:
  bool exists(const std::string& table, const std::string& id) {
    return ddb("GetItem", {{"TableName", table}, {"Key", key(id)}}).contains("Item");
  }
};

TEST_F(DdbServiceTest, TtlSweepFollowsTheEmulatorClock) {
  ddb("CreateTable", table_request("ttl"));
  ddb("UpdateTimeToLive",
      {{"TableName", "ttl"},
       {"TimeToLiveSpecification", {{"Enabled", true}, {"AttributeName", "exp"}}}});
  json item = key("soon");
  item["exp"] = {{"N", std::to_string(kStartSeconds + 60)}};
  ddb("PutItem", {{"TableName", "ttl"}, {"Item", item}});
  ddb("PutItem", {{"TableName", "ttl"}, {"Item", key("forever")}});
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_TRUE(exists("ttl", "soon"));
  clock->advance(std::chrono::seconds(61));
  // The sweep runs on the scheduler after the clock moves; give its thread a moment.
  for (int i = 0; i < 200 && exists("ttl", "soon"); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_FALSE(exists("ttl", "soon"));
  EXPECT_TRUE(exists("ttl", "forever"));
}

TEST_F(DdbServiceTest, ResetForgetsTablesAndItems) {
  ddb("CreateTable", table_request("gone"));
  ddb("PutItem", {{"TableName", "gone"}, {"Item", key("a")}});
  emu.reset();
  EXPECT_TRUE(ddb("ListTables", json::object())["TableNames"].empty());
  ddb("CreateTable", table_request("gone"));
  EXPECT_FALSE(exists("gone", "a"));
}

TEST_F(DdbServiceTest, FailedConditionLeavesNoTrace) {
  ddb("CreateTable", table_request("cond"));
  json item = key("a");
  item["v"] = {{"N", "1"}};
  ddb("PutItem", {{"TableName", "cond"}, {"Item", item}});
  item["v"] = {{"N", "2"}};
  EXPECT_THROW(ddb("PutItem", {{"TableName", "cond"},
                               {"Item", item},
                               {"ConditionExpression", "attribute_not_exists(id)"}}),
               AwsError);
  EXPECT_EQ(ddb("GetItem", {{"TableName", "cond"}, {"Key", key("a")}})["Item"]["v"]["N"], "1");
}

TEST(DdbPersistenceTest, TablesAndItemsSurviveARestart) {
  auto dir =
      std::filesystem::temp_directory_path() / ("eddy-ddb-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  {
    Emulator emu{EmulatorConfig{.data_dir = dir.string(), .clock = nullptr, .threads = 2}};
    json request = DdbEmulatorTest::table_request("kept");
    request["GlobalSecondaryIndexes"] = {
        {{"IndexName", "by-v"},
         {"KeySchema", {{{"AttributeName", "v"}, {"KeyType", "HASH"}}}},
         {"Projection", {{"ProjectionType", "ALL"}}}}};
    request["AttributeDefinitions"].push_back({{"AttributeName", "v"}, {"AttributeType", "S"}});
    emu.call("dynamodb", "CreateTable", request);
    json item = DdbEmulatorTest::key("a");
    item["v"] = {{"S", "x"}};
    emu.call("dynamodb", "PutItem", {{"TableName", "kept"}, {"Item", item}});
    json other = DdbEmulatorTest::key("b");
    other["pad"] = {{"S", "12345"}};
    emu.call("dynamodb", "PutItem", {{"TableName", "kept"}, {"Item", other}});
  }
  {
    // The counts, kept in memory, are counted again from the rows.
    Emulator emu{EmulatorConfig{.data_dir = dir.string(), .clock = nullptr, .threads = 2}};
    json table = emu.call("dynamodb", "DescribeTable", {{"TableName", "kept"}})["Table"];
    EXPECT_EQ(table["ItemCount"], 2);
    EXPECT_EQ(table["TableSizeBytes"], 16);  // id a, v x: 5; id b, pad 12345: 11
    EXPECT_EQ(table["GlobalSecondaryIndexes"][0]["ItemCount"], 1);
    EXPECT_EQ(table["GlobalSecondaryIndexes"][0]["IndexSizeBytes"], 5);
    EXPECT_EQ(table["GlobalSecondaryIndexes"][0]["IndexName"], "by-v");
    json found = emu.call("dynamodb", "Query",
                          {{"TableName", "kept"},
                           {"IndexName", "by-v"},
                           {"KeyConditionExpression", "v = :v"},
                           {"ExpressionAttributeValues", {{":v", {{"S", "x"}}}}}});
    EXPECT_EQ(found["Count"], 1);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace eddy
