// Sending, receiving, deleting and visibility of messages in standard queues.
#include <gtest/gtest.h>

#include <thread>

#include "sqs_test_support.hpp"

namespace eddy::sqs_test {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class SqsMessageTest : public SqsTest {};

TEST_F(SqsMessageTest, SendAndReceiveCarryDigestsAndAttributes) {
  std::string url = create_queue("basic");
  json sent = send(url, "message",
                   {{"MessageAttributes",
                     {{"timestamp", {{"DataType", "Number"}, {"StringValue", "1614717034367"}}}}}});
  EXPECT_EQ(sent["MD5OfMessageBody"], "78e731027d8fd50ed642340b7c9a63b3");
  EXPECT_TRUE(sent.contains("MD5OfMessageAttributes"));
  EXPECT_FALSE(sent.contains("SequenceNumber"));
  json messages = receive(url, {{"MessageAttributeNames", {"All"}}, {"AttributeNames", {"All"}}});
  ASSERT_EQ(messages.size(), 1u);
  const json& m = messages[0];
  EXPECT_EQ(m["MessageId"], sent["MessageId"]);
  EXPECT_EQ(m["Body"], "message");
  EXPECT_EQ(m["MD5OfBody"], sent["MD5OfMessageBody"]);
  EXPECT_EQ(m["MD5OfMessageAttributes"], sent["MD5OfMessageAttributes"]);
  EXPECT_EQ(m["MessageAttributes"]["timestamp"]["StringValue"], "1614717034367");
  EXPECT_EQ(m["Attributes"]["ApproximateReceiveCount"], "1");
  EXPECT_EQ(m["Attributes"]["SentTimestamp"], "1700000000000");
  EXPECT_EQ(m["Attributes"]["ApproximateFirstReceiveTimestamp"], "1700000000000");
  EXPECT_EQ(m["Attributes"]["SenderId"], "000000000000");
  EXPECT_FALSE(m["Attributes"].contains("SequenceNumber"));
}

TEST_F(SqsMessageTest, OnlyRequestedAttributesAreReturned) {
  std::string url = create_queue("filters", {{"VisibilityTimeout", "0"}});
  send(url, "msg",
       {{"MessageAttributes", {{"Foo", {{"DataType", "String"}, {"StringValue", "Bar"}}}}},
        {"MessageSystemAttributes",
         {{"AWSTraceHeader", {{"DataType", "String"}, {"StringValue", "Root=1-abc"}}}}}});
  json plain = receive(url)[0];
  EXPECT_FALSE(plain.contains("Attributes"));
  EXPECT_FALSE(plain.contains("MessageAttributes"));
  EXPECT_FALSE(plain.contains("MD5OfMessageAttributes"));
  json sender = receive(url, {{"AttributeNames", {"SenderId", "SequenceNumber"}}})[0];
  EXPECT_EQ(sender["Attributes"], json({{"SenderId", "000000000000"}}));
  json trace = receive(url, {{"MessageSystemAttributeNames", {"AWSTraceHeader"}}})[0];
  EXPECT_EQ(trace["Attributes"], json({{"AWSTraceHeader", "Root=1-abc"}}));
  EXPECT_EQ(receive(url, {{"MessageAttributeNames", {"Nope"}}})[0].count("MessageAttributes"), 0u);
}

TEST_F(SqsMessageTest, SystemAttributesHaveTheirOwnDigest) {
  std::string url = create_queue("system");
  json attributes = {{"timestamp", {{"DataType", "Number"}, {"StringValue", "1493147359900"}}}};
  json plain = send(url, "test", {{"MessageAttributes", attributes}});
  json traced = send(
      url, "test",
      {{"MessageAttributes", attributes},
       {"MessageSystemAttributes",
        {{"AWSTraceHeader",
          {{"DataType", "String"},
           {"StringValue",
            "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"}}}}}});
  EXPECT_EQ(plain["MD5OfMessageAttributes"], traced["MD5OfMessageAttributes"]);
  EXPECT_FALSE(plain.contains("MD5OfMessageSystemAttributes"));
  EXPECT_EQ(traced["MD5OfMessageSystemAttributes"], "5ae4d5d7636402d80f4eb6d213245a88");
  EXPECT_EQ(error_of("SendMessage", {{"QueueUrl", url},
                                     {"MessageBody", "x"},
                                     {"MessageSystemAttributes",
                                      {{"Other", {{"DataType", "String"}, {"StringValue", "v"}}}}}})
                .code(),
            "InvalidParameterValue");
}

TEST_F(SqsMessageTest, BodiesAreCheckedForPresenceSizeAndCharacters) {
  std::string url = create_queue("bodies");
  AwsError empty = error_of("SendMessage", {{"QueueUrl", url}, {"MessageBody", ""}});
  EXPECT_EQ(empty.code(), "MissingParameter");
  EXPECT_EQ(empty.message(), "The request must contain the parameter MessageBody.");
  AwsError invalid =
      error_of("SendMessage", {{"QueueUrl", url}, {"MessageBody", std::string("a\x01", 2)}});
  EXPECT_EQ(invalid.code(), "InvalidMessageContents");
  json attributes = {{"k", {{"DataType", "String"}, {"StringValue", "x"}}}};
  EXPECT_NO_THROW(send(url, std::string(1048576 - 8, 'a'), {{"MessageAttributes", attributes}}));
  AwsError large = error_of("SendMessage", {{"QueueUrl", url},
                                            {"MessageBody", std::string(1048576 - 8 + 1, 'a')},
                                            {"MessageAttributes", attributes}});
  EXPECT_EQ(
      large.message(),
      "One or more parameters are invalid. Reason: Message must be shorter than 1048576 bytes.");
  sqs("SetQueueAttributes", {{"QueueUrl", url}, {"Attributes", {{"MaximumMessageSize", "1024"}}}});
  EXPECT_NO_THROW(send(url, std::string(1024, 'a')));
  EXPECT_EQ(error_of("SendMessage", {{"QueueUrl", url}, {"MessageBody", std::string(1025, 'a')}})
                .message(),
            "One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.");
}

TEST_F(SqsMessageTest, ReceiveParametersAreRangeChecked) {
  std::string url = create_queue("ranges");
  EXPECT_EQ(error_of("ReceiveMessage", {{"QueueUrl", url}, {"MaxNumberOfMessages", 11}}).message(),
            "Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and "
            "10, if provided.");
  EXPECT_EQ(error_of("ReceiveMessage", {{"QueueUrl", url}, {"WaitTimeSeconds", 21}}).message(),
            "Value 21 for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if "
            "provided.");
  EXPECT_EQ(error_of("ReceiveMessage", {{"QueueUrl", url}, {"WaitTimeSeconds", -1}}).message(),
            "Value -1 for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if "
            "provided.");
}

TEST_F(SqsMessageTest, VisibilityTimeoutHidesAndReturnsMessages) {
  std::string url = create_queue("visibility");
  send(url, "m");
  json first = receive(url);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(receive(url).size(), 0u);
  EXPECT_EQ(count(url, "ApproximateNumberOfMessagesNotVisible"), "1");
  advance(seconds(29));
  EXPECT_EQ(receive(url).size(), 0u);
  advance(seconds(1));
  json second = receive(
      url, {{"AttributeNames", {"ApproximateReceiveCount", "ApproximateFirstReceiveTimestamp"}}});
  ASSERT_EQ(second.size(), 1u);
  EXPECT_NE(second[0]["ReceiptHandle"], first[0]["ReceiptHandle"]);
  EXPECT_EQ(second[0]["Attributes"]["ApproximateReceiveCount"], "2");
  EXPECT_EQ(second[0]["Attributes"]["ApproximateFirstReceiveTimestamp"], "1700000000000");
  // A receive's own VisibilityTimeout wins over the queue's.
  advance(seconds(30));
  receive(url, {{"VisibilityTimeout", 2}});
  advance(seconds(2));
  EXPECT_EQ(receive(url).size(), 1u);
}

TEST_F(SqsMessageTest, ChangeMessageVisibilityFollowsAwsRules) {
  std::string url = create_queue("change");
  send(url, "m");
  std::string handle = receive(url)[0]["ReceiptHandle"];
  sqs("ChangeMessageVisibility",
      {{"QueueUrl", url}, {"ReceiptHandle", handle}, {"VisibilityTimeout", 0}});
  json again = receive(url);
  ASSERT_EQ(again.size(), 1u);
  // In a standard queue the earlier handle still works.
  sqs("ChangeMessageVisibility",
      {{"QueueUrl", url}, {"ReceiptHandle", handle}, {"VisibilityTimeout", 100}});
  advance(seconds(99));
  EXPECT_EQ(receive(url).size(), 0u);
  AwsError too_long =
      error_of("ChangeMessageVisibility",
               {{"QueueUrl", url}, {"ReceiptHandle", handle}, {"VisibilityTimeout", 43200}});
  EXPECT_EQ(too_long.message(),
            "Value 43200 for parameter VisibilityTimeout is invalid. Reason: Total "
            "VisibilityTimeout for the message is beyond the limit [43200 seconds]");
  EXPECT_EQ(error_of("ChangeMessageVisibility",
                     {{"QueueUrl", url}, {"ReceiptHandle", handle}, {"VisibilityTimeout", 43201}})
                .code(),
            "InvalidParameterValue");
  advance(seconds(2));
  AwsError not_inflight =
      error_of("ChangeMessageVisibility",
               {{"QueueUrl", url}, {"ReceiptHandle", handle}, {"VisibilityTimeout", 5}});
  EXPECT_EQ(not_inflight.code(), "MessageNotInflight");
  EXPECT_EQ(not_inflight.query_code(), "AWS.SimpleQueueService.MessageNotInflight");
  sqs("DeleteMessage", {{"QueueUrl", url}, {"ReceiptHandle", handle}});
  EXPECT_EQ(error_of("ChangeMessageVisibility",
                     {{"QueueUrl", url}, {"ReceiptHandle", handle}, {"VisibilityTimeout", 5}})
                .message(),
            "Value " + handle +
                " for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not "
                "available for visibility timeout change.");
  AwsError garbage =
      error_of("ChangeMessageVisibility",
               {{"QueueUrl", url}, {"ReceiptHandle", "INVALID"}, {"VisibilityTimeout", 5}});
  EXPECT_EQ(garbage.code(), "ReceiptHandleIsInvalid");
}

TEST_F(SqsMessageTest, DeleteMessageRemovesAndToleratesRepeats) {
  std::string url = create_queue("deletes");
  std::string other = create_queue("elsewhere");
  send(url, "m");
  std::string handle = receive(url)[0]["ReceiptHandle"];
  AwsError wrong_queue =
      error_of("DeleteMessage", {{"QueueUrl", other}, {"ReceiptHandle", handle}});
  EXPECT_EQ(wrong_queue.code(), "ReceiptHandleIsInvalid");
  sqs("DeleteMessage", {{"QueueUrl", url}, {"ReceiptHandle", handle}});
  sqs("DeleteMessage", {{"QueueUrl", url}, {"ReceiptHandle", handle}});
  advance(seconds(31));
  EXPECT_EQ(receive(url).size(), 0u);
  AwsError garbage = error_of("DeleteMessage", {{"QueueUrl", url}, {"ReceiptHandle", "garbage"}});
  EXPECT_EQ(garbage.code(), "ReceiptHandleIsInvalid");
  EXPECT_EQ(garbage.message(),
            "The input receipt handle \"garbage\" is not a valid receipt handle.");
}

TEST_F(SqsMessageTest, DelaysHideMessagesUntilDue) {
  std::string url = create_queue("delays", {{"DelaySeconds", "10"}});
  send(url, "queue-delayed");
  send(url, "message-delayed", {{"DelaySeconds", 3}});
  send(url, "immediate", {{"DelaySeconds", 0}});
  EXPECT_EQ(count(url, "ApproximateNumberOfMessages"), "1");
  EXPECT_EQ(count(url, "ApproximateNumberOfMessagesDelayed"), "2");
  EXPECT_EQ(receive(url)[0]["Body"], "immediate");
  advance(seconds(3));
  EXPECT_EQ(receive(url)[0]["Body"], "message-delayed");
  advance(seconds(7));
  EXPECT_EQ(receive(url)[0]["Body"], "queue-delayed");
  EXPECT_EQ(
      error_of("SendMessage", {{"QueueUrl", url}, {"MessageBody", "x"}, {"DelaySeconds", 901}})
          .message(),
      "Value 901 for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 and "
      "<= 900.");
}

TEST_F(SqsMessageTest, ExpiredMessagesAreNeverReturnedAndGetSwept) {
  std::string url = create_queue("retention", {{"MessageRetentionPeriod", "60"}});
  send(url, "old");
  advance(seconds(30));
  send(url, "newer");
  advance(seconds(31));
  json messages = receive(url, {{"MaxNumberOfMessages", 10}});
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0]["Body"], "newer");
  advance(seconds(30));
  // The background sweep runs on the clock; it removes what expired without anyone receiving.
  auto swept = [&] {
    return count(url, "ApproximateNumberOfMessagesNotVisible") == "0" &&
           count(url, "ApproximateNumberOfMessages") == "0";
  };
  for (int i = 0; i < 300 && !swept(); ++i) std::this_thread::sleep_for(milliseconds(10));
  EXPECT_EQ(count(url, "ApproximateNumberOfMessages"), "0");
}

