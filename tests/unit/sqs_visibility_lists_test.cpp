// A standard queue lists its messages by the time they become visible, with their receive state
// (SQS migrations 4 and 5, visibility_buckets.hpp). A visibility change moves a message's entry;
// deletes and expiry leave old entries behind: a receive goes past them, never mistakes one for a
// later message that took the same row id, and takes them off, so lists do not pile up; expiry and
// purge drop whole lists. Queues whose list keys meet (ids 2^22 apart) keep their lists apart.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "eddy/clock.hpp"
#include "eddy/emulator.hpp"
#include "store/database.hpp"

namespace eddy {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// On a data directory, so the test can read the lists beside the emulator (WAL).
class SqsVisibilityListsTest : public ::testing::Test {
 protected:
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("eddy-sqs-visibility-lists-" + std::to_string(::getpid()));
  std::shared_ptr<ManualClock> clock =
      std::make_shared<ManualClock>(TimePoint(std::chrono::milliseconds(1'700'000'000'000)));
  std::unique_ptr<Emulator> emu;

  void SetUp() override {
    std::filesystem::remove_all(dir);
    emu = std::make_unique<Emulator>(
        EmulatorConfig{.data_dir = dir.string(), .clock = clock, .threads = 2});
  }
  void TearDown() override {
    emu.reset();
    std::filesystem::remove_all(dir);
  }

