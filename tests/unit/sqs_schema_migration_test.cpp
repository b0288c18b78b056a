// SQS migration 3 keyed the visibility index by one integer; migration 4 replaces the index with
// lists of messages by the time they become visible (visibility_buckets.hpp); migration 5 moves
// what a receive changes from the message rows into the lists' entries. A data directory written
// under the two-column index (migration 2), the integer one (migration 3) or lists of bare row ids
// (migration 4) opens with every message where it was, visible, in flight or delayed, with its
// receive count, each queue's apart and in order; a receipt handle from before migration 5 still
// changes its message's visibility.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/base64.hpp"
#include "eddy/clock.hpp"
#include "eddy/emulator.hpp"
#include "services/sqs/receipt_handle.hpp"
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
  // Writes each standard queue message's visibility and receive state from its list entry into its
  // row, as schemas before 5 kept it, and makes each list bare row ids, as schema 4 held them. An
  // entry is `row:tag[:count:first:last]`, the times in ms before the list's, empty for none.
  static void write_state_into_rows(store::Database& db) {
    struct List {
      std::int64_t key, tag, visible_at;
      std::string entries;
    };
    std::vector<List> lists;
    {
      auto q = db.query("SELECT key, tag, key - ((tag >> 24) << 42), row_ids FROM sqs_visibility");
      while (q->step()) lists.push_back({q->int64(0), q->int64(1), q->int64(2), q->string(3)});
    }
    for (const auto& list : lists) {
      std::string bare;
      std::size_t at = 0;
      while (at < list.entries.size()) {
        std::size_t end = std::min(list.entries.find(',', at), list.entries.size());
        std::vector<std::string> fields;
        for (std::size_t from = at; from <= end;) {
          std::size_t to = std::min(list.entries.find(':', from), end);
          fields.push_back(list.entries.substr(from, to - from));
          from = to + 1;
        }
        fields.resize(5);
        auto number = [](const std::string& text) -> std::int64_t {
          return text.empty() ? 0 : std::stoll(text);
        };
        auto time = [&](const std::string& before) -> std::int64_t {
          return before.empty() ? 0 : list.visible_at - number(before);
        };
        db.query(
              "UPDATE sqs_messages SET visible_at = ?2, receive_count = ?3, "
              "first_receive_ms = NULLIF(?4, 0), last_receive_ms = NULLIF(?5, 0) WHERE id = ?1")
            ->bind(1, number(fields[0]))
            .bind(2, list.visible_at)
            .bind(3, number(fields[2]))
            .bind(4, time(fields[3]))
            .bind(5, time(fields[4]))
            .run();
        if (!bare.empty()) bare += ',';
        bare += fields[0];
        at = end + 1;
      }
      db.query("UPDATE sqs_visibility SET row_ids = ?3 WHERE key = ?1 AND tag = ?2")
          ->bind(1, list.key)
          .bind(2, list.tag)
          .bind(3, bare)
          .run();
    }
  }
  // Takes the data directory back to the schema before SQS migration `version` + 1, whose
  // visibility index was made by `index_sql`.
  void revert_to(int version, const std::string& index_sql) const {
    store::Database db((dir / "eddy.db").string());
    write_state_into_rows(db);
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

TEST_F(SqsSchemaMigrationTest, ListsOfRowIdsGainTheReceiveStateTheRowsKept) {
  std::string handle;
  {
    Emulator emu{config()};
    auto sqs = [&](const std::string& operation, json input) {
      return emu.call("sqs", operation, std::move(input));
    };
    std::string url = sqs("CreateQueue", {{"QueueName", "states"}})["QueueUrl"];
    for (const char* body : {"s1", "s2", "s3"})
      sqs("SendMessage", {{"QueueUrl", url}, {"MessageBody", body}});
    sqs("SendMessage", {{"QueueUrl", url}, {"MessageBody", "s-delayed"}, {"DelaySeconds", 30}});
    // All three received once and visible again, then s1 a second time, in flight.
    json taken = sqs("ReceiveMessage",
                     {{"QueueUrl", url}, {"MaxNumberOfMessages", 3}, {"VisibilityTimeout", 0}});
    ASSERT_EQ(bodies(taken), (std::vector<std::string>{"s1", "s2", "s3"}));
    taken = sqs("ReceiveMessage", {{"QueueUrl", url}, {"VisibilityTimeout", 60}});
    ASSERT_EQ(bodies(taken), std::vector<std::string>{"s1"});
    handle = taken["Messages"][0]["ReceiptHandle"];
  }
  // Back to schema 4: lists of bare row ids, the state in the rows.
  {
    store::Database db((dir / "eddy.db").string());
    write_state_into_rows(db);
    db.exec("UPDATE eddy_schema SET version = 4 WHERE owner = 'sqs'");
  }
  // The handle as receives made it then: version F, no list and no receive count.
  auto decoded = services::sqs::decode_receipt_handle(handle);
  ASSERT_TRUE(decoded);
  std::string raw(1, 'F');
  for (std::uint64_t value :
       {static_cast<std::uint64_t>(decoded->queue_id), static_cast<std::uint64_t>(decoded->row_id),
        static_cast<std::uint64_t>(decoded->token), decoded->message_tag})
    for (int shift = 56; shift >= 0; shift -= 8) raw.push_back(static_cast<char>(value >> shift));
  std::string old_handle = base64::encode(raw);

  Emulator emu{config()};
  auto sqs = [&](const std::string& operation, json input) {
    return emu.call("sqs", operation, std::move(input));
  };
  std::string url = sqs("GetQueueUrl", {{"QueueName", "states"}})["QueueUrl"];
  json counts = sqs("GetQueueAttributes", {{"QueueUrl", url}, {"AttributeNames", {"All"}}});
  EXPECT_EQ(counts["Attributes"]["ApproximateNumberOfMessages"], "2");
  EXPECT_EQ(counts["Attributes"]["ApproximateNumberOfMessagesNotVisible"], "1");
  EXPECT_EQ(counts["Attributes"]["ApproximateNumberOfMessagesDelayed"], "1");
  // The old handle still extends s1's visibility, to 120 s from now.
  sqs("ChangeMessageVisibility",
      {{"QueueUrl", url}, {"ReceiptHandle", old_handle}, {"VisibilityTimeout", 120}});
  json receive_all = {{"QueueUrl", url},
                      {"MaxNumberOfMessages", 10},
                      {"VisibilityTimeout", 0},
                      {"AttributeNames", {"ApproximateReceiveCount"}}};
  json received = sqs("ReceiveMessage", receive_all);
  EXPECT_EQ(bodies(received), (std::vector<std::string>{"s2", "s3"}));
  EXPECT_EQ(received["Messages"][0]["Attributes"]["ApproximateReceiveCount"], "2");
  EXPECT_EQ(received["Messages"][1]["Attributes"]["ApproximateReceiveCount"], "2");
  clock->advance(std::chrono::seconds(61));
  EXPECT_EQ(bodies(sqs("ReceiveMessage", receive_all)),
            (std::vector<std::string>{"s2", "s3", "s-delayed"}));
  clock->advance(std::chrono::seconds(60));
  received = sqs("ReceiveMessage", receive_all);
  ASSERT_EQ(bodies(received), (std::vector<std::string>{"s2", "s3", "s-delayed", "s1"}));
  EXPECT_EQ(received["Messages"][3]["Attributes"]["ApproximateReceiveCount"], "3");
}

}  // namespace
}  // namespace eddy
