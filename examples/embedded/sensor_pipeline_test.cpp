// The noise-sensor pipeline, SQS -> Lambda -> DynamoDB, inside a C++ test: no server, no socket,
// no Python. The Lambda function is a C++ lambda registered as a native handler; everything else
// is the emulator's real SQS, event-source mapping and DynamoDB, driven through Emulator::call.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "eddy/clock.hpp"
#include "eddy/emulator.hpp"
#include "eddy/lambda_handler.hpp"

namespace {

using eddy::json;

// CreateFunction requires a deployment package even when a native handler runs the function:
// this is a zip holding one small text file, which the handler never reads.
constexpr const char* kPlaceholderPackage =
    "UEsDBBQAAAAAAAAAIVyhqBJnBwAAAAcAAAAKAAAAUkVBRE1FLnR4dG5hdGl2ZQpQSwECFAMUAAAAAAAAACFcoagSZwcAAA"
    "AHAAAACgAAAAAAAAAAAAAAgAEAAAAAUkVBRE1FLnR4dFBLBQYAAAAAAQABADgAAAAvAAAAAAA=";

// The event-source mapping runs in the background on the emulator's threads: wait (on the wall
// clock) for what it does to show.
bool eventually(const std::function<bool()>& condition) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return condition();
}

class EmbeddedSensorPipeline : public ::testing::Test {
 protected:
  // A manual clock: visibility timeouts and retries move only when the test advances it.
  std::shared_ptr<eddy::ManualClock> clock = std::make_shared<eddy::ManualClock>();
  eddy::Emulator emu{eddy::EmulatorConfig{.data_dir = "", .clock = clock}};

  // Invocations of the function so far, failed ones included.
  std::atomic<int> invocations = 0;

  void SetUp() override {
    emu.call("dynamodb", "CreateTable",
             {{"TableName", "readings"},
              {"BillingMode", "PAY_PER_REQUEST"},
              {"KeySchema",
               {{{"AttributeName", "sensor_id"}, {"KeyType", "HASH"}},
                {{"AttributeName", "taken_at"}, {"KeyType", "RANGE"}}}},
              {"AttributeDefinitions",
               {{{"AttributeName", "sensor_id"}, {"AttributeType", "S"}},
                {{"AttributeName", "taken_at"}, {"AttributeType", "S"}}}}});
    emu.lambda_handlers().set("store-readings", store_readings);
    emu.call("lambda", "CreateFunction",
             {{"FunctionName", "store-readings"},
              {"Runtime", "provided.al2023"},
              {"Handler", "native"},
              {"Role", "arn:aws:iam::000000000000:role/noise-pipeline"},
              {"Code", {{"ZipFile", kPlaceholderPackage}}}});
  }

  // The function: stores every reading of an SQS batch in DynamoDB, calling back into the
  // emulator it runs in as a deployed function calls AWS. A body that is not a reading fails the
  // whole batch, which SQS then hands out again (and, past maxReceiveCount, dead-letters).
  eddy::LambdaHandler store_readings = [this](const json& event, eddy::LambdaContext&) -> json {
    ++invocations;
    int stored = 0;
    for (const json& record : event.at("Records")) {
      const std::string body = record.at("body");
      json reading = json::parse(body, nullptr, /*allow_exceptions=*/false);
      if (!reading.is_object() || !reading.contains("sensor_id") || !reading.contains("db"))
        throw eddy::LambdaFunctionError("InvalidReading", "not a noise reading: " + body);
      emu.call("dynamodb", "PutItem",
               {{"TableName", "readings"},
                {"Item",
                 {{"sensor_id", {{"S", reading["sensor_id"]}}},
                  {"taken_at", {{"S", reading["taken_at"]}}},
                  {"db", {{"N", reading["db"].dump()}}}}}});
      ++stored;
    }
    return {{"stored", stored}};
  };

  // Stops the mapping's pollers before the handler (which refers to this fixture) goes away.
  void TearDown() override { emu.shutdown(); }

  // A queue and its ARN; `attributes` as CreateQueue takes them.
  std::pair<std::string, std::string> create_queue(const std::string& name,
                                                   json attributes = json::object()) {
    std::string url = emu.call("sqs", "CreateQueue",
                               {{"QueueName", name}, {"Attributes", attributes}})["QueueUrl"];
    std::string arn =
        emu.call("sqs", "GetQueueAttributes",
                 {{"QueueUrl", url}, {"AttributeNames", {"QueueArn"}}})["Attributes"]["QueueArn"];
    return {url, arn};
  }

