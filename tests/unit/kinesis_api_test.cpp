// KinesisApi, the in-process reader Lambda's event-source mappings use: a stream's shards with
// their lineage, TRIM_HORIZON / LATEST / AT_TIMESTAMP positions, reads that return GetRecords'
// shapes with the next position, and the end of a closed shard.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>

#include "core/base64.hpp"
#include "eddy/clock.hpp"
#include "eddy/emulator.hpp"
#include "emulator/emulator_core.hpp"
#include "services/kinesis/kinesis_service.hpp"

namespace eddy {
namespace {

using std::chrono::seconds;

class KinesisApiTest : public ::testing::Test {
 protected:
  std::shared_ptr<ManualClock> clock =
      std::make_shared<ManualClock>(TimePoint(std::chrono::milliseconds(1'700'000'000'000)));
  Emulator emu{EmulatorConfig{.data_dir = "", .clock = clock, .threads = 2}};
  const services::kinesis::KinesisApi& api =
      emu.core().service<services::kinesis::KinesisService>().api();

  std::string create_stream(const std::string& name, int shards) {
    emu.call("kinesis", "CreateStream", {{"StreamName", name}, {"ShardCount", shards}});
    return emu.call("kinesis", "DescribeStreamSummary",
                    {{"StreamName", name}})["StreamDescriptionSummary"]["StreamARN"];
  }
  json put(const std::string& data) {
    return emu.call("kinesis", "PutRecord",
                    {{"StreamName", "s"}, {"Data", base64::encode(data)}, {"PartitionKey", "k"}});
  }
};

TEST_F(KinesisApiTest, FindsStreamsInTheirOwnAccountAndRegionOnly) {
  std::string arn = create_stream("s", 2);
  auto stream = api.find_stream("000000000000", "us-east-1", arn);
  ASSERT_TRUE(stream);
  EXPECT_EQ(stream->arn, arn);
  ASSERT_EQ(stream->shards.size(), 2u);
  EXPECT_EQ(stream->shards[0].shard_id, "shardId-000000000000");
  EXPECT_FALSE(stream->shards[0].closed);
  EXPECT_TRUE(stream->shards[0].parents.empty());
  EXPECT_FALSE(api.find_stream("111111111111", "us-east-1", arn));
  EXPECT_FALSE(api.find_stream("000000000000", "eu-west-1", arn));
  EXPECT_FALSE(api.find_stream("000000000000", "us-east-1",
                               "arn:aws:kinesis:us-east-1:000000000000:stream/none"));
  EXPECT_FALSE(api.find_stream("000000000000", "us-east-1", "not an arn"));
}

TEST_F(KinesisApiTest, PositionsAndReadsMatchGetRecords) {
  std::string arn = create_stream("s", 1);
  const std::string shard = "shardId-000000000000";
  json first = put("a");
  clock->advance(seconds(10));
  put("b");
  put("c");
  using services::kinesis::KinesisStart;
  auto horizon = api.position(arn, shard, KinesisStart::trim_horizon);
  auto latest = api.position(arn, shard, KinesisStart::latest);
  auto at_b = api.position(arn, shard, KinesisStart::at_timestamp, 1'700'000'005'000);
  ASSERT_TRUE(horizon && latest && at_b);
  EXPECT_FALSE(api.position(arn, "shardId-000000000009", KinesisStart::latest));

  auto all = api.read(arn, shard, *horizon, 2);
  ASSERT_EQ(all.records.size(), 2u);
  EXPECT_EQ(all.records[0]["SequenceNumber"], first["SequenceNumber"]);
  EXPECT_EQ(all.records[0]["Data"], base64::encode("a"));
  EXPECT_EQ(all.records[0]["PartitionKey"], "k");
  EXPECT_DOUBLE_EQ(all.records[0]["ApproximateArrivalTimestamp"].get<double>(), 1'700'000'000.0);
  EXPECT_EQ(all.first_arrival_ms, 1'700'000'000'000);
  EXPECT_FALSE(all.shard_finished);
  auto rest = api.read(arn, shard, all.next_position, 10);
  ASSERT_EQ(rest.records.size(), 1u);
  EXPECT_EQ(rest.records[0]["Data"], base64::encode("c"));
  EXPECT_EQ(rest.next_position, *latest);

  auto from_b = api.read(arn, shard, *at_b, 10);
  ASSERT_EQ(from_b.records.size(), 2u);
  EXPECT_EQ(from_b.records[0]["Data"], base64::encode("b"));
  EXPECT_TRUE(api.read(arn, shard, *latest, 10).records.empty());

  // The same records GetRecords hands out from TRIM_HORIZON.
  std::string iterator = emu.call("kinesis", "GetShardIterator",
                                  {{"StreamName", "s"},
                                   {"ShardId", shard},
                                   {"ShardIteratorType", "TRIM_HORIZON"}})["ShardIterator"];
  json records = emu.call("kinesis", "GetRecords", {{"ShardIterator", iterator}})["Records"];
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0], all.records[0]);
  EXPECT_EQ(records[2], rest.records[0]);
}

TEST_F(KinesisApiTest, SplitShardsNameTheirParentAndTheParentFinishes) {
  std::string arn = create_stream("s", 1);
  const std::string parent = "shardId-000000000000";
  put("before");
  emu.call("kinesis", "SplitShard",
           {{"StreamName", "s"},
            {"ShardToSplit", parent},
            {"NewStartingHashKey", "170141183460469231731687303715884105728"}});
  put("after");
  auto stream = api.find_stream("000000000000", "us-east-1", arn);
  ASSERT_TRUE(stream);
  ASSERT_EQ(stream->shards.size(), 3u);
  EXPECT_TRUE(stream->shards[0].closed);
  for (std::size_t i = 1; i < 3; ++i) {
    EXPECT_FALSE(stream->shards[i].closed);
    EXPECT_EQ(stream->shards[i].parents, (std::vector<std::string>{parent}));
  }
  using services::kinesis::KinesisStart;
  auto read = api.read(arn, parent, *api.position(arn, parent, KinesisStart::trim_horizon), 10);
  ASSERT_EQ(read.records.size(), 1u);
  EXPECT_TRUE(read.shard_finished);
  EXPECT_TRUE(api.read(arn, parent, read.next_position, 10).shard_finished);
  // LATEST on a closed shard is its end: nothing more will come.
  EXPECT_TRUE(
      api.read(arn, parent, *api.position(arn, parent, KinesisStart::latest), 10).records.empty());
  // A stream that is gone reads as finished.
  emu.call("kinesis", "DeleteStream", {{"StreamName", "s"}});
  EXPECT_TRUE(api.read(arn, stream->shards[1].shard_id, 0, 10).shard_finished);
}

}  // namespace
}  // namespace eddy
