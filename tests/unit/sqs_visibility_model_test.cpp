// A standard queue against a model of what SQS promises, over a seeded random run of sends (some
// delayed), receives with several visibility timeouts, deletes, visibility changes and clock
// steps: every receive answers exactly the messages the model has visible (up to its maximum),
// each with its receive count, a deleted message never comes back, the queue's counts agree with
// the model, and at the end every message not deleted is received. Deletes and visibility changes
// use any handle a message was received with, as a standard queue takes them, and a change to a
// message visible again fails. It holds the visibility lists (SQS migrations 4 and 5), which keep
// each message's receive state and whose entries deletes leave behind, to never losing or
// duplicating a message.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "eddy/clock.hpp"
#include "eddy/emulator.hpp"

namespace eddy {
namespace {

using std::chrono::milliseconds;

struct ModelMessage {
  std::int64_t visible_at = 0;       // ms on the test's clock
  std::vector<std::string> handles;  // one per receive, the latest last
};

class SqsVisibilityModelTest : public ::testing::TestWithParam<unsigned> {
 protected:
  std::shared_ptr<ManualClock> clock =
      std::make_shared<ManualClock>(TimePoint(milliseconds(1'700'000'000'000)));
  Emulator emu{EmulatorConfig{.data_dir = "", .clock = clock, .threads = 1}};
  std::string url;
  std::map<std::string, ModelMessage> live;  // by body
  std::set<std::string> deleted;
  std::mt19937 random{GetParam()};
  int sent = 0;

  std::int64_t now() const {
    return std::chrono::duration_cast<milliseconds>(clock->now().time_since_epoch()).count();
  }
  int pick(std::initializer_list<int> choices) {
    std::uniform_int_distribution<std::size_t> index(0, choices.size() - 1);
    return *(choices.begin() + index(random));
  }
  json sqs(const std::string& operation, json input) {
    input["QueueUrl"] = url;
    return emu.call("sqs", operation, std::move(input));
  }
  std::size_t visible_in_model() const {
    std::size_t count = 0;
    for (const auto& [body, message] : live) count += message.visible_at <= now() ? 1 : 0;
    return count;
  }
  // A message received before, in flight or visible again, chosen at random; empty when there is
  // none.
  std::string received_before(bool in_flight) {
    std::vector<std::string> bodies;
    for (const auto& [body, message] : live)
      if (!message.handles.empty() && (message.visible_at > now()) == in_flight)
        bodies.push_back(body);
    if (bodies.empty()) return {};
    return bodies[std::uniform_int_distribution<std::size_t>(0, bodies.size() - 1)(random)];
  }
  // Mostly the latest of the message's handles, sometimes an earlier one.
  const std::string& any_handle(const std::string& body) {
    const auto& handles = live[body].handles;
    if (pick({0, 0, 1}) == 0) return handles.back();
    return handles[std::uniform_int_distribution<std::size_t>(0, handles.size() - 1)(random)];
  }

