// FIFO queues: message groups, ordering, in-flight group locking, deduplication, sequence
// numbers and ReceiveRequestAttemptId.
#include <gtest/gtest.h>

#include <algorithm>

#include "sqs_test_support.hpp"

namespace eddy::sqs_test {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

class SqsFifoTest : public SqsTest {
 protected:
  std::string url = create_fifo_queue("orders.fifo", {{"ContentBasedDeduplication", "true"}});

  void send_to_group(const std::string& body, const std::string& group) {
    send(url, body, {{"MessageGroupId", group}});
  }

  std::vector<std::string> bodies(const json& messages) {
    std::vector<std::string> out;
    for (const auto& m : messages) out.push_back(m["Body"]);
    return out;
  }
};

TEST_F(SqsFifoTest, GroupsAreDeliveredTogetherAndInOrder) {
  send_to_group("g1-m1", "group-1");
  send_to_group("g2-m1", "group-2");
  send_to_group("g1-m2", "group-1");
  send_to_group("g1-m3", "group-1");
  EXPECT_EQ(bodies(receive(url, {{"MaxNumberOfMessages", 10}})),
            (std::vector<std::string>{"g1-m1", "g1-m2", "g1-m3", "g2-m1"}));
}

TEST_F(SqsFifoTest, AGroupWithAMessageInFlightIsHeldBack) {
  for (const char* body : {"g1-m1", "g1-m2", "g1-m3", "g1-m4"}) send_to_group(body, "group-1");
  send_to_group("g2-m1", "group-2");
  send_to_group("g3-m1", "group-3");
  json first = receive(url, {{"MaxNumberOfMessages", 2}});
  EXPECT_EQ(bodies(first), (std::vector<std::string>{"g1-m1", "g1-m2"}));
  EXPECT_EQ(bodies(receive(url)), (std::vector<std::string>{"g2-m1"}));
  advance(seconds(31));
  EXPECT_EQ(bodies(receive(url, {{"MaxNumberOfMessages", 10}, {"VisibilityTimeout", 0}})),
            (std::vector<std::string>{"g3-m1", "g1-m1", "g1-m2", "g1-m3", "g1-m4", "g2-m1"}));
}

TEST_F(SqsFifoTest, DeletingInFlightMessagesReleasesTheGroup) {
  send_to_group("g1-m1", "group-1");
  send_to_group("g2-m1", "group-2");
  send_to_group("g1-m2", "group-1");
  send_to_group("g2-m2", "group-2");
  send_to_group("g1-m3", "group-1");
  send_to_group("g3-m1", "group-3");
  json first = receive(url, {{"MaxNumberOfMessages", 2}});
  ASSERT_EQ(bodies(first), (std::vector<std::string>{"g1-m1", "g1-m2"}));
  sqs("DeleteMessage", {{"QueueUrl", url}, {"ReceiptHandle", first[0]["ReceiptHandle"]}});
  // g1-m2 is still in flight: group 1 stays locked.
  EXPECT_EQ(bodies(receive(url, {{"MaxNumberOfMessages", 10}, {"VisibilityTimeout", 0}})),
            (std::vector<std::string>{"g2-m1", "g2-m2", "g3-m1"}));
  sqs("DeleteMessage", {{"QueueUrl", url}, {"ReceiptHandle", first[1]["ReceiptHandle"]}});
  auto rest = bodies(receive(url, {{"MaxNumberOfMessages", 10}}));
  EXPECT_NE(std::find(rest.begin(), rest.end(), "g1-m3"), rest.end());
}

TEST_F(SqsFifoTest, TerminatingVisibilityMakesOnlyThatMessageVisible) {
  send_to_group("g1-m1", "group-1");
  send_to_group("g1-m2", "group-1");
  send_to_group("g2-m1", "group-2");
  json first = receive(url, {{"MaxNumberOfMessages", 2}});
  advance(seconds(1));  // the group became visible again after group 2 was sent
  sqs("ChangeMessageVisibility",
      {{"QueueUrl", url}, {"ReceiptHandle", first[0]["ReceiptHandle"]}, {"VisibilityTimeout", 0}});
  EXPECT_EQ(bodies(receive(url, {{"MaxNumberOfMessages", 3}})),
            (std::vector<std::string>{"g2-m1", "g1-m1"}));
}

TEST_F(SqsFifoTest, DuplicatesWithinFiveMinutesAreAcceptedButNotStored) {
  json one = send(url, "same", {{"MessageGroupId", "g"}});
  json two = send(url, "same", {{"MessageGroupId", "g"}});
  EXPECT_EQ(one["MessageId"], two["MessageId"]);
  EXPECT_EQ(one["SequenceNumber"], two["SequenceNumber"]);
  json received = receive(url);
  ASSERT_EQ(received.size(), 1u);
  sqs("DeleteMessage", {{"QueueUrl", url}, {"ReceiptHandle", received[0]["ReceiptHandle"]}});
  // Even after the delete the id is remembered for the rest of the interval.
  send(url, "same", {{"MessageGroupId", "g"}});
  EXPECT_EQ(receive(url).size(), 0u);
  advance(minutes(5));
  json three = send(url, "same", {{"MessageGroupId", "g"}});
  EXPECT_NE(three["MessageId"], one["MessageId"]);
  EXPECT_EQ(receive(url).size(), 1u);
}

TEST_F(SqsFifoTest, DeduplicationScopeCanBeTheMessageGroup) {
  std::string per_group = create_fifo_queue(
      "per-group.fifo",
      {{"DeduplicationScope", "messageGroup"}, {"FifoThroughputLimit", "perMessageGroupId"}});
  send(per_group, "a", {{"MessageGroupId", "g1"}, {"MessageDeduplicationId", "d"}});
  send(per_group, "b", {{"MessageGroupId", "g2"}, {"MessageDeduplicationId", "d"}});
  send(per_group, "c", {{"MessageGroupId", "g1"}, {"MessageDeduplicationId", "d"}});
  EXPECT_EQ(receive(per_group, {{"MaxNumberOfMessages", 10}}).size(), 2u);
  // Queue scope (the default) deduplicates across groups.
  send(url, "x", {{"MessageGroupId", "g1"}, {"MessageDeduplicationId", "d"}});
  send(url, "y", {{"MessageGroupId", "g2"}, {"MessageDeduplicationId", "d"}});
  EXPECT_EQ(receive(url, {{"MaxNumberOfMessages", 10}}).size(), 1u);
}

TEST_F(SqsFifoTest, SequenceNumbersIncreaseAndHaveTwentyDigits) {
  std::string a = send(url, "1", {{"MessageGroupId", "g"}})["SequenceNumber"];
  std::string b = send(url, "2", {{"MessageGroupId", "h"}})["SequenceNumber"];
  EXPECT_EQ(a.size(), 20u);
  EXPECT_LT(a, b);
  json received = receive(url, {{"AttributeNames", {"All"}}});
  EXPECT_EQ(received[0]["Attributes"]["SequenceNumber"], a);
  EXPECT_EQ(received[0]["Attributes"]["MessageGroupId"], "g");
  EXPECT_EQ(received[0]["Attributes"]["MessageDeduplicationId"].get<std::string>().size(), 64u);
}

TEST_F(SqsFifoTest, SendRulesFollowAws) {
  std::string strict = create_fifo_queue("strict.fifo");
  AwsError no_group = error_of(
      "SendMessage", {{"QueueUrl", strict}, {"MessageBody", "x"}, {"MessageDeduplicationId", "d"}});
  EXPECT_EQ(no_group.code(), "MissingParameter");
  EXPECT_EQ(no_group.message(), "The request must contain the parameter MessageGroupId.");
  AwsError no_dedup = error_of(
      "SendMessage", {{"QueueUrl", strict}, {"MessageBody", "x"}, {"MessageGroupId", "g"}});
  EXPECT_EQ(no_dedup.code(), "InvalidParameterValue");
  EXPECT_EQ(no_dedup.message(),
            "The queue should either have ContentBasedDeduplication enabled or "
            "MessageDeduplicationId provided explicitly");
  EXPECT_EQ(
      error_of(
          "SendMessage",
          {{"QueueUrl", url}, {"MessageBody", "x"}, {"MessageGroupId", "g"}, {"DelaySeconds", 2}})
          .message(),
      "Value 2 for parameter DelaySeconds is invalid. Reason: The request include parameter "
      "that is not valid for this queue type.");
  EXPECT_NO_THROW(send(url, "zero delay", {{"MessageGroupId", "g"}, {"DelaySeconds", 0}}));
  EXPECT_EQ(error_of("SendMessage",
                     {{"QueueUrl", url}, {"MessageBody", "x"}, {"MessageGroupId", "group 123"}})
                .message(),
            "Value group 123 for parameter MessageGroupId is invalid. Reason: MessageGroupId can "
            "only include alphanumeric and punctuation characters. 1 to 128 in length.");
  EXPECT_EQ(error_of("SendMessage", {{"QueueUrl", url},
                                     {"MessageBody", "x"},
                                     {"MessageGroupId", "g"},
                                     {"MessageDeduplicationId", ""}})
                .message(),
            "Value for parameter MessageDeduplicationId is invalid. Reason: "
            "MessageDeduplicationId can only include alphanumeric and punctuation characters. 1 "
            "to 128 in length.");
  json batch = {
      {{"Id", "a"}, {"MessageBody", "x"}, {"MessageGroupId", "g"}, {"MessageDeduplicationId", "1"}},
      {{"Id", "b"}, {"MessageBody", "x"}, {"MessageDeduplicationId", "2"}}};
  AwsError batch_group = error_of("SendMessageBatch", {{"QueueUrl", strict}, {"Entries", batch}});
  EXPECT_EQ(batch_group.code(), "InvalidParameterValue");
  EXPECT_EQ(batch_group.message(), "The request must contain the parameter MessageGroupId.");
  std::string standard = create_queue("standard");
  EXPECT_EQ(
      error_of("SendMessage",
               {{"QueueUrl", standard}, {"MessageBody", "x"}, {"MessageDeduplicationId", "d"}})
          .code(),
      "InvalidParameterValue");
}

TEST_F(SqsFifoTest, ExpiredReceiptHandlesCannotDelete) {
  std::string short_lived = create_fifo_queue(
      "short.fifo", {{"ContentBasedDeduplication", "true"}, {"VisibilityTimeout", "1"}});
  send(short_lived, "g1-m1", {{"MessageGroupId", "1"}});
  std::string handle = receive(short_lived)[0]["ReceiptHandle"];
  advance(seconds(2));
  AwsError expired =
      error_of("DeleteMessage", {{"QueueUrl", short_lived}, {"ReceiptHandle", handle}});
  EXPECT_EQ(expired.code(), "InvalidParameterValue");
  EXPECT_EQ(expired.message(),
            "Value " + handle +
                " for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired.");
  EXPECT_EQ(receive(short_lived).size(), 1u);
}

TEST_F(SqsFifoTest, RetriedReceiveAttemptReturnsTheSameMessages) {
  send_to_group("a", "g1");
  send_to_group("b", "g2");
  json first = receive(url, {{"ReceiveRequestAttemptId", "attempt-1"}, {"MaxNumberOfMessages", 1}});
  ASSERT_EQ(first.size(), 1u);
  advance(seconds(10));
  json retried =
      receive(url, {{"ReceiveRequestAttemptId", "attempt-1"}, {"MaxNumberOfMessages", 1}});
  EXPECT_EQ(retried, first);
  // The retry restarted the visibility timeout: 25 s later the message is still hidden.
  advance(seconds(25));
  EXPECT_EQ(bodies(receive(url, {{"MaxNumberOfMessages", 10}})), (std::vector<std::string>{"b"}));
  json other = receive(url, {{"ReceiveRequestAttemptId", "attempt-2"}});
  EXPECT_EQ(other.size(), 0u);
}

TEST_F(SqsFifoTest, QueueDelayAppliesToFifoQueues) {
  std::string delayed = create_fifo_queue(
      "delayed.fifo", {{"ContentBasedDeduplication", "true"}, {"DelaySeconds", "2"}});
  for (const char* body : {"m1", "m2", "m3"}) send(delayed, body, {{"MessageGroupId", "1"}});
  EXPECT_EQ(receive(delayed).size(), 0u);
  advance(seconds(2));
  EXPECT_EQ(bodies(receive(delayed, {{"MaxNumberOfMessages", 3}})),
            (std::vector<std::string>{"m1", "m2", "m3"}));
}

TEST_F(SqsFifoTest, PurgeClearsTheDeduplicationHistory) {
  send(url, "m", {{"MessageGroupId", "g"}, {"MessageDeduplicationId", "d"}});
  sqs("PurgeQueue", {{"QueueUrl", url}});
  send(url, "m2", {{"MessageGroupId", "g"}, {"MessageDeduplicationId", "d"}});
  json received = receive(url);
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0]["Body"], "m2");
}

}  // namespace
}  // namespace eddy::sqs_test