TEST_F(SqsMessageTest, ReceiveReturnsUpToTheRequestedNumber) {
  std::string url = create_queue("many");
  for (int i = 0; i < 15; ++i) send(url, numbered("m", i));
  EXPECT_EQ(receive(url, {{"MaxNumberOfMessages", 10}}).size(), 10u);
  EXPECT_EQ(receive(url, {{"MaxNumberOfMessages", 10}}).size(), 5u);
  EXPECT_EQ(count(url, "ApproximateNumberOfMessagesNotVisible"), "15");
}

TEST_F(SqsMessageTest, SendMessageBatchReportsEachEntry) {
  std::string url = create_queue("batch");
  json entries = json::array();
  for (int i = 0; i < 9; ++i)
    entries.push_back({{"Id", std::to_string(i)}, {"MessageBody", std::to_string(i)}});
  entries.push_back({{"Id", "9"}, {"MessageBody", "\x01"}});
  json result = sqs("SendMessageBatch", {{"QueueUrl", url}, {"Entries", entries}});
  EXPECT_EQ(result["Successful"].size(), 9u);
  ASSERT_EQ(result["Failed"].size(), 1u);
  EXPECT_EQ(result["Failed"][0]["Id"], "9");
  EXPECT_EQ(result["Failed"][0]["Code"], "InvalidMessageContents");
  EXPECT_EQ(result["Failed"][0]["SenderFault"], true);
  EXPECT_EQ(result["Successful"][0]["MD5OfMessageBody"], "cfcd208495d565ef66e7dff9f98764da");
  EXPECT_EQ(count(url, "ApproximateNumberOfMessages"), "9");
}

