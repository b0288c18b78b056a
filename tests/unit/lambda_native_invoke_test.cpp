// Invoke with native handlers through eddy::Emulator: results, errors, timeouts, logs, versions,
// aliases and concurrency throttling.
#include <atomic>
#include <future>

#include "core/base64.hpp"
#include "lambda_test_support.hpp"

using namespace eddy;
using namespace eddy::lambda_test;
using namespace std::chrono_literals;

namespace {

// A handler that blocks until released, so a test controls when an invocation ends.
struct Gate {
  std::atomic<bool> open{false};
  std::atomic<int> entered{0};
  LambdaHandler handler() {
    return [this](const json&, LambdaContext&) -> json {
      ++entered;
      while (!open) std::this_thread::sleep_for(1ms);
      return {{"released", true}};
    };
  }
};

void expect_aws_error(const std::function<void()>& call, const std::string& code,
                      int status = 400) {
  try {
    call();
    ADD_FAILURE() << "expected " << code;
  } catch (const AwsError& e) {
    EXPECT_EQ(e.code(), code) << e.message();
    EXPECT_EQ(e.http_status(), status);
  }
}

}  // namespace

TEST(LambdaNativeInvoke, RequestResponseAnswersTheHandlersResultWithItsContext) {
  LambdaEmulator e;
  e.create_function("echo", {{"MemorySize", 256}});
  LambdaContext seen;
  e.emu.lambda_handlers().set("echo", [&](const json& event, LambdaContext& ctx) -> json {
    seen = ctx;
    return {{"got", event}, {"left_ms", ctx.remaining_time_in_millis()}};
  });
  json out = e.invoke("echo", {{"n", 1}});
  EXPECT_EQ(out["StatusCode"], 200);
  EXPECT_EQ(out["ExecutedVersion"], "$LATEST");
  EXPECT_FALSE(out.contains("FunctionError"));
  json payload = json::parse(out["Payload"].get<std::string>());
  EXPECT_EQ(payload["got"], json({{"n", 1}}));
  EXPECT_EQ(payload["left_ms"], 3000);  // the manual clock did not move
  EXPECT_EQ(seen.function_name, "echo");
  EXPECT_EQ(seen.function_version, "$LATEST");
  EXPECT_EQ(seen.invoked_function_arn, function_arn("echo"));
  EXPECT_EQ(seen.memory_limit_in_mb, 256);
  EXPECT_EQ(seen.log_group_name, "/aws/lambda/echo");
  EXPECT_EQ(seen.aws_request_id.size(), 36u);
}

TEST(LambdaNativeInvoke, AnExceptionIsAnUnhandledErrorWithAwsErrorDocument) {
  LambdaEmulator e;
  e.create_function("fails");
  e.emu.lambda_handlers().set(
      "fails", [](const json&, LambdaContext&) -> json { throw std::invalid_argument("boom"); });
  json out = e.invoke("fails", json::object());
  EXPECT_EQ(out["StatusCode"], 200);
  EXPECT_EQ(out["FunctionError"], "Unhandled");
  EXPECT_EQ(json::parse(out["Payload"].get<std::string>()),
            json({{"errorMessage", "boom"},
                  {"errorType", "std::invalid_argument"},
                  {"stackTrace", json::array()}}));
}

TEST(LambdaNativeInvoke, LambdaFunctionErrorChoosesTheErrorType) {
  LambdaEmulator e;
  e.create_function("typed");
  e.emu.lambda_handlers().set("typed", [](const json&, LambdaContext&) -> json {
    throw LambdaFunctionError("ValidationError", "bad input");
  });
  json out = e.invoke("typed", json::object());
  EXPECT_EQ(out["FunctionError"], "Unhandled");
  json document = json::parse(out["Payload"].get<std::string>());
  EXPECT_EQ(document["errorType"], "ValidationError");
  EXPECT_EQ(document["errorMessage"], "bad input");
}

TEST(LambdaNativeInvoke, AHandlerOverrunningItsTimeoutOnTheClockTimesOut) {
  LambdaEmulator e;
  e.create_function("slow", {{"Timeout", 2}});
  Gate gate;
  e.emu.lambda_handlers().set("slow", gate.handler());
  auto pending = std::async(std::launch::async, [&] { return e.invoke("slow", json::object()); });
  ASSERT_TRUE(eventually([&] { return gate.entered == 1; }));
  EXPECT_EQ(pending.wait_for(50ms), std::future_status::timeout);  // 2 s have not passed
  e.clock->advance(2001ms);
  ASSERT_EQ(pending.wait_for(5s), std::future_status::ready);
  json out = pending.get();
  gate.open = true;
  EXPECT_EQ(out["FunctionError"], "Unhandled");
  json document = json::parse(out["Payload"].get<std::string>());
  EXPECT_EQ(document["errorType"], "Sandbox.Timedout");
  std::string message = document["errorMessage"];
  EXPECT_TRUE(message.starts_with("RequestId: ")) << message;
  EXPECT_TRUE(message.ends_with(" Error: Task timed out after 2.00 seconds")) << message;
}

