// batch_entries::apply: every entry gets its own result or failure, and an entry that fails
// half-way leaves nothing behind while the others keep their writes.
#include <gtest/gtest.h>

#include "eddy/aws_error.hpp"
#include "services/sqs/batch_entries.hpp"
#include "store/store.hpp"

namespace eddy::services::sqs {
namespace {

class BatchEntriesTest : public ::testing::Test {
 protected:
  BatchEntriesTest() : lock(store.lock()) {
    store.db().exec("CREATE TABLE t (value INTEGER NOT NULL)");
  }

  std::int64_t rows() {
    auto q = store.db().query("SELECT COUNT(*) FROM t");
    q->step();
    return q->int64(0);
  }

  store::Store store{""};
  std::unique_lock<std::mutex> lock;
};

TEST_F(BatchEntriesTest, AnEntryThatFailsAfterWritingUndoesOnlyItself) {
  json entries = json::array(
      {{{"Id", "a"}, {"Value", 1}}, {{"Id", "b"}, {"Value", 2}}, {{"Id", "c"}, {"Value", 3}}});
  json out = batch_entries::apply(store.db(), entries, [&](const json& entry) -> json {
    int value = entry.at("Value").get<int>();
    store.db().query("INSERT INTO t (value) VALUES (?)")->bind(1, value).run();
    if (value == 2) throw AwsError("InvalidParameterValue", "found out too late");
    return {{"Value", value}};
  });

  ASSERT_EQ(out["Successful"].size(), 2u);
  EXPECT_EQ(out["Successful"][0], json({{"Id", "a"}, {"Value", 1}}));
  EXPECT_EQ(out["Successful"][1], json({{"Id", "c"}, {"Value", 3}}));
  ASSERT_EQ(out["Failed"].size(), 1u);
  EXPECT_EQ(out["Failed"][0]["Id"], "b");
  EXPECT_EQ(out["Failed"][0]["Code"], "InvalidParameterValue");
  EXPECT_EQ(out["Failed"][0]["Message"], "found out too late");
  EXPECT_EQ(out["Failed"][0]["SenderFault"], true);
  EXPECT_EQ(rows(), 2);
}

TEST_F(BatchEntriesTest, AnEmptyListIsLeftOutAsSqsDoes) {
  json entries = json::array({{{"Id", "only"}}});
  json out = batch_entries::apply(store.db(), entries, [](const json&) { return json::object(); });
  EXPECT_EQ(out, json({{"Successful", json::array({{{"Id", "only"}}})}}));
}

}  // namespace
}  // namespace eddy::services::sqs
