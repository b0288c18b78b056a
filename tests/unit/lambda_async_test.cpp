// Event invocations through eddy::Emulator with native handlers: AWS's retries on the emulator's
// clock, OnSuccess / OnFailure destinations (SQS, another function), the dead-letter queue, SNS
// delivering to a function, and the queue surviving a restart.
#include <atomic>
#include <filesystem>
#include <mutex>

#include "lambda_test_support.hpp"

using namespace eddy;
using namespace eddy::lambda_test;
using namespace std::chrono_literals;

namespace {

json single_message_body(LambdaEmulator& e, const std::string& queue) {
  json messages;
  EXPECT_TRUE(eventually([&] {
    messages = e.receive(queue);
    return !messages.empty();
  }));
  if (messages.size() != 1) return json();
  return json::parse(messages[0]["Body"].get<std::string>());
}

}  // namespace

TEST(LambdaAsync, AFailingEventIsRetriedTwiceThenGoesToTheOnFailureQueue) {
  LambdaEmulator e;
  e.create_function("flaky");
  std::string failures = e.create_queue("failures");
  e.lambda("PutFunctionEventInvokeConfig",
           {{"FunctionName", "flaky"},
            {"DestinationConfig", {{"OnFailure", {{"Destination", failures}}}}}});
  std::atomic<int> calls{0};
  e.emu.lambda_handlers().set("flaky", [&](const json&, LambdaContext&) -> json {
    ++calls;
    throw std::runtime_error("still broken");
  });
  json accepted = e.invoke("flaky", {{"order", 7}}, {{"InvocationType", "Event"}});
  EXPECT_EQ(accepted["StatusCode"], 202);
  ASSERT_TRUE(eventually([&] { return calls == 1; }));
  // AWS waits a minute before the first retry: nothing happens before then.
  e.clock->advance(30s);
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(calls, 1);
  ASSERT_TRUE(advance_until(
      *e.clock, [&] { return calls == 2; }, 10s, 2min));
  ASSERT_TRUE(advance_until(
      *e.clock, [&] { return calls == 3; }, 10s, 3min));
  json record = single_message_body(e, "failures");
  EXPECT_EQ(record["version"], "1.0");
  EXPECT_EQ(record["requestContext"]["condition"], "RetriesExhausted");
  EXPECT_EQ(record["requestContext"]["functionArn"], function_arn("flaky") + ":$LATEST");
  EXPECT_EQ(record["requestContext"]["approximateInvokeCount"], 3);
  EXPECT_EQ(record["requestPayload"], json({{"order", 7}}));
  EXPECT_EQ(record["responseContext"]["functionError"], "Unhandled");
  EXPECT_EQ(record["responseContext"]["executedVersion"], "$LATEST");
  EXPECT_EQ(record["responsePayload"]["errorMessage"], "still broken");
  // No further retry.
  e.clock->advance(10min);
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(calls, 3);
}

TEST(LambdaAsync, MaximumRetryAttemptsZeroGivesUpAfterOneInvocation) {
  LambdaEmulator e;
  e.create_function("once");
  std::string failures = e.create_queue("once-failures");
  e.lambda("PutFunctionEventInvokeConfig",
           {{"FunctionName", "once"},
            {"MaximumRetryAttempts", 0},
            {"DestinationConfig", {{"OnFailure", {{"Destination", failures}}}}}});
  std::atomic<int> calls{0};
  e.emu.lambda_handlers().set("once", [&](const json&, LambdaContext&) -> json {
    ++calls;
    throw std::runtime_error("no");
  });
  e.invoke("once", json::object(), {{"InvocationType", "Event"}});
  json record = single_message_body(e, "once-failures");
  EXPECT_EQ(record["requestContext"]["approximateInvokeCount"], 1);
  EXPECT_EQ(calls, 1);
}

TEST(LambdaAsync, ASucceedingEventGoesToTheOnSuccessQueue) {
  LambdaEmulator e;
  e.create_function("fine");
  std::string successes = e.create_queue("successes");
  e.lambda("PutFunctionEventInvokeConfig",
           {{"FunctionName", "fine"},
            {"DestinationConfig", {{"OnSuccess", {{"Destination", successes}}}}}});
  e.emu.lambda_handlers().set("fine", [](const json& event, LambdaContext&) -> json {
    return {{"doubled", event["n"].get<int>() * 2}};
  });
  e.invoke("fine", {{"n", 21}}, {{"InvocationType", "Event"}});
  json record = single_message_body(e, "successes");
  EXPECT_EQ(record["requestContext"]["condition"], "Success");
  EXPECT_EQ(record["requestContext"]["approximateInvokeCount"], 1);
  EXPECT_EQ(record["requestPayload"], json({{"n", 21}}));
  EXPECT_EQ(record["responseContext"]["statusCode"], 200);
  EXPECT_FALSE(record["responseContext"].contains("functionError"));
  EXPECT_EQ(record["responsePayload"], json({{"doubled", 42}}));
}

