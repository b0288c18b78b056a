// SQS migration 3 keys the visibility index by one integer: a data directory written under the
// two-column index (migration 2) opens with every message where it was, visible, in flight or
// delayed, each queue's apart and in order.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "eddy/clock.hpp"
#include "eddy/emulator.hpp"
#include "store/database.hpp"

namespace eddy {
namespace {

class SqsSchemaMigrationTest : public ::testing::Test {
 protected:
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("eddy-sqs-migration-test-" + std::to_string(::getpid()));
  std::shared_ptr<ManualClock> clock =
      std::make_shared<ManualClock>(TimePoint(std::chrono::milliseconds(1'700'000'000'000)));

  void SetUp() override { std::filesystem::remove_all(dir); }
  void TearDown() override { std::filesystem::remove_all(dir); }

  EmulatorConfig config() const {
    return EmulatorConfig{.data_dir = dir.string(), .clock = clock, .threads = 2};
  }
  std::string visibility_index_sql() const {
    store::Database db((dir / "eddy.db").string());
    auto q = db.query("SELECT sql FROM sqlite_master WHERE name = 'sqs_messages_visible'");
    return q->step() ? q->string(0) : std::string();
  }
};

std::vector<std::string> bodies(const json& received) {
  std::vector<std::string> out;
  for (const auto& message : received.value("Messages", json::array()))
    out.push_back(message["Body"].get<std::string>());
  return out;
}

TEST_F(SqsSchemaMigrationTest, MessagesStoredUnderTheTwoColumnIndexKeepTheirState) {
  {
    Emulator emu{config()};
    auto sqs = [&](const std::string& operation, json input) {
      return emu.call("sqs", operation, std::move(input));
    };
    std::string first = sqs("CreateQueue", {{"QueueName", "first"}})["QueueUrl"];
    std::string second = sqs("CreateQueue", {{"QueueName", "second"}})["QueueUrl"];
    for (const char* body : {"a1", "a2", "a3"}) {
      sqs("SendMessage", {{"QueueUrl", first}, {"MessageBody", body}});
      clock->advance(std::chrono::milliseconds(5));
    }
    sqs("SendMessage", {{"QueueUrl", first}, {"MessageBody", "a-delayed"}, {"DelaySeconds", 60}});
    for (const char* body : {"b1", "b2"})
      sqs("SendMessage", {{"QueueUrl", second}, {"MessageBody", body}});
    json taken = sqs("ReceiveMessage", {{"QueueUrl", first}, {"VisibilityTimeout", 600}});
    ASSERT_EQ(bodies(taken), std::vector<std::string>{"a1"});
  }
  {
    // Back to schema 2, as a data directory from before migration 3 holds it.
    store::Database db((dir / "eddy.db").string());
    db.exec(
        "DROP INDEX sqs_messages_visible; "
        "CREATE INDEX sqs_messages_visible ON sqs_messages (queue_id, visible_at); "
        "UPDATE eddy_schema SET version = 2 WHERE owner = 'sqs'");
  }
  ASSERT_EQ(visibility_index_sql().find("<<"), std::string::npos);

  Emulator emu{config()};
  EXPECT_NE(visibility_index_sql().find("(queue_id << 42) + visible_at"), std::string::npos);
  auto sqs = [&](const std::string& operation, json input) {
    return emu.call("sqs", operation, std::move(input));
  };
  std::string first = sqs("GetQueueUrl", {{"QueueName", "first"}})["QueueUrl"];
  std::string second = sqs("GetQueueUrl", {{"QueueName", "second"}})["QueueUrl"];
  json counts = sqs("GetQueueAttributes", {{"QueueUrl", first}, {"AttributeNames", {"All"}}});
  EXPECT_EQ(counts["Attributes"]["ApproximateNumberOfMessages"], "2");
  EXPECT_EQ(counts["Attributes"]["ApproximateNumberOfMessagesNotVisible"], "1");
  EXPECT_EQ(counts["Attributes"]["ApproximateNumberOfMessagesDelayed"], "1");

  json receive_all = {{"MaxNumberOfMessages", 10}, {"VisibilityTimeout", 600}};
  receive_all["QueueUrl"] = first;
  EXPECT_EQ(bodies(sqs("ReceiveMessage", receive_all)), (std::vector<std::string>{"a2", "a3"}));
  receive_all["QueueUrl"] = second;
  EXPECT_EQ(bodies(sqs("ReceiveMessage", receive_all)), (std::vector<std::string>{"b1", "b2"}));
  // The one in flight since before the upgrade comes back when its timeout ends, then the delayed.
  clock->advance(std::chrono::seconds(601));
  receive_all["QueueUrl"] = first;
  receive_all["AttributeNames"] = {"ApproximateReceiveCount"};
  json again = sqs("ReceiveMessage", receive_all);
  EXPECT_EQ(bodies(again), (std::vector<std::string>{"a-delayed", "a1", "a2", "a3"}));
  EXPECT_EQ(again["Messages"][1]["Attributes"]["ApproximateReceiveCount"], "2");
}

}  // namespace
}  // namespace eddy