  void feed_function_from(const std::string& queue_arn) {
    emu.call("lambda", "CreateEventSourceMapping",
             {{"EventSourceArn", queue_arn},
              {"FunctionName", "store-readings"},
              {"BatchSize", 10},
              {"ScalingConfig", {{"MaximumConcurrency", 2}}}});
  }

  void send_reading(const std::string& url, const std::string& body) {
    emu.call("sqs", "SendMessage", {{"QueueUrl", url}, {"MessageBody", body}});
  }

  json stored_items() {
    return emu.call("dynamodb", "Scan", {{"TableName", "readings"}, {"ConsistentRead", true}})
        .at("Items");
  }

  std::int64_t queue_count(const std::string& url, const std::string& attribute) {
    json counts = emu.call("sqs", "GetQueueAttributes",
                           {{"QueueUrl", url}, {"AttributeNames", {attribute}}})["Attributes"];
    return std::stoll(counts[attribute].get<std::string>());
  }
  std::int64_t in_flight(const std::string& url) {
    return queue_count(url, "ApproximateNumberOfMessagesNotVisible");
  }
  // Visible or in flight.
  std::int64_t messages_in(const std::string& url) {
    return queue_count(url, "ApproximateNumberOfMessages") + in_flight(url);
  }
};

TEST_F(EmbeddedSensorPipeline, ReadingsFlowFromTheQueueThroughTheHandlerIntoTheTable) {
  auto [url, arn] = create_queue("readings");
  feed_function_from(arn);
  send_reading(url, R"({"sensor_id": "loop-01", "taken_at": "08:00", "db": 72.4})");
  send_reading(url, R"({"sensor_id": "loop-01", "taken_at": "08:01", "db": 64.1})");
  send_reading(url, R"({"sensor_id": "pilsen-01", "taken_at": "08:00", "db": 58.9})");

  ASSERT_TRUE(eventually([&] { return stored_items().size() == 3; })) << stored_items().dump();
  json item =
      emu.call("dynamodb", "GetItem",
               {{"TableName", "readings"},
                {"Key", {{"sensor_id", {{"S", "loop-01"}}}, {"taken_at", {{"S", "08:01"}}}}}});
  EXPECT_EQ(item["Item"]["db"], (json{{"N", "64.1"}})) << item.dump();
  json pilsen = emu.call("dynamodb", "Query",
                         {{"TableName", "readings"},
                          {"KeyConditionExpression", "sensor_id = :s"},
                          {"ExpressionAttributeValues", {{":s", {{"S", "pilsen-01"}}}}}});
  ASSERT_EQ(pilsen["Count"], 1) << pilsen.dump();
  EXPECT_EQ(pilsen["Items"][0]["db"], (json{{"N", "58.9"}}));
  // Each batch succeeded, so the mapping deleted its messages.
  EXPECT_TRUE(eventually([&] { return messages_in(url) == 0; }));
}

TEST_F(EmbeddedSensorPipeline, AReadingTheHandlerRejectsEndsInTheDeadLetterQueue) {
  auto [dlq_url, dlq_arn] = create_queue("readings-dlq");
  json redrive = {{"deadLetterTargetArn", dlq_arn}, {"maxReceiveCount", 1}};
  auto [url, arn] =
      create_queue("readings", {{"VisibilityTimeout", "30"}, {"RedrivePolicy", redrive.dump()}});
  feed_function_from(arn);
  send_reading(url, "static on the line");

  // The handler failed the batch: the message is in flight until its visibility timeout ends.
  ASSERT_TRUE(eventually([&] { return invocations == 1 && in_flight(url) == 1; }));
  EXPECT_EQ(messages_in(dlq_url), 0);
  // Past it, the next receive finds it received once already (maxReceiveCount) and moves it.
  clock->advance(std::chrono::seconds(31));
  ASSERT_TRUE(eventually([&] { return messages_in(dlq_url) == 1; }));
  EXPECT_EQ(messages_in(url), 0);
  EXPECT_EQ(invocations, 1);
  EXPECT_EQ(stored_items().size(), 0u);
  json dead = emu.call("sqs", "ReceiveMessage", {{"QueueUrl", dlq_url}});
  EXPECT_EQ(dead["Messages"][0]["Body"], "static on the line");
}

}  // namespace
