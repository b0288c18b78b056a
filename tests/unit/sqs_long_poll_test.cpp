// Long polling: a waiting ReceiveMessage holds no emulator thread and no store lock, and wakes
// the moment a message becomes available (a send, a visibility change, the clock reaching a
// delayed message) or when its wait ends.
#include <gtest/gtest.h>

#include <future>
#include <thread>
#include <vector>

#include "sqs_test_support.hpp"

namespace eddy::sqs_test {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using Steady = std::chrono::steady_clock;

class SqsLongPollTest : public SqsTest {
 protected:
  std::future<json> receive_async(const std::string& url, json extra = json::object()) {
    return std::async(std::launch::async, [this, url, extra] { return receive(url, extra); });
  }

  // True when the future is still pending after a short real-time pause.
  static bool still_waiting(std::future<json>& f) {
    return f.wait_for(milliseconds(100)) == std::future_status::timeout;
  }
};

TEST_F(SqsLongPollTest, ASendWakesAWaitingReceiveAtOnce) {
  std::string url = create_queue("wake");
  auto started = Steady::now();
  auto waiting = receive_async(url, {{"WaitTimeSeconds", 20}});
  ASSERT_TRUE(still_waiting(waiting));
  send(url, "hello");
  ASSERT_EQ(waiting.wait_for(seconds(5)), std::future_status::ready);
  json messages = waiting.get();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0]["Body"], "hello");
  EXPECT_LT(Steady::now() - started, seconds(5));
}

TEST_F(SqsLongPollTest, TheWaitEndsWhenTheClockPassesWaitTimeSeconds) {
  std::string url = create_queue("timeout", {{"ReceiveMessageWaitTimeSeconds", "5"}});
  auto waiting = receive_async(url);  // the queue's ReceiveMessageWaitTimeSeconds applies
  ASSERT_TRUE(still_waiting(waiting));
  advance(seconds(4));
  ASSERT_TRUE(still_waiting(waiting));
  advance(seconds(1));
  ASSERT_EQ(waiting.wait_for(seconds(5)), std::future_status::ready);
  EXPECT_EQ(waiting.get().size(), 0u);
}

TEST_F(SqsLongPollTest, ADelayedMessageWakesTheWaiterWhenItBecomesVisible) {
  std::string url = create_queue("delayed");
  auto waiting = receive_async(url, {{"WaitTimeSeconds", 20}});
  ASSERT_TRUE(still_waiting(waiting));
  send(url, "later", {{"DelaySeconds", 3}});
  ASSERT_TRUE(still_waiting(waiting));
  advance(seconds(3));
  ASSERT_EQ(waiting.wait_for(seconds(5)), std::future_status::ready);
  EXPECT_EQ(waiting.get()[0]["Body"], "later");
}

TEST_F(SqsLongPollTest, TerminatingVisibilityWakesTheWaiter) {
  std::string url = create_queue("visibility");
  send(url, "m");
  std::string handle = receive(url)[0]["ReceiptHandle"];
  auto waiting = receive_async(url, {{"WaitTimeSeconds", 20}});
  ASSERT_TRUE(still_waiting(waiting));
  sqs("ChangeMessageVisibility",
      {{"QueueUrl", url}, {"ReceiptHandle", handle}, {"VisibilityTimeout", 0}});
  ASSERT_EQ(waiting.wait_for(seconds(5)), std::future_status::ready);
  EXPECT_EQ(waiting.get().size(), 1u);
}

TEST_F(SqsLongPollTest, ManyWaitersShareTwoThreads) {
  std::string url = create_queue("crowd");
  std::string other = create_queue("other");
  std::vector<std::future<json>> waiters;
  for (int i = 0; i < 40; ++i) waiters.push_back(receive_async(url, {{"WaitTimeSeconds", 20}}));
  std::this_thread::sleep_for(milliseconds(200));
  // The emulator still serves everything else while 40 receives wait on 2 threads.
  auto started = Steady::now();
  for (int i = 0; i < 20; ++i) send(other, "unrelated");
  EXPECT_EQ(count(other, "ApproximateNumberOfMessages"), "20");
  EXPECT_LT(Steady::now() - started, seconds(2));
  for (auto& w : waiters) EXPECT_EQ(w.wait_for(milliseconds(0)), std::future_status::timeout);
  for (int i = 0; i < 40; ++i) send(url, numbered("m", i));
  std::size_t received = 0;
  for (auto& w : waiters) {
    ASSERT_EQ(w.wait_for(seconds(10)), std::future_status::ready);
    received += w.get().size();
  }
  EXPECT_EQ(received, 40u);
}

TEST_F(SqsLongPollTest, DeletingTheQueueEndsTheWait) {
  std::string url = create_queue("doomed");
  auto waiting = receive_async(url, {{"WaitTimeSeconds", 20}});
  ASSERT_TRUE(still_waiting(waiting));
  sqs("DeleteQueue", {{"QueueUrl", url}});
  ASSERT_EQ(waiting.wait_for(seconds(5)), std::future_status::ready);
  EXPECT_EQ(waiting.get().size(), 0u);
}

TEST_F(SqsLongPollTest, EnqueueFromAnotherServiceWakesTheWaiter) {
  std::string url = create_queue("in-process");
  auto waiting = receive_async(url, {{"WaitTimeSeconds", 20}, {"MessageAttributeNames", {"All"}}});
  ASSERT_TRUE(still_waiting(waiting));
  EXPECT_EQ(error_of("SendMessage", {{"QueueUrl", "nope"}, {"MessageBody", "x"}}).code(),
            "QueueDoesNotExist");
  json sent =
      send(url, "via SendMessage",
           {{"MessageAttributes", {{"a", {{"DataType", "String"}, {"StringValue", "b"}}}}}});
  ASSERT_EQ(waiting.wait_for(seconds(5)), std::future_status::ready);
  EXPECT_EQ(waiting.get()[0]["MD5OfMessageAttributes"], sent["MD5OfMessageAttributes"]);
}

}  // namespace
}  // namespace eddy::sqs_test