TEST(LambdaNativeInvoke, LogTypeTailReturnsTheInvocationsLog) {
  LambdaEmulator e;
  e.create_function("logged");
  e.emu.lambda_handlers().set("logged", [](const json&, LambdaContext&) -> json {
    throw std::runtime_error("logged failure");
  });
  json out = e.invoke("logged", json::object(), {{"LogType", "Tail"}});
  auto log = base64::decode(out["LogResult"].get<std::string>());
  ASSERT_TRUE(log);
  EXPECT_TRUE(log->starts_with("START RequestId: ")) << *log;
  EXPECT_NE(log->find("logged failure"), std::string::npos) << *log;
  EXPECT_NE(log->find("REPORT RequestId: "), std::string::npos) << *log;
  EXPECT_FALSE(e.invoke("logged", json::object()).contains("LogResult"));
}

TEST(LambdaNativeInvoke, QualifiersRunTheVersionTheyName) {
  LambdaEmulator e;
  e.create_function("versioned", {{"Publish", true}});
  e.lambda("UpdateFunctionConfiguration", {{"FunctionName", "versioned"}, {"Timeout", 9}});
  e.lambda("PublishVersion", {{"FunctionName", "versioned"}});
  e.lambda("CreateAlias",
           {{"FunctionName", "versioned"}, {"Name", "live"}, {"FunctionVersion", "1"}});
  e.emu.lambda_handlers().set("versioned", [](const json&, LambdaContext& ctx) -> json {
    return {{"version", ctx.function_version},
            {"arn", ctx.invoked_function_arn},
            {"left_ms", ctx.remaining_time_in_millis()}};
  });
  json v2 = e.invoke("versioned", json::object(), {{"Qualifier", "2"}});
  EXPECT_EQ(v2["ExecutedVersion"], "2");
  EXPECT_EQ(json::parse(v2["Payload"].get<std::string>())["left_ms"], 9000);
  json alias = e.invoke("versioned", json::object(), {{"Qualifier", "live"}});
  EXPECT_EQ(alias["ExecutedVersion"], "1");
  json payload = json::parse(alias["Payload"].get<std::string>());
  EXPECT_EQ(payload["version"], "1");
  EXPECT_EQ(payload["arn"], function_arn("versioned") + ":live");
  expect_aws_error(
      [&] {
        e.invoke("versioned", json::object(), {{"Qualifier", "7"}});
      },
      "ResourceNotFoundException", 404);
}

TEST(LambdaNativeInvoke, ReservedConcurrencyThrottlesInvocationsBeyondIt) {
  LambdaEmulator e;
  e.create_function("one-at-a-time");
  e.lambda("PutFunctionConcurrency",
           {{"FunctionName", "one-at-a-time"}, {"ReservedConcurrentExecutions", 1}});
  Gate gate;
  e.emu.lambda_handlers().set("one-at-a-time", gate.handler());
  auto first = std::async(std::launch::async, [&] { return e.invoke("one-at-a-time", {}); });
  ASSERT_TRUE(eventually([&] { return gate.entered == 1; }));
  try {
    e.invoke("one-at-a-time", json::object());
    ADD_FAILURE() << "the second invocation ran";
  } catch (const AwsError& error) {
    EXPECT_EQ(error.code(), "TooManyRequestsException");
    EXPECT_EQ(error.http_status(), 429);
    EXPECT_EQ(error.details()["Reason"], "ReservedFunctionConcurrentInvocationLimitExceeded");
  }
  gate.open = true;
  EXPECT_EQ(first.get()["StatusCode"], 200);
  EXPECT_EQ(e.invoke("one-at-a-time", json::object())["StatusCode"], 200);  // free again
}

