// batch_entries::apply: every entry gets its own result or failure, and an entry that fails
// half-way leaves nothing behind while the others keep their writes. answer_text writes the
// answer answer() makes, byte for byte as json::dump writes it.
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
  auto ids = batch_entries::check(entries, "TestEntry");
  json out = batch_entries::apply(store.db(), ids, entries, [&](const json& entry) -> json {
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
  auto ids = batch_entries::check(entries, "TestEntry");
  json out =
      batch_entries::apply(store.db(), ids, entries, [](const json&) { return json::object(); });
  EXPECT_EQ(out, json({{"Successful", json::array({{{"Id", "only"}}})}}));
}

TEST(BatchAnswerText, WritesWhatDumpWritesOfTheJsonAnswer) {
  using batch_entries::Outcomes;
  std::vector<std::string> ids = {"a", "b-2", "c_3", "d", "E"};
  // Successes' members, as json and as the text answer_text is given.
  auto success_json = [](std::size_t i) {
    return json{{"MD5OfMessageBody", "0cc175b9c0f1b6a831c399e269772661"},
                {"MessageId", "id-" + std::to_string(i)}};
  };
  auto success_text = [](std::size_t i, std::string& out) {
    out += R"(,"MD5OfMessageBody":"0cc175b9c0f1b6a831c399e269772661","MessageId":"id-)" +
           std::to_string(i) + '"';
  };
  AwsError quoted("InvalidParameterValue", "Value \"x\\y\" for parameter é 😀 \n\t\x01 is invalid.");
  AwsError internal("InternalError", "try again", 500, false);
  std::vector<Outcomes> cases = {
      {std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt},
      {quoted, internal, quoted, quoted, internal},
      {std::nullopt, quoted, std::nullopt, internal, std::nullopt},
      {quoted, std::nullopt, std::nullopt, std::nullopt, quoted},
  };
  for (const auto& outcomes : cases) {
    std::string expected = batch_entries::answer(ids, outcomes, success_json).dump();
    SCOPED_TRACE(expected);
    EXPECT_EQ(batch_entries::answer_text(ids, outcomes, success_text), expected);
    // Successes with no members but their Id (DeleteMessageBatch's).
    EXPECT_EQ(
        batch_entries::answer_text(ids, outcomes, [](std::size_t, std::string&) {}),
        batch_entries::answer(ids, outcomes, [](std::size_t) { return json::object(); }).dump());
  }
}

}  // namespace
}  // namespace eddy::services::sqs