TEST_F(SqsMessageTest, BatchRequestsAreValidatedAsAWhole) {
  std::string url = create_queue("batch-checks");
  auto entries = [](int n, const std::string& prefix = "m") {
    json out = json::array();
    for (int i = 0; i < n; ++i)
      out.push_back({{"Id", numbered(prefix.c_str(), i)}, {"MessageBody", "b"}});
    return out;
  };
  AwsError too_many = error_of("SendMessageBatch", {{"QueueUrl", url}, {"Entries", entries(20)}});
  EXPECT_EQ(too_many.code(), "TooManyEntriesInBatchRequest");
  EXPECT_EQ(too_many.query_code(), "AWS.SimpleQueueService.TooManyEntriesInBatchRequest");
  EXPECT_EQ(too_many.message(), "Maximum number of entries per request are 10. You have sent 20.");
  AwsError empty = error_of("SendMessageBatch", {{"QueueUrl", url}, {"Entries", json::array()}});
  EXPECT_EQ(empty.code(), "EmptyBatchRequest");
  AwsError bad_id =
      error_of("SendMessageBatch", {{"QueueUrl", url}, {"Entries", entries(1, "message:")}});
  EXPECT_EQ(bad_id.query_code(), "AWS.SimpleQueueService.InvalidBatchEntryId");
  EXPECT_EQ(bad_id.message(),
            "A batch entry id can only contain alphanumeric characters, hyphens and underscores. "
            "It can be at most 80 letters long.");
  json twice = {{{"Id", "a"}, {"MessageBody", "1"}}, {{"Id", "a"}, {"MessageBody", "2"}}};
  EXPECT_EQ(error_of("SendMessageBatch", {{"QueueUrl", url}, {"Entries", twice}}).code(),
            "BatchEntryIdsNotDistinct");
  json large = {{{"Id", "1"},
                 {"MessageBody", std::string(1048576 - 8, 'a')},
                 {"MessageAttributes", {{"k", {{"DataType", "String"}, {"StringValue", "x"}}}}}},
                {{"Id", "2"}, {"MessageBody", "a"}}};
  AwsError too_long = error_of("SendMessageBatch", {{"QueueUrl", url}, {"Entries", large}});
  EXPECT_EQ(too_long.query_code(), "AWS.SimpleQueueService.BatchRequestTooLong");
  EXPECT_EQ(too_long.message(),
            "Batch requests cannot be longer than 1048576 bytes. You have sent 1048577 bytes.");
  EXPECT_EQ(count(url, "ApproximateNumberOfMessages"), "0");
}