TEST(LambdaAsync, AnotherFunctionCanBeTheDestination) {
  LambdaEmulator e;
  e.create_function("source");
  e.create_function("audit");
  e.lambda("PutFunctionEventInvokeConfig",
           {{"FunctionName", "source"},
            {"DestinationConfig", {{"OnSuccess", {{"Destination", function_arn("audit")}}}}}});
  e.emu.lambda_handlers().set("source", [](const json&, LambdaContext&) -> json { return "done"; });
  std::mutex mutex;
  json audited;
  e.emu.lambda_handlers().set("audit", [&](const json& event, LambdaContext&) -> json {
    std::lock_guard lock(mutex);
    audited = event;
    return nullptr;
  });
  e.invoke("source", {{"k", "v"}}, {{"InvocationType", "Event"}});
  ASSERT_TRUE(eventually([&] {
    std::lock_guard lock(mutex);
    return !audited.is_null();
  }));
  std::lock_guard lock(mutex);
  EXPECT_EQ(audited["requestContext"]["condition"], "Success");
  EXPECT_EQ(audited["responsePayload"], "done");
}

TEST(LambdaAsync, AnExhaustedEventGoesToTheFunctionsDeadLetterQueue) {
  LambdaEmulator e;
  std::string dlq = e.create_queue("dead-letters");
  e.create_function("doomed", {{"DeadLetterConfig", {{"TargetArn", dlq}}}});
  e.lambda("PutFunctionEventInvokeConfig",
           {{"FunctionName", "doomed"}, {"MaximumRetryAttempts", 0}});
  e.emu.lambda_handlers().set(
      "doomed", [](const json&, LambdaContext&) -> json { throw std::runtime_error("cannot"); });
  e.invoke("doomed", {{"id", 1}}, {{"InvocationType", "Event"}});
  json messages;
  ASSERT_TRUE(eventually([&] {
    messages = e.receive("dead-letters", {{"MessageAttributeNames", {"All"}}});
    return !messages.empty();
  }));
  EXPECT_EQ(json::parse(messages[0]["Body"].get<std::string>()), json({{"id", 1}}));
  json attributes = messages[0]["MessageAttributes"];
  EXPECT_EQ(attributes["ErrorMessage"]["StringValue"], "cannot");
  EXPECT_EQ(attributes["RequestID"]["StringValue"].get<std::string>().size(), 36u);
}

TEST(LambdaAsync, SnsDeliversToASubscribedFunction) {
  LambdaEmulator e;
  e.create_function("subscriber");
  std::mutex mutex;
  json received;
  e.emu.lambda_handlers().set("subscriber", [&](const json& event, LambdaContext&) -> json {
    std::lock_guard lock(mutex);
    received = event;
    return nullptr;
  });
  std::string topic = e.emu.call("sns", "CreateTopic", {{"Name", "news"}})["TopicArn"];
  e.emu.call(
      "sns", "Subscribe",
      {{"TopicArn", topic}, {"Protocol", "lambda"}, {"Endpoint", function_arn("subscriber")}});
  e.emu.call("sns", "Publish", {{"TopicArn", topic}, {"Message", "hello"}, {"Subject", "hi"}});
  ASSERT_TRUE(eventually([&] {
    std::lock_guard lock(mutex);
    return !received.is_null();
  }));
  std::lock_guard lock(mutex);
  json record = received["Records"][0];
  EXPECT_EQ(record["EventSource"], "aws:sns");
  EXPECT_EQ(record["Sns"]["Message"], "hello");
  EXPECT_EQ(record["Sns"]["Subject"], "hi");
  EXPECT_EQ(record["Sns"]["TopicArn"], topic);
}

TEST(LambdaAsync, QueuedEventsSurviveARestart) {
  auto dir =
      std::filesystem::temp_directory_path() / ("eddy-lambda-async-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  {
    LambdaEmulator first(dir.string());
    first.create_function("durable");
    std::atomic<int> calls{0};
    first.emu.lambda_handlers().set("durable", [&](const json&, LambdaContext&) -> json {
      ++calls;
      throw std::runtime_error("not yet");
    });
    first.invoke("durable", {{"keep", "me"}}, {{"InvocationType", "Event"}});
    ASSERT_TRUE(eventually([&] { return calls == 1; }));
    // Let the failed attempt's reschedule commit before the emulator goes.
    std::this_thread::sleep_for(200ms);
  }
  LambdaEmulator second(dir.string());
  std::mutex mutex;
  json received;
  second.emu.lambda_handlers().set("durable", [&](const json& event, LambdaContext&) -> json {
    std::lock_guard lock(mutex);
    received = event;
    return nullptr;
  });
  ASSERT_TRUE(advance_until(
      *second.clock,
      [&] {
        std::lock_guard lock(mutex);
        return !received.is_null();
      },
      10s, 3min));
  std::lock_guard lock(mutex);
  EXPECT_EQ(received, json({{"keep", "me"}}));
  std::filesystem::remove_all(dir);
}
