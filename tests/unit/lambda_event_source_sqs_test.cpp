// SQS event-source mappings on a ManualClock that never moves unless a test moves it: a message
// reaches the function at once (the poller is woken, it does not poll on an interval), in AWS's
// record shape; a batch is deleted after success, left to the visibility timeout after a failure
// (so the queue's redrive policy moves it to the dead-letter queue), partly deleted with
// ReportBatchItemFailures, deleted unseen when FilterCriteria rejects it; throttles are retried.
#include "lambda_event_source_test_support.hpp"

namespace eddy::esm_test {
namespace {

using std::chrono::seconds;

class EsmSqsTest : public EsmTest {
 protected:
  std::string url = create_queue("in");
  std::string arn = queue_arn(url);
};

TEST_F(EsmSqsTest, MessageWakesThePollerAndArrivesInAwsShape) {
  create({{"EventSourceArn", arn}});
  send(url, "hello",
       {{"MessageAttributes",
         {{"colour", {{"DataType", "String"}, {"StringValue", "red"}}},
          {"size", {{"DataType", "Number"}, {"StringValue", "3"}}}}}});
  ASSERT_TRUE(eventually([&] { return lambda.event_count() == 1; }));
  json event = lambda.events()[0];
  ASSERT_EQ(event["Records"].size(), 1u);
  json record = event["Records"][0];
  EXPECT_EQ(record["body"], "hello");
  EXPECT_EQ(record["eventSource"], "aws:sqs");
  EXPECT_EQ(record["eventSourceARN"], arn);
  EXPECT_EQ(record["awsRegion"], "us-east-1");
  EXPECT_EQ(record["md5OfBody"], "5d41402abc4b2a76b9719d911017c592");
  EXPECT_FALSE(record["messageId"].get<std::string>().empty());
  EXPECT_FALSE(record["receiptHandle"].get<std::string>().empty());
  EXPECT_EQ(record["attributes"]["ApproximateReceiveCount"], "1");
  EXPECT_EQ(record["attributes"]["SentTimestamp"], "1700000000000");
  EXPECT_TRUE(record["attributes"].contains("SenderId"));
  EXPECT_TRUE(record["attributes"].contains("ApproximateFirstReceiveTimestamp"));
  EXPECT_EQ(record["messageAttributes"]["colour"], (json{{"stringValue", "red"},
                                                         {"stringListValues", json::array()},
                                                         {"binaryListValues", json::array()},
                                                         {"dataType", "String"}}));
  EXPECT_EQ(record["messageAttributes"]["size"]["dataType"], "Number");
  EXPECT_EQ(record["md5OfMessageAttributes"].get<std::string>().size(), 32u);
  // Success deleted it.
  ASSERT_TRUE(eventually([&] {
    return queue_count(url, "ApproximateNumberOfMessages") == 0 &&
           queue_count(url, "ApproximateNumberOfMessagesNotVisible") == 0;
  }));
}

TEST_F(EsmSqsTest, WaitingMessagesGoInBatchesOfBatchSize) {
  for (int i = 0; i < 7; ++i) send(url, fmt::format("m{}", i));
  create(
      {{"EventSourceArn", arn}, {"BatchSize", 3}, {"ScalingConfig", {{"MaximumConcurrency", 2}}}});
  ASSERT_TRUE(eventually([&] { return delivered_records().size() == 7; }));
  for (const json& event : lambda.events()) EXPECT_LE(event["Records"].size(), 3u);
  EXPECT_GE(lambda.event_count(), 3u);
  ASSERT_TRUE(eventually([&] {
    return queue_count(url, "ApproximateNumberOfMessages") +
               queue_count(url, "ApproximateNumberOfMessagesNotVisible") ==
           0;
  }));
}

TEST_F(EsmSqsTest, BatchingWindowGathersUntilTheWindowEnds) {
  create({{"EventSourceArn", arn},
          {"BatchSize", 50},
          {"MaximumBatchingWindowInSeconds", 5},
          {"ScalingConfig", {{"MaximumConcurrency", 2}}}});
  send(url, "first");
  // The first message alone does not make a batch while the window is open.
  ASSERT_TRUE(stays_false([&] { return lambda.event_count() > 0; }));
  send(url, "second");
  ASSERT_TRUE(stays_false([&] { return lambda.event_count() > 0; }));
  clock->advance(seconds(6));
  // Two pollers (MaximumConcurrency's least) may each have gathered one of the two messages, so
  // the window ends in one batch of two or two of one; either way both arrive, and only now.
  ASSERT_TRUE(eventually([&] { return delivered_records().size() == 2u; }));
  EXPECT_LE(lambda.event_count(), 2u);
}

TEST_F(EsmSqsTest, FailedBatchReturnsAfterVisibilityTimeoutThenGoesToTheDeadLetterQueue) {
  std::string dlq = create_queue("dlq");
  std::string source = create_queue(
      "poison", {{"VisibilityTimeout", "30"},
                 {"RedrivePolicy",
                  json{{"deadLetterTargetArn", queue_arn(dlq)}, {"maxReceiveCount", 2}}.dump()}});
  lambda.respond_with([](const json&) { return Answer::fail(); });
  create({{"EventSourceArn", queue_arn(source)}});
  send(source, "poison");
  ASSERT_TRUE(eventually([&] { return lambda.event_count() == 1; }));
  // Not deleted: in flight until its visibility timeout.
  EXPECT_EQ(queue_count(source, "ApproximateNumberOfMessagesNotVisible"), 1);
  ASSERT_TRUE(stays_false([&] { return lambda.event_count() > 1; }));
  clock->advance(seconds(31));
  ASSERT_TRUE(eventually([&] { return lambda.event_count() == 2; }));
  EXPECT_EQ(lambda.events()[1]["Records"][0]["attributes"]["ApproximateReceiveCount"], "2");
  clock->advance(seconds(31));
  // The third receive moves it to the dead-letter queue instead of handing it out.
  ASSERT_TRUE(eventually([&] { return queue_count(dlq, "ApproximateNumberOfMessages") == 1; }));
  EXPECT_EQ(lambda.event_count(), 2u);
  EXPECT_EQ(receive(dlq)[0]["Body"], "poison");
}

TEST_F(EsmSqsTest, ReportBatchItemFailuresDeletesOnlyTheOthers) {
  for (const char* body : {"good-1", "bad", "good-2"}) send(url, body);
  lambda.respond_with([](const json& event) {
    json failures = json::array();
    for (const json& record : event["Records"])
      if (record["body"] == "bad") failures.push_back({{"itemIdentifier", record["messageId"]}});
    return Answer::ok(json{{"batchItemFailures", failures}}.dump());
  });
  create({{"EventSourceArn", arn}, {"FunctionResponseTypes", {"ReportBatchItemFailures"}}});
  ASSERT_TRUE(eventually([&] { return delivered_records().size() >= 3; }));
  ASSERT_TRUE(
      eventually([&] { return queue_count(url, "ApproximateNumberOfMessagesNotVisible") == 1; }));
  mappings().stop();
  clock->advance(seconds(31));
  // Stopped pollers woken by the clock give back anything they take: retry until it is ours.
  json left;
  ASSERT_TRUE(eventually([&] {
    left = receive(url);
    return left.size() == 1;
  }));
  EXPECT_EQ(left[0]["Body"], "bad");
}

TEST_F(EsmSqsTest, InvalidBatchItemFailuresReportFailsTheWholeBatch) {
  send(url, "a");
  send(url, "b");
  lambda.respond_with([](const json&) {
    return Answer::ok(R"({"batchItemFailures":[{"itemIdentifier":"not-in-batch"}]})");
  });
  create({{"EventSourceArn", arn}, {"FunctionResponseTypes", {"ReportBatchItemFailures"}}});
  ASSERT_TRUE(eventually([&] { return delivered_records().size() >= 2; }));
  ASSERT_TRUE(
      eventually([&] { return queue_count(url, "ApproximateNumberOfMessagesNotVisible") == 2; }));
}

TEST_F(EsmSqsTest, FilterCriteriaDeletesMessagesThatDoNotMatch) {
  create({{"EventSourceArn", arn},
          {"FilterCriteria", {{"Filters", {{{"Pattern", R"({"body": {"kind": ["order"]}})"}}}}}}});
  send(url, R"({"kind": "order", "n": 1})");
  send(url, R"({"kind": "noise"})");
  send(url, "plain text");
  ASSERT_TRUE(eventually([&] { return delivered_records().size() == 1; }));
  EXPECT_EQ(delivered_records()[0]["body"], R"({"kind": "order", "n": 1})");
  ASSERT_TRUE(eventually([&] {
    return queue_count(url, "ApproximateNumberOfMessages") +
               queue_count(url, "ApproximateNumberOfMessagesNotVisible") ==
           0;
  }));
  EXPECT_EQ(delivered_records().size(), 1u);
}

TEST_F(EsmSqsTest, ThrottlesAreRetriedAndNotFunctionErrors) {
  lambda.script({Answer::throttle(), Answer::throttle()});
  create({{"EventSourceArn", arn}, {"ScalingConfig", {{"MaximumConcurrency", 2}}}});
  send(url, "x");
  ASSERT_TRUE(eventually([&] { return lambda.attempts() == 1; }));
  // The back-off runs on the emulator's clock.
  ASSERT_TRUE(stays_false([&] { return lambda.attempts() > 1; }));
  clock->advance(seconds(1));
  ASSERT_TRUE(eventually([&] { return lambda.attempts() == 2; }));
  // The second back-off may start only after this thread saw the attempt: check that it waits,
  // then advance until the retry runs (one step could come before the wait started).
  ASSERT_TRUE(stays_false([&] { return lambda.attempts() > 2; }));
  ASSERT_TRUE(eventually([&] {
    clock->advance(seconds(2));
    return lambda.event_count() >= 1;
  }));
  EXPECT_EQ(lambda.event_count(), 1u);
  EXPECT_EQ(lambda.events()[0]["Records"][0]["attributes"]["ApproximateReceiveCount"], "1");
  ASSERT_TRUE(
      eventually([&] { return queue_count(url, "ApproximateNumberOfMessagesNotVisible") == 0; }));
}

TEST_F(EsmSqsTest, DisabledAndDeletedMappingsStopPolling) {
  std::string uuid = create({{"EventSourceArn", arn}})["UUID"];
  send(url, "one");
  ASSERT_TRUE(eventually([&] { return lambda.event_count() == 1; }));
  update({{"UUID", uuid}, {"Enabled", false}});
  send(url, "two");
  ASSERT_TRUE(stays_false([&] { return lambda.event_count() > 1; }));
  // A poller woken by the message after it was stopped gives it back at once.
  ASSERT_TRUE(eventually([&] { return queue_count(url, "ApproximateNumberOfMessages") == 1; }));

  update({{"UUID", uuid}, {"Enabled", true}});
  ASSERT_TRUE(eventually([&] { return lambda.event_count() == 2; }));
  remove(uuid);
  send(url, "three");
  ASSERT_TRUE(stays_false([&] { return lambda.event_count() > 2; }));
  ASSERT_TRUE(eventually([&] { return receive(url).size() == 1; }));
}

}  // namespace
}  // namespace eddy::esm_test