  json sqs(const std::string& operation, json input) {
    return emu->call("sqs", operation, std::move(input));
  }
  json receive(const std::string& url, json extra) {
    extra["QueueUrl"] = url;
    json out = sqs("ReceiveMessage", extra);
    return out.contains("Messages") ? out["Messages"] : json::array();
  }
  std::string count(const std::string& url, const std::string& attribute) {
    return sqs("GetQueueAttributes",
               {{"QueueUrl", url}, {"AttributeNames", {attribute}}})["Attributes"][attribute]
        .get<std::string>();
  }
  // How many ids the lists hold, stale ones included.
  std::size_t listed() const {
    store::Database db((dir / "eddy.db").string());
    auto q = db.query("SELECT row_ids FROM sqs_visibility");
    std::size_t ids = 0;
    while (q->step()) {
      auto text = q->text(0);
      ids += 1 + static_cast<std::size_t>(std::count(text.begin(), text.end(), ','));
    }
    return ids;
  }
};

std::vector<std::string> message_bodies(const json& messages) {
  std::vector<std::string> out;
  for (const auto& message : messages) out.push_back(message["Body"].get<std::string>());
  return out;
}

TEST_F(SqsVisibilityListsTest, ReceivesGoPastMessagesDeletedOrMovedSinceTheyWereListed) {
  std::string url = sqs("CreateQueue", {{"QueueName", "lists"}})["QueueUrl"];
  for (int i = 0; i < 10; ++i)
    sqs("SendMessage", {{"QueueUrl", url}, {"MessageBody", fmt::format("m{}", i)}});
  json taken = receive(url, {{"MaxNumberOfMessages", 10}, {"VisibilityTimeout", 5}});
  ASSERT_EQ(taken.size(), 10u);
  // All ten are listed at now + 5 s; five are deleted and one moved to now + 60 s.
  std::set<std::string> left;
  for (const auto& message : taken) {
    std::string body = message["Body"];
    if (body < "m5")
      sqs("DeleteMessage", {{"QueueUrl", url}, {"ReceiptHandle", message["ReceiptHandle"]}});
    else if (body == "m5")
      sqs("ChangeMessageVisibility", {{"QueueUrl", url},
                                      {"ReceiptHandle", message["ReceiptHandle"]},
                                      {"VisibilityTimeout", 60}});
    else
      left.insert(body);
  }
  clock->advance(seconds(6));
  json again = receive(url, {{"MaxNumberOfMessages", 10}, {"VisibilityTimeout", 30}});
  auto got = message_bodies(again);
  EXPECT_EQ(std::set<std::string>(got.begin(), got.end()), left);
  EXPECT_EQ(got.size(), 4u);
  EXPECT_EQ(count(url, "ApproximateNumberOfMessagesNotVisible"), "5");
  EXPECT_EQ(count(url, "ApproximateNumberOfMessages"), "0");
  // The deleted ones' entries went with the list taken; m5's old entry too.
  EXPECT_EQ(listed(), 5u);

  clock->advance(seconds(60));
  auto last = message_bodies(receive(url, {{"MaxNumberOfMessages", 10}}));
  EXPECT_EQ(std::set<std::string>(last.begin(), last.end()),
            (std::set<std::string>{"m5", "m6", "m7", "m8", "m9"}));
  EXPECT_EQ(last.size(), 5u);
}

TEST_F(SqsVisibilityListsTest, AMessageListedTwiceIsDeliveredOnce) {
  std::string url = sqs("CreateQueue", {{"QueueName", "twice"}})["QueueUrl"];
  sqs("SendMessage", {{"QueueUrl", url}, {"MessageBody", "once"}});
  json taken = receive(url, {{"VisibilityTimeout", 30}});
  ASSERT_EQ(taken.size(), 1u);
  // Listed at now + 30 s, then again at now, and received with a timeout of 0: listed at now.
  sqs("ChangeMessageVisibility",
      {{"QueueUrl", url}, {"ReceiptHandle", taken[0]["ReceiptHandle"]}, {"VisibilityTimeout", 0}});
  EXPECT_EQ(receive(url, {{"MaxNumberOfMessages", 10}, {"VisibilityTimeout", 0}}).size(), 1u);
  clock->advance(seconds(31));
  // Now under two entries that are both past: one message, once.
  json both = receive(url, {{"MaxNumberOfMessages", 10}, {"VisibilityTimeout", 0}});
  EXPECT_EQ(message_bodies(both), std::vector<std::string>{"once"});
  both = receive(url, {{"MaxNumberOfMessages", 10}, {"VisibilityTimeout", 0}});
  EXPECT_EQ(message_bodies(both), std::vector<std::string>{"once"});
  EXPECT_EQ(count(url, "ApproximateNumberOfMessages"), "1");
  EXPECT_EQ(listed(), 1u);
}

TEST_F(SqsVisibilityListsTest, ReceiveAndDeleteCyclesLeaveNoEntriesBehind) {
  std::string url = sqs("CreateQueue", {{"QueueName", "cycles"}})["QueueUrl"];
  for (int round = 0; round < 20; ++round) {
    for (int i = 0; i < 3; ++i) sqs("SendMessage", {{"QueueUrl", url}, {"MessageBody", "x"}});
    for (const auto& message : receive(url, {{"MaxNumberOfMessages", 10}}))
      sqs("DeleteMessage", {{"QueueUrl", url}, {"ReceiptHandle", message["ReceiptHandle"]}});
    clock->advance(seconds(31));
  }
  // Each round's stale entries (listed at the end of its visibility timeout) go at the next.
  EXPECT_LE(listed(), 3u);
  EXPECT_EQ(count(url, "ApproximateNumberOfMessages"), "0");
  EXPECT_EQ(count(url, "ApproximateNumberOfMessagesNotVisible"), "0");
}

// Counts read the lists after now while most of the queue is visible, and the rows otherwise:
// stale entries (a deleted message's, a moved message's old one, one moved back to now) and a
// message listed twice count as their rows say, once each, on both ways.
TEST_F(SqsVisibilityListsTest, CountsGoByTheRowsOfTheMessagesListedAfterNow) {
  std::string url = sqs("CreateQueue", {{"QueueName", "counts"}})["QueueUrl"];
  auto expect_counts = [&](const char* visible, const char* in_flight, const char* delayed) {
    EXPECT_EQ(count(url, "ApproximateNumberOfMessages"), visible);
    EXPECT_EQ(count(url, "ApproximateNumberOfMessagesNotVisible"), in_flight);
    EXPECT_EQ(count(url, "ApproximateNumberOfMessagesDelayed"), delayed);
  };
  for (int i = 0; i < 12; ++i)
    sqs("SendMessage", {{"QueueUrl", url}, {"MessageBody", fmt::format("m{}", i)}});
  json taken = receive(url, {{"MaxNumberOfMessages", 4}, {"VisibilityTimeout", 30}});
  ASSERT_EQ(taken.size(), 4u);
  // All four listed at now + 30 s: one deleted, one moved to now + 60 s, one back to now, and
  // one moved to now + 60 s twice (listed there twice).
  sqs("DeleteMessage", {{"QueueUrl", url}, {"ReceiptHandle", taken[0]["ReceiptHandle"]}});
  auto change = [&](const json& message, int timeout) {
    sqs("ChangeMessageVisibility", {{"QueueUrl", url},
                                    {"ReceiptHandle", message["ReceiptHandle"]},
                                    {"VisibilityTimeout", timeout}});
  };
  change(taken[1], 60);
  change(taken[2], 0);
  change(taken[3], 60);
  change(taken[3], 60);
  sqs("SendMessage", {{"QueueUrl", url}, {"MessageBody", "later"}, {"DelaySeconds", 5}});
  // 12 messages: 9 visible, 2 in flight, 1 delayed; 6 entries after now, 4 messages.
  expect_counts("9", "2", "1");
  clock->advance(seconds(6));
  expect_counts("10", "2", "0");

  // Now most of the queue not yet visible: 20 delayed beside the 12.
  for (int i = 0; i < 20; ++i)
    sqs("SendMessage",
        {{"QueueUrl", url}, {"MessageBody", fmt::format("d{}", i)}, {"DelaySeconds", 10}});
  expect_counts("10", "2", "20");
  clock->advance(seconds(11));
  expect_counts("30", "2", "0");
  clock->advance(seconds(60));
  expect_counts("32", "0", "0");
}

// A batch's messages are listed together once all are stored, by their visible_at: those sent
// now are received in the order sent, the delayed ones when their delay ends, a refused entry
// never.
TEST_F(SqsVisibilityListsTest, ABatchListsItsMessagesByTheirVisibility) {
  std::string url = sqs("CreateQueue", {{"QueueName", "batch"}})["QueueUrl"];
  json entries = json::array();
  for (int i = 0; i < 10; ++i) {
    json entry = {{"Id", fmt::format("e{}", i)}, {"MessageBody", fmt::format("m{}", i)}};
    if (i == 4) entry["DelaySeconds"] = 901;  // refused: more than 900
    if (i == 2 || i == 7) entry["DelaySeconds"] = 5;
    entries.push_back(entry);
  }
  json answer = sqs("SendMessageBatch", {{"QueueUrl", url}, {"Entries", entries}});
  ASSERT_EQ(answer["Successful"].size(), 9u);
  ASSERT_EQ(answer["Failed"].size(), 1u);
  EXPECT_EQ(answer["Failed"][0]["Id"], "e4");
  EXPECT_EQ(listed(), 9u);
  EXPECT_EQ(count(url, "ApproximateNumberOfMessages"), "7");
  EXPECT_EQ(count(url, "ApproximateNumberOfMessagesDelayed"), "2");
  EXPECT_EQ(message_bodies(receive(url, {{"MaxNumberOfMessages", 10}})),
            (std::vector<std::string>{"m0", "m1", "m3", "m5", "m6", "m8", "m9"}));
  EXPECT_TRUE(receive(url, {{"MaxNumberOfMessages", 10}}).empty());
  clock->advance(seconds(5));
  EXPECT_EQ(message_bodies(receive(url, {{"MaxNumberOfMessages", 10}})),
            (std::vector<std::string>{"m2", "m7"}));
}

TEST_F(SqsVisibilityListsTest, ExpiryAndPurgeDropWholeLists) {
  std::string url = sqs(
      "CreateQueue",
      {{"QueueName", "expiry"}, {"Attributes", {{"MessageRetentionPeriod", "60"}}}})["QueueUrl"];
  for (int i = 0; i < 3; ++i) {
    sqs("SendMessage", {{"QueueUrl", url}, {"MessageBody", "old"}});
    clock->advance(milliseconds(5));
  }
  clock->advance(seconds(61));
  for (int i = 0; i < 300 && listed() != 0; ++i) std::this_thread::sleep_for(milliseconds(10));
  EXPECT_EQ(listed(), 0u);
  EXPECT_EQ(count(url, "ApproximateNumberOfMessages"), "0");

  std::string other = sqs("CreateQueue", {{"QueueName", "purged"}})["QueueUrl"];
  sqs("SendMessage", {{"QueueUrl", other}, {"MessageBody", "a"}});
  sqs("SendMessage", {{"QueueUrl", other}, {"MessageBody", "b"}, {"DelaySeconds", 5}});
  EXPECT_EQ(listed(), 2u);
  sqs("PurgeQueue", {{"QueueUrl", other}});
  EXPECT_EQ(listed(), 0u);
}

TEST_F(SqsVisibilityListsTest, QueuesWhoseListKeysMeetKeepTheirOwnMessages) {
  std::string low = sqs("CreateQueue", {{"QueueName", "low"}})["QueueUrl"];
  {
    // The next queue's id is 2^22 above this one's: their lists share keys, (queue_id << 42) + ms.
    store::Database db((dir / "eddy.db").string());
    db.exec("UPDATE sqlite_sequence SET seq = 4194304 WHERE name = 'sqs_queues'");
  }
  std::string high = sqs("CreateQueue", {{"QueueName", "high"}})["QueueUrl"];
  // Sent in the same millisecond, with neighbouring row ids.
  sqs("SendMessage", {{"QueueUrl", low}, {"MessageBody", "low-1"}});
  sqs("SendMessage", {{"QueueUrl", high}, {"MessageBody", "high-1"}});
  sqs("SendMessage", {{"QueueUrl", low}, {"MessageBody", "low-2"}});
  EXPECT_EQ(listed(), 3u);

  EXPECT_EQ(message_bodies(receive(low, {{"MaxNumberOfMessages", 10}, {"VisibilityTimeout", 30}})),
            (std::vector<std::string>{"low-1", "low-2"}));
  EXPECT_EQ(count(high, "ApproximateNumberOfMessages"), "1");
  EXPECT_EQ(message_bodies(receive(high, {{"MaxNumberOfMessages", 10}, {"VisibilityTimeout", 30}})),
            std::vector<std::string>{"high-1"});
  sqs("PurgeQueue", {{"QueueUrl", low}});
  clock->advance(seconds(31));
  EXPECT_EQ(message_bodies(receive(high, {{"MaxNumberOfMessages", 10}})),
            std::vector<std::string>{"high-1"});
}

TEST_F(SqsVisibilityListsTest, FifoQueuesKeepNoLists) {
  std::string url = sqs("CreateQueue", {{"QueueName", "ordered.fifo"},
                                        {"Attributes", {{"FifoQueue", "true"}}}})["QueueUrl"];
  sqs("SendMessage", {{"QueueUrl", url},
                      {"MessageBody", "f"},
                      {"MessageGroupId", "g"},
                      {"MessageDeduplicationId", "d"}});
  EXPECT_EQ(message_bodies(receive(url, {{"VisibilityTimeout", 0}})),
            std::vector<std::string>{"f"});
  EXPECT_EQ(listed(), 0u);
  EXPECT_EQ(count(url, "ApproximateNumberOfMessages"), "1");
}

// A worker extends a message's visibility with the handle of its receive again and again: each
// change moves the message's one entry, with its receive state. Once the message is received
// again, the earlier handle changes the current receive, as a standard queue takes any handle.
TEST_F(SqsVisibilityListsTest, AVisibilityChangeMovesTheMessageWithItsReceiveState) {
  std::string url = sqs("CreateQueue", {{"QueueName", "heartbeat"}})["QueueUrl"];
  sqs("SendMessage", {{"QueueUrl", url}, {"MessageBody", "job"}});
  json attributes = {
      {"AttributeNames", {"ApproximateReceiveCount", "ApproximateFirstReceiveTimestamp"}}};
  json extra = attributes;
  extra["VisibilityTimeout"] = 10;
  json first = receive(url, extra);
  ASSERT_EQ(first.size(), 1u);
  std::string first_received = first[0]["Attributes"]["ApproximateFirstReceiveTimestamp"];
  auto change = [&](const json& message, int timeout) {
    sqs("ChangeMessageVisibility", {{"QueueUrl", url},
                                    {"ReceiptHandle", message["ReceiptHandle"]},
                                    {"VisibilityTimeout", timeout}});
  };
  for (int beat = 0; beat < 3; ++beat) {
    clock->advance(seconds(8));
    change(first[0], 10);
    EXPECT_TRUE(receive(url, {}).empty());
    EXPECT_EQ(listed(), 1u);
  }
  clock->advance(seconds(11));
  json second = receive(url, extra);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0]["Attributes"]["ApproximateReceiveCount"], "2");
  EXPECT_EQ(second[0]["Attributes"]["ApproximateFirstReceiveTimestamp"], first_received);
  clock->advance(seconds(8));
  change(first[0], 10);  // found in no list its handle names: the lists after now are searched
  clock->advance(seconds(8));
  EXPECT_TRUE(receive(url, {}).empty());
  change(second[0], 0);
  json third = receive(url, attributes);
  ASSERT_EQ(third.size(), 1u);
  EXPECT_EQ(third[0]["Attributes"]["ApproximateReceiveCount"], "3");
  EXPECT_EQ(listed(), 1u);
}