  void send() {
    std::string body = "m" + std::to_string(sent++);
    int delay = pick({0, 0, 0, 1, 5});
    sqs("SendMessage", {{"MessageBody", body}, {"DelaySeconds", delay}});
    live[body] = {now() + delay * 1000, {}};
  }
  void receive() {
    int max = pick({1, 3, 10});
    int timeout = pick({0, 1, 2, 30});
    std::size_t expected = std::min<std::size_t>(visible_in_model(), max);
    json out = sqs("ReceiveMessage", {{"MaxNumberOfMessages", max},
                                      {"VisibilityTimeout", timeout},
                                      {"AttributeNames", {"ApproximateReceiveCount"}}});
    json messages = out.value("Messages", json::array());
    ASSERT_EQ(messages.size(), expected) << "at " << now();
    std::set<std::string> seen;
    for (const auto& message : messages) {
      std::string body = message["Body"].get<std::string>();
      ASSERT_FALSE(deleted.contains(body)) << body << " came back after its delete";
      ASSERT_TRUE(seen.insert(body).second) << body << " twice in one receive";
      auto it = live.find(body);
      ASSERT_NE(it, live.end());
      ASSERT_LE(it->second.visible_at, now()) << body << " received while invisible";
      ASSERT_EQ(message["Attributes"]["ApproximateReceiveCount"],
                std::to_string(it->second.handles.size() + 1))
          << body;
      it->second.visible_at = now() + timeout * 1000;
      it->second.handles.push_back(message["ReceiptHandle"].get<std::string>());
    }
  }
  void remove() {
    std::string body = received_before(true);
    if (body.empty()) return;
    sqs("DeleteMessage", {{"ReceiptHandle", any_handle(body)}});
    live.erase(body);
    deleted.insert(body);
  }
  void change_visibility() {
    std::string body = received_before(true);
    if (body.empty()) return;
    int timeout = pick({0, 1, 10});
    sqs("ChangeMessageVisibility",
        {{"ReceiptHandle", any_handle(body)}, {"VisibilityTimeout", timeout}});
    live[body].visible_at = now() + timeout * 1000;
  }
  void change_visibility_of_visible() {
    std::string body = received_before(false);
    if (body.empty()) return;
    try {
      sqs("ChangeMessageVisibility",
          {{"ReceiptHandle", any_handle(body)}, {"VisibilityTimeout", 5}});
      ADD_FAILURE() << body << " changed while visible";
    } catch (const AwsError& error) {
      EXPECT_EQ(error.code(), "MessageNotInflight") << body;
    }
  }
  void check_counts() {
    json attributes = sqs("GetQueueAttributes", {{"AttributeNames", {"All"}}})["Attributes"];
    std::size_t visible = visible_in_model();
    EXPECT_EQ(attributes["ApproximateNumberOfMessages"], std::to_string(visible));
    std::size_t received = 0;
    for (const auto& [body, message] : live)
      received += message.visible_at > now() && !message.handles.empty() ? 1 : 0;
    EXPECT_EQ(attributes["ApproximateNumberOfMessagesNotVisible"], std::to_string(received));
    EXPECT_EQ(attributes["ApproximateNumberOfMessagesDelayed"],
              std::to_string(live.size() - visible - received));
  }
};

TEST_P(SqsVisibilityModelTest, NeverLosesNorRepeatsAMessage) {
  url = emu.call("sqs", "CreateQueue", {{"QueueName", "model"}})["QueueUrl"].get<std::string>();
  for (int step = 0; step < 1500 && !HasFatalFailure(); ++step) {
    switch (pick({0, 0, 0, 1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 6})) {
      case 0:
        send();
        break;
      case 1:
        receive();
        break;
      case 2:
        remove();
        break;
      case 3:
        change_visibility();
        break;
      case 4:
        clock->advance(milliseconds(pick({1, 100, 1000, 3000})));
        break;
      case 5:
        check_counts();
        break;
      case 6:
        change_visibility_of_visible();
        break;
    }
  }
  // Everything not deleted comes back once its time has come.
  clock->advance(milliseconds(60'000));
  std::set<std::string> remaining;
  for (const auto& [body, message] : live) remaining.insert(body);
  std::set<std::string> received;
  for (;;) {
    json messages = sqs("ReceiveMessage", {{"MaxNumberOfMessages", 10}, {"VisibilityTimeout", 600}})
                        .value("Messages", json::array());
    if (messages.empty()) break;
    for (const auto& message : messages)
      EXPECT_TRUE(received.insert(message["Body"].get<std::string>()).second);
  }
  EXPECT_EQ(received, remaining);
}

INSTANTIATE_TEST_SUITE_P(Seeds, SqsVisibilityModelTest, ::testing::Values(1u, 2u, 3u));

}  // namespace
}  // namespace eddy
