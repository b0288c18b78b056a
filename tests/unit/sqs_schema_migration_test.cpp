// SQS migration 3 keyed the visibility index by one integer; migration 4 replaces the index with
// lists of messages by the time they become visible (visibility_buckets.hpp). A data directory
// written under the two-column index (migration 2) or the integer one (migration 3) opens with
// every message where it was, visible, in flight or delayed, each queue's apart and in order.
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
  std::int64_t visibility_lists() const {
    store::Database db((dir / "eddy.db").string());
    auto q = db.query("SELECT COUNT(*) FROM sqs_visibility");
    q->step();
    return q->int64(0);
  }
  // Takes the data directory back to the schema before SQS migration `version` + 1, whose
  // visibility index was made by `index_sql`.
  void revert_to(int version, const std::string& index_sql) const {
    store::Database db((dir / "eddy.db").string());
    db.exec("DROP TABLE sqs_visibility; " + index_sql + "; UPDATE eddy_schema SET version = " +
            std::to_string(version) + " WHERE owner = 'sqs'");
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
  // Back to schema 2, as a data directory from before migration 3 holds it.
  revert_to(2, "CREATE INDEX sqs_messages_visible ON sqs_messages (queue_id, visible_at)");
  ASSERT_EQ(visibility_index_sql().find("<<"), std::string::npos);

  Emulator emu{config()};
  EXPECT_EQ(visibility_index_sql(), "");
  // Lists for: the two visible (sent 5 ms apart), the delayed, the one in flight, the second queue.
  EXPECT_EQ(visibility_lists(), 5);
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

TEST_F(SqsSchemaMigrationTest, MessagesStoredUnderTheIntegerKeyedIndexKeepTheirState) {
  {
    Emulator emu{config()};
    auto sqs = [&](const std::string& operation, json input) {
      return emu.call("sqs", operation, std::move(input));
    };
    std::string plain = sqs("CreateQueue", {{"QueueName", "plain"}})["QueueUrl"];
    std::string fifo = sqs("CreateQueue", {{"QueueName", "ordered.fifo"},
                                           {"Attributes", {{"FifoQueue", "true"}}}})["QueueUrl"];
    for (const char* body : {"p1", "p2", "p3"})
      sqs("SendMessage", {{"QueueUrl", plain}, {"MessageBody", body}});
    sqs("SendMessage", {{"QueueUrl", plain}, {"MessageBody", "p-delayed"}, {"DelaySeconds", 30}});
    for (const char* body : {"f1", "f2"})
      sqs("SendMessage", {{"QueueUrl", fifo},
                          {"MessageBody", body},
                          {"MessageGroupId", "g"},
                          {"MessageDeduplicationId", body}});
    json taken = sqs("ReceiveMessage", {{"QueueUrl", plain}, {"VisibilityTimeout", 60}});
    ASSERT_EQ(bodies(taken), std::vector<std::string>{"p1"});
  }
  revert_to(3,
            "CREATE INDEX sqs_messages_visible ON sqs_messages (((queue_id << 42) + visible_at))");

  Emulator emu{config()};
  EXPECT_EQ(visibility_index_sql(), "");
  // The plain queue's visible pair, its delayed one and the one in flight; none for the FIFO queue.
  EXPECT_EQ(visibility_lists(), 3);
  auto sqs = [&](const std::string& operation, json input) {
    return emu.call("sqs", operation, std::move(input));
  };
  std::string plain = sqs("GetQueueUrl", {{"QueueName", "plain"}})["QueueUrl"];
  std::string fifo = sqs("GetQueueUrl", {{"QueueName", "ordered.fifo"}})["QueueUrl"];
  json counts = sqs("GetQueueAttributes", {{"QueueUrl", plain}, {"AttributeNames", {"All"}}});
  EXPECT_EQ(counts["Attributes"]["ApproximateNumberOfMessages"], "2");
  EXPECT_EQ(counts["Attributes"]["ApproximateNumberOfMessagesNotVisible"], "1");
  EXPECT_EQ(counts["Attributes"]["ApproximateNumberOfMessagesDelayed"], "1");

  json receive_all = {{"QueueUrl", plain}, {"MaxNumberOfMessages", 10}, {"VisibilityTimeout", 600}};
  EXPECT_EQ(bodies(sqs("ReceiveMessage", receive_all)), (std::vector<std::string>{"p2", "p3"}));
  receive_all["QueueUrl"] = fifo;
  EXPECT_EQ(bodies(sqs("ReceiveMessage", receive_all)), (std::vector<std::string>{"f1", "f2"}));
  clock->advance(std::chrono::seconds(61));
  receive_all["QueueUrl"] = plain;
  EXPECT_EQ(bodies(sqs("ReceiveMessage", receive_all)),
            (std::vector<std::string>{"p-delayed", "p1"}));
}

}  // namespace
}  // namespace eddy
