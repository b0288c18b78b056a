// Each shard keeps its records in a table of its own record slot: slots are reused once a stream
// goes, a reused table holds nothing of the shard before it, counters survive a reload of the
// stream from the store, and records stored under the old one-table schema move to their shards'
// tables.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "core/base64.hpp"
#include "eddy/emulator.hpp"
#include "emulator/emulator_core.hpp"
#include "services/kinesis/kinesis_schema.hpp"
#include "services/kinesis/record_table.hpp"
#include "services/kinesis/stream_table.hpp"
#include "store/migrations.hpp"

namespace eddy::services::kinesis {
namespace {

class KinesisRecordTablesTest : public ::testing::Test {
 protected:
  Emulator emu{EmulatorConfig{.data_dir = "", .clock = nullptr, .threads = 2}};

  json kinesis(const std::string& operation, json input = json::object()) {
    return emu.call("kinesis", operation, std::move(input));
  }
  std::string put(const std::string& stream, const std::string& key, const std::string& data) {
    return kinesis("PutRecord", {{"StreamName", stream},
                                 {"PartitionKey", key},
                                 {"Data", base64::encode(data)}})["SequenceNumber"];
  }
  json trim_horizon_records(const std::string& stream, const std::string& shard) {
    std::string iterator =
        kinesis("GetShardIterator", {{"StreamName", stream},
                                     {"ShardId", shard},
                                     {"ShardIteratorType", "TRIM_HORIZON"}})["ShardIterator"];
    return kinesis("GetRecords", {{"ShardIterator", iterator}})["Records"];
  }
  std::vector<std::int64_t> slots() {
    auto lock = emu.core().store().lock();
    auto q = emu.core().store().db().query(
        "SELECT records_slot FROM kinesis_shards ORDER BY records_slot");
    std::vector<std::int64_t> out;
    while (q->step()) out.push_back(q->int64(0));
    return out;
  }
};

TEST_F(KinesisRecordTablesTest, ShardsTakeTheLowestFreeSlotsAndAReusedTableStartsEmpty) {
  kinesis("CreateStream", {{"StreamName", "first"}, {"ShardCount", 2}});
  kinesis("CreateStream", {{"StreamName", "second"}, {"ShardCount", 1}});
  EXPECT_EQ(slots(), (std::vector<std::int64_t>{0, 1, 2}));
  put("first", "a", "first's record");
  put("first", "b", "first's other record");

  kinesis("DeleteStream", {{"StreamName", "first"}});
  EXPECT_EQ(slots(), (std::vector<std::int64_t>{2}));
  kinesis("CreateStream", {{"StreamName", "third"}, {"ShardCount", 3}});
  EXPECT_EQ(slots(), (std::vector<std::int64_t>{0, 1, 2, 3}));
  for (const char* shard : {"shardId-000000000000", "shardId-000000000001", "shardId-000000000002"})
    EXPECT_TRUE(trim_horizon_records("third", shard).empty()) << shard;

  put("third", "k", "third's record");
  std::size_t read = 0;
  for (const char* shard : {"shardId-000000000000", "shardId-000000000001", "shardId-000000000002"})
    read += trim_horizon_records("third", shard).size();
  EXPECT_EQ(read, 1u);
}

TEST_F(KinesisRecordTablesTest, ReshardedChildrenGetSlotsOfTheirOwnAndParentsKeepTheirRecords) {
  kinesis("CreateStream", {{"StreamName", "s"}, {"ShardCount", 1}});
  put("s", "k", "before the split");
  kinesis("SplitShard", {{"StreamName", "s"},
                         {"ShardToSplit", "shardId-000000000000"},
                         {"NewStartingHashKey", "170141183460469231731687303715884105728"}});
  EXPECT_EQ(slots(), (std::vector<std::int64_t>{0, 1, 2}));
  json parent = trim_horizon_records("s", "shardId-000000000000");
  ASSERT_EQ(parent.size(), 1u);
  EXPECT_EQ(*base64::decode(parent[0]["Data"].get<std::string>()), "before the split");
}

TEST_F(KinesisRecordTablesTest, CountersContinueAfterTheStreamIsReadAgainFromTheStore) {
  kinesis("CreateStream", {{"StreamName", "s"}, {"ShardCount", 2}});
  std::string last;
  for (int i = 0; i < 5; ++i) last = put("s", "key-" + std::to_string(i), "x");
  // A settings change drops every cached route: the next put reads the stream from the store,
  // whose row never saw these counters.
  kinesis("IncreaseStreamRetentionPeriod", {{"StreamName", "s"}, {"RetentionPeriodHours", 48}});
  std::string next = put("s", "key-5", "y");
  ASSERT_EQ(next.size(), last.size());
  EXPECT_GT(next, last);
}

TEST(KinesisRecordTablesMigration, RecordsOfTheOneTableSchemaMoveToTheirShardsTables) {
  store::Database db(":memory:");
  store::migrate(db, "kinesis", kinesis_migrations().first(1));
  db.exec(
      "INSERT INTO kinesis_streams (id, account, region, name, created_ms, mode, "
      "retention_hours, encryption_type, shard_level_metrics, next_shard_index, next_counter) "
      "VALUES (7, '000000000000', 'us-east-1', 'old', 1700000000000, 'PROVISIONED', 24, 'NONE', "
      "'[]', 2, 1)");
  db.exec(
      "INSERT INTO kinesis_shards (stream_id, shard_index, start_hash, end_hash, created_ms, "
      "starting_counter) VALUES "
      "(7, 0, '00000000000000000000000000000000', '7fffffffffffffffffffffffffffffff', 0, 0), "
      "(7, 1, '80000000000000000000000000000000', 'ffffffffffffffffffffffffffffffff', 0, 0)");
  db.exec(
      "INSERT INTO kinesis_records (stream_id, shard_index, counter, arrival_ms, partition_key, "
      "data) VALUES (7, 0, 1, 1700000000001, 'a', x'00ff'), (7, 1, 2, 1700000000002, 'b', 'bee'), "
      "(7, 0, 3, 1700000000003, 'c', 'sea')");

  migrate_kinesis_schema(db);

  auto old_table =
      db.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kinesis_records'");
  EXPECT_FALSE(old_table->step());
  auto stream = stream_table::find(db, "000000000000", "us-east-1", "old");
  ASSERT_TRUE(stream);
  EXPECT_EQ(stream->next_counter, 4);
  auto shards = stream_table::shards(db, 7);
  ASSERT_EQ(shards.size(), 2u);
  EXPECT_NE(shards[0].records_slot, shards[1].records_slot);

  auto first = record_table::read(db, shards[0].records_slot, 0, 0, 100, 1 << 20);
  ASSERT_EQ(first.records.size(), 2u);
  EXPECT_EQ(first.records[0].counter, 1);
  EXPECT_EQ(first.records[0].data, std::string("\0\xff", 2));
  EXPECT_EQ(first.records[1].counter, 3);
  EXPECT_EQ(first.records[1].partition_key, "c");
  auto second = record_table::read(db, shards[1].records_slot, 0, 0, 100, 1 << 20);
  ASSERT_EQ(second.records.size(), 1u);
  EXPECT_EQ(second.records[0].data, "bee");

  // Once moved, another start changes nothing.
  migrate_kinesis_schema(db);
  EXPECT_EQ(record_table::read(db, shards[0].records_slot, 0, 0, 100, 1 << 20).records.size(), 2u);
}

}  // namespace
}  // namespace eddy::services::kinesis