TEST_F(SqsMessageTest, DeleteAndChangeVisibilityBatchesReportEachEntry) {
  std::string url = create_queue("batch-handles");
  for (int i = 0; i < 3; ++i) send(url, numbered("m", i));
  json messages = receive(url, {{"MaxNumberOfMessages", 10}});
  ASSERT_EQ(messages.size(), 3u);
  json changes = {
      {{"Id", "a"}, {"ReceiptHandle", messages[0]["ReceiptHandle"]}, {"VisibilityTimeout", 0}},
      {{"Id", "b"}, {"ReceiptHandle", "garbage"}, {"VisibilityTimeout", 0}}};
  json changed = sqs("ChangeMessageVisibilityBatch", {{"QueueUrl", url}, {"Entries", changes}});
  EXPECT_EQ(changed["Successful"], json::array({{{"Id", "a"}}}));
  EXPECT_EQ(changed["Failed"][0]["Code"], "ReceiptHandleIsInvalid");
  json deletes = {{{"Id", "x"}, {"ReceiptHandle", messages[1]["ReceiptHandle"]}},
                  {{"Id", "y"}, {"ReceiptHandle", messages[2]["ReceiptHandle"]}},
                  {{"Id", "z"}, {"ReceiptHandle", "garbage"}}};
  json deleted = sqs("DeleteMessageBatch", {{"QueueUrl", url}, {"Entries", deletes}});
  EXPECT_EQ(deleted["Successful"].size(), 2u);
  ASSERT_EQ(deleted["Failed"].size(), 1u);
  EXPECT_EQ(deleted["Failed"][0]["Id"], "z");
  EXPECT_EQ(deleted["Failed"][0]["Message"],
            "The input receipt handle \"garbage\" is not a valid receipt handle.");
  EXPECT_EQ(count(url, "ApproximateNumberOfMessages"), "1");
  EXPECT_EQ(count(url, "ApproximateNumberOfMessagesNotVisible"), "0");
}

TEST_F(SqsMessageTest, QueueUrlMayBeABareName) {
  create_queue("by-name");
  EXPECT_EQ(sqs("SendMessage", {{"QueueUrl", "by-name"},
                                {"MessageBody", "Using name instead of URL"}})["MD5OfMessageBody"],
            "86a83f96652a1bfad3891e7d523750cb");
  EXPECT_EQ(error_of("SendMessage", {{"MessageBody", "x"}}).message(),
            "The request must contain the parameter QueueUrl.");
}

}  // namespace
}  // namespace eddy::sqs_test