// A deleted message's entry stays listed until a receive comes to it; a later message may take its
// row id in the meantime, and is then neither delivered twice nor out of its own visibility.
TEST_F(SqsVisibilityListsTest, ARowIdTakenByALaterMessageIsNotMistakenForTheOneListed) {
  std::string url = sqs("CreateQueue", {{"QueueName", "reused"}})["QueueUrl"];
  sqs("SendMessage", {{"QueueUrl", url}, {"MessageBody", "gone"}});
  json taken = receive(url, {{"VisibilityTimeout", 5}});
  ASSERT_EQ(taken.size(), 1u);
  sqs("DeleteMessage", {{"QueueUrl", url}, {"ReceiptHandle", taken[0]["ReceiptHandle"]}});
  // The largest row deleted: the next message takes its id.
  sqs("SendMessage", {{"QueueUrl", url}, {"MessageBody", "later"}});
  json later = receive(url, {{"VisibilityTimeout", 60}, {"AttributeNames", {"All"}}});
  ASSERT_EQ(message_bodies(later), std::vector<std::string>{"later"});
  EXPECT_EQ(later[0]["Attributes"]["ApproximateReceiveCount"], "1");
  EXPECT_EQ(count(url, "ApproximateNumberOfMessagesNotVisible"), "1");
  clock->advance(seconds(6));
  // The deleted message's entry is due; the later message is still in flight.
  EXPECT_TRUE(receive(url, {{"MaxNumberOfMessages", 10}}).empty());
  EXPECT_EQ(count(url, "ApproximateNumberOfMessagesNotVisible"), "1");
  EXPECT_EQ(count(url, "ApproximateNumberOfMessages"), "0");
  EXPECT_EQ(listed(), 1u);
}

}  // namespace
}  // namespace eddy