TEST(LambdaNativeInvoke, TheAccountLimitThrottlesUnreservedFunctions) {
  LambdaEmulator e({}, 1);
  e.create_function("a");
  e.create_function("b");
  Gate gate;
  e.emu.lambda_handlers().set("a", gate.handler());
  e.emu.lambda_handlers().set("b", gate.handler());
  auto first = std::async(std::launch::async, [&] { return e.invoke("a", json::object()); });
  ASSERT_TRUE(eventually([&] { return gate.entered == 1; }));
  try {
    e.invoke("b", json::object());
    ADD_FAILURE() << "the account limit did not apply";
  } catch (const AwsError& error) {
    EXPECT_EQ(error.code(), "TooManyRequestsException");
    EXPECT_EQ(error.details()["Reason"], "ConcurrentInvocationLimitExceeded");
  }
  gate.open = true;
  first.get();
  EXPECT_EQ(e.lambda("GetAccountSettings")["AccountLimit"]["ConcurrentExecutions"], 1);
}

TEST(LambdaNativeInvoke, DryRunAndBadPayloadsRunNothing) {
  LambdaEmulator e;
  e.create_function("checked");
  std::atomic<int> calls{0};
  e.emu.lambda_handlers().set("checked", [&](const json&, LambdaContext&) -> json {
    ++calls;
    return nullptr;
  });
  EXPECT_EQ(e.invoke("checked", json::object(), {{"InvocationType", "DryRun"}})["StatusCode"], 204);
  expect_aws_error(
      [&] {
        e.lambda("Invoke", {{"FunctionName", "checked"}, {"Payload", "{oops"}});
      },
      "InvalidRequestContentException");
  expect_aws_error(
      [&] {
        e.invoke("checked", json::object(), {{"InvocationType", "Later"}});
      },
      "ValidationException");
  EXPECT_EQ(calls, 0);
}

TEST(LambdaNativeInvoke, ClientContextReachesTheHandlerDecodedOnSynchronousInvocations) {
  LambdaEmulator e;
  e.create_function("cc");
  std::optional<json> seen;
  std::atomic<int> calls{0};
  e.emu.lambda_handlers().set("cc", [&](const json&, LambdaContext& ctx) -> json {
    seen = ctx.client_context;
    ++calls;
    return {};
  });
  json document = {{"custom", {{"sensor", "north-7"}}}, {"env", {{"locale", "en_GB"}}}};
  e.invoke("cc", json::object(), {{"ClientContext", base64::encode(document.dump())}});
  ASSERT_TRUE(seen.has_value());
  EXPECT_EQ(*seen, document);
  e.invoke("cc", json::object());
  EXPECT_FALSE(seen.has_value());
  EXPECT_EQ(calls, 2);
}

TEST(LambdaNativeInvoke, AClientContextThatIsNotBase64JsonIsRefusedAndRunsNothing) {
  LambdaEmulator e;
  e.create_function("cc-bad");
  std::atomic<int> calls{0};
  e.emu.lambda_handlers().set("cc-bad", [&](const json&, LambdaContext&) -> json {
    ++calls;
    return {};
  });
  for (const std::string& bad : {std::string("%%%"), base64::encode("text"), base64::encode("[1]"),
                                 base64::encode(json{{"pad", std::string(2700, 'x')}}.dump())}) {
    expect_aws_error(
        [&] {
          e.invoke("cc-bad", json::object(), {{"ClientContext", bad}});
        },
        "InvalidRequestContentException");
  }
  EXPECT_EQ(calls, 0);
}

TEST(LambdaNativeInvoke, HandlersThatCallBackIntoTheEmulatorDoNotHoldItsThreads) {
  // One executor thread: a handler running on it and waiting for its own Emulator::call would
  // wait forever.
  LambdaEmulator e({}, 1000, 1);
  e.create_function("calls-back");
  e.create_queue("called-back");
  e.emu.lambda_handlers().set("calls-back", [&](const json& event, LambdaContext&) -> json {
    return e.emu.call("sqs", "SendMessage",
                      {{"QueueUrl", "http://localhost:4566/" + kAccount + "/called-back"},
                       {"MessageBody", event.dump()}});
  });
  std::vector<std::future<json>> invocations;
  for (int i = 0; i < 3; ++i)
    invocations.push_back(std::async(std::launch::async, [&e, i] {
      return e.invoke("calls-back", {{"n", i}});
    }));
  for (auto& invocation : invocations) {
    if (invocation.wait_for(20s) != std::future_status::ready) {
      ADD_FAILURE() << "an invocation whose handler calls the emulator never finished";
      std::abort();  // the emulator cannot be torn down with its only thread stuck
    }
    json out = invocation.get();
    EXPECT_FALSE(out.contains("FunctionError")) << out.dump();
    EXPECT_TRUE(json::parse(out["Payload"].get<std::string>()).contains("MessageId"));
  }
  json received = e.receive("called-back");
  EXPECT_EQ(received.size(), 3u);
}
