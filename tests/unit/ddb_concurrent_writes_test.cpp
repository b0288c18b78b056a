// DynamoDB writes racing each other in-process. PutItem, BatchWriteItem and UpdateItem work out
// what they store before the store write (UpdateItem from the item a read connection finds), and
// the write keeps that only if the table and the item are still what it was worked out from: these
// tests race writes so that both often changed in between, and check that nothing was lost.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "ddb_emulator_test_support.hpp"
#include "eddy/aws_error.hpp"
#include "eddy/clock.hpp"
#include "eddy/emulator.hpp"

namespace eddy {
namespace {

class DdbConcurrentWritesTest : public DdbEmulatorTest {
 protected:
  json ddb_streams(const std::string& operation, json input) {
    return emu.call("dynamodbstreams", operation, std::move(input));
  }

  // Runs `body(thread)` on `threads` threads at once.
  template <class Body>
  static void race(int threads, Body body) {
    std::vector<std::thread> running;
    for (int t = 0; t < threads; ++t) running.emplace_back([&body, t] { body(t); });
    for (auto& thread : running) thread.join();
  }
};

TEST_F(DdbConcurrentWritesTest, RacingIncrementsOfOneItemAreNeverLost) {
  ddb("CreateTable", table_request("counter"));
  constexpr int kThreads = 8;
  constexpr int kIncrements = 250;
  race(kThreads, [&](int) {
    for (int i = 0; i < kIncrements; ++i)
      ddb("UpdateItem",
          {{"TableName", "counter"},
           {"Key", key("c")},
           {"UpdateExpression", "SET n = if_not_exists(n, :zero) + :one"},
           {"ExpressionAttributeValues", {{":zero", {{"N", "0"}}}, {":one", {{"N", "1"}}}}}});
  });
  json item = ddb("GetItem", {{"TableName", "counter"}, {"Key", key("c")}})["Item"];
  EXPECT_EQ(item["n"]["N"], std::to_string(kThreads * kIncrements));
  json table = ddb("DescribeTable", {{"TableName", "counter"}})["Table"];
  EXPECT_EQ(table["ItemCount"], 1);
}

TEST_F(DdbConcurrentWritesTest, EachRacingUpdateAnswersAndRecordsTheItemItReplaced) {
  json request = table_request("streamed");
  request["StreamSpecification"] = {{"StreamEnabled", true},
                                    {"StreamViewType", "NEW_AND_OLD_IMAGES"}};
  std::string stream_arn = ddb("CreateTable", request)["TableDescription"]["LatestStreamArn"];
  constexpr int kThreads = 8;
  constexpr int kIncrements = 100;
  std::vector<std::vector<int>> answered(kThreads);
  race(kThreads, [&](int thread) {
    for (int i = 0; i < kIncrements; ++i) {
      json out = ddb("UpdateItem", {{"TableName", "streamed"},
                                    {"Key", key("c")},
                                    {"UpdateExpression", "ADD n :one"},
                                    {"ExpressionAttributeValues", {{":one", {{"N", "1"}}}}},
                                    {"ReturnValues", "UPDATED_NEW"}});
      answered[thread].push_back(std::stoi(out["Attributes"]["n"]["N"].get<std::string>()));
    }
  });
  // Every answer is a different count: no two updates started from the same item.
  std::set<int> counts;
  for (const auto& values : answered) counts.insert(values.begin(), values.end());
  EXPECT_EQ(counts.size(), static_cast<std::size_t>(kThreads * kIncrements));
  EXPECT_EQ(*counts.rbegin(), kThreads * kIncrements);

  std::string shard = ddb_streams(
      "DescribeStream", {{"StreamArn", stream_arn}})["StreamDescription"]["Shards"][0]["ShardId"];
  std::string iterator =
      ddb_streams("GetShardIterator", {{"StreamArn", stream_arn},
                                       {"ShardId", shard},
                                       {"ShardIteratorType", "TRIM_HORIZON"}})["ShardIterator"];
  int expected_new = 1;
  while (expected_new <= kThreads * kIncrements) {
    json page = ddb_streams("GetRecords", {{"ShardIterator", iterator}});
    ASSERT_FALSE(page["Records"].empty()) << "records stop before " << expected_new;
    for (const auto& record : page["Records"]) {
      const json& images = record["dynamodb"];
      EXPECT_EQ(images["NewImage"]["n"]["N"], std::to_string(expected_new));
      if (expected_new == 1) {
        EXPECT_EQ(record["eventName"], "INSERT");
        EXPECT_FALSE(images.contains("OldImage"));
      } else {
        EXPECT_EQ(record["eventName"], "MODIFY");
        EXPECT_EQ(images["OldImage"]["n"]["N"], std::to_string(expected_new - 1));
      }
      ++expected_new;
    }
    iterator = page["NextShardIterator"];
  }
}

TEST_F(DdbConcurrentWritesTest, ConditionsRacingOnOneItemLetExactlyOneWriterIn) {
  ddb("CreateTable", table_request("claims"));
  constexpr int kThreads = 4;
  constexpr int kRounds = 40;
  std::atomic<int> won{0};
  std::atomic<int> refused{0};
  race(kThreads, [&](int thread) {
    for (int round = 0; round < kRounds; ++round) {
      try {
        ddb("UpdateItem",
            {{"TableName", "claims"},
             {"Key", key("round-" + std::to_string(round))},
             {"UpdateExpression", "SET claimed_by = :me"},
             {"ConditionExpression", "attribute_not_exists(id)"},
             {"ExpressionAttributeValues", {{":me", {{"N", std::to_string(thread)}}}}}});
        ++won;
      } catch (const AwsError& error) {
        EXPECT_EQ(error.code(), "ConditionalCheckFailedException");
        ++refused;
      }
    }
  });
  EXPECT_EQ(won.load(), kRounds);
  EXPECT_EQ(refused.load(), (kThreads - 1) * kRounds);
  EXPECT_EQ(ddb("DescribeTable", {{"TableName", "claims"}})["Table"]["ItemCount"], kRounds);
}

TEST_F(DdbConcurrentWritesTest, PutsRacingTtlChangesAllTakeTheirExpiry) {
  ddb("CreateTable", table_request("expiring"));
  std::atomic<bool> ttl_on_for_good{false};
  std::atomic<int> put_after{0};
  constexpr int kPutThreads = 6;
  race(kPutThreads + 1, [&](int thread) {
    if (thread == kPutThreads) {
      // TTL off and on again, ending on: each change is a new version of the table, which puts
      // prepared for the one before must notice.
      for (int change = 0; change < 41; ++change) {
        json specification = {{"Enabled", change % 2 == 0}, {"AttributeName", "exp"}};
        ddb("UpdateTimeToLive",
            {{"TableName", "expiring"}, {"TimeToLiveSpecification", specification}});
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
      ttl_on_for_good = true;
      return;
    }
    // Puts, single and batched, go on until well after TTL is on for good.
    for (int i = 0; put_after.load() < 300; ++i) {
      bool after = ttl_on_for_good.load();
      std::string id = std::to_string(thread) + "-" + std::to_string(i);
      json item = key(id);
      item["exp"] = {{"N", std::to_string(kStartSeconds + 10)}};
      if (i % 2 == 0) {
        ddb("PutItem", {{"TableName", "expiring"}, {"Item", item}});
      } else {
        json batch = json::array({{{"PutRequest", {{"Item", item}}}}});
        ddb("BatchWriteItem", {{"RequestItems", {{"expiring", batch}}}});
      }
      if (after) ++put_after;
    }
  });
  // Every item, put before or after TTL came on, expires: none kept a row built without TTL.
  // The sweep runs each second of the clock.
  json count;
  for (int i = 0; i < 500; ++i) {
    clock->advance(std::chrono::seconds(11));
    count = ddb("Scan", {{"TableName", "expiring"}, {"Select", "COUNT"}})["Count"];
    if (count == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(count, 0);
}

}  // namespace
}  // namespace eddy
