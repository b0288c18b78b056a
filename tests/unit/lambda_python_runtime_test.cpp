// ProcessRunner with python3.x functions: Eddy's bootstrap on the local python, driven through
// the Runtime API, warm instances, timeouts, crashes, logs and boto3 reaching a real Eddy.
#include <signal.h>

#include <cerrno>
#include <set>

#include <fmt/format.h>

#include "eddy/emulator.hpp"
#include "eddy/server.hpp"
#include "lambda_runner_fixture.hpp"

using namespace eddy;
using namespace eddy::lambda_test;

namespace {

using PythonRuntimeTest = RunnerTest;

std::string python_zip(const std::string& source) {
  return make_zip({{"app.py", source}});
}

lambda::FunctionDeployment python_function(const std::string& name, const std::string& source) {
  return deployment(name, "python3.12", "app.handler", python_zip(source));
}

TEST_F(PythonRuntimeTest, HandlerReturnsAValueWithItsContext) {
  auto function = python_function("echo", R"(
def handler(event, context):
    return {"got": event["n"] * 2, "name": context.function_name,
            "version": context.function_version, "arn": context.invoked_function_arn,
            "memory": context.memory_limit_in_mb, "request": context.aws_request_id,
            "group": context.log_group_name, "stream": context.log_stream_name,
            "remaining": context.get_remaining_time_in_millis()}
)");
  auto result = invoke(function, R"({"n": 21})", "req-0001");
  ASSERT_FALSE(result.function_error) << result.payload;
  json body = parsed(result);
  EXPECT_EQ(body["got"], 42);
  EXPECT_EQ(body["name"], "echo");
  EXPECT_EQ(body["version"], "$LATEST");
  EXPECT_EQ(body["arn"], function.function_arn);
  EXPECT_EQ(body["memory"], "256");
  EXPECT_EQ(body["request"], "req-0001");
  EXPECT_EQ(body["group"], "/aws/lambda/echo");
  EXPECT_TRUE(body["stream"].get<std::string>().find("[$LATEST]") != std::string::npos);
  EXPECT_GT(body["remaining"].get<int>(), 8000);
  EXPECT_LE(body["remaining"].get<int>(), 10000);
}

TEST_F(PythonRuntimeTest, HandlerRaisingGivesAwsErrorDocument) {
  auto function = python_function("raiser", R"(
def handler(event, context):
    raise ValueError("boom " + event["what"])
)");
  auto result = invoke(function, R"({"what": "here"})", "req-err");
  ASSERT_EQ(result.function_error, "Unhandled");
  json body = parsed(result);
  EXPECT_EQ(body["errorType"], "ValueError");
  EXPECT_EQ(body["errorMessage"], "boom here");
  EXPECT_EQ(body["requestId"], "req-err");
  ASSERT_TRUE(body["stackTrace"].is_array());
  ASSERT_EQ(body["stackTrace"].size(), 1u);
  EXPECT_NE(body["stackTrace"][0].get<std::string>().find("app.py\", line 3, in handler"),
            std::string::npos);
  EXPECT_NE(result.log.find("[ERROR] ValueError: boom here"), std::string::npos);
}

TEST_F(PythonRuntimeTest, MissingModuleIsAnImportModuleError) {
  auto function = deployment("nomodule", "python3.12", "missing.handler", python_zip(""));
  auto result = invoke(function);
  ASSERT_EQ(result.function_error, "Unhandled");
  json body = parsed(result);
  EXPECT_EQ(body["errorType"], "Runtime.ImportModuleError");
  EXPECT_EQ(body["errorMessage"], "Unable to import module 'missing': No module named 'missing'");
  EXPECT_EQ(body["requestId"], "");
  EXPECT_EQ(body["stackTrace"], json::array());
  // A failed init is not kept: the next invocation tries a new process.
  EXPECT_EQ(runner->instance_count(), 0u);
  EXPECT_EQ(parsed(invoke(function))["errorType"], "Runtime.ImportModuleError");
}

TEST_F(PythonRuntimeTest, MissingHandlerFunctionIsHandlerNotFound) {
  auto function = deployment("nohandler", "python3.12", "app.other", python_zip("X = 1\n"));
  json body = parsed(invoke(function));
  EXPECT_EQ(body["errorType"], "Runtime.HandlerNotFound");
  EXPECT_EQ(body["errorMessage"], "Handler 'other' missing on module 'app'");
}

TEST_F(PythonRuntimeTest, UnserialisableResultIsAMarshalError) {
  auto function = python_function("marshal", "def handler(event, context):\n    return {1, 2}\n");
  auto result = invoke(function);
  ASSERT_EQ(result.function_error, "Unhandled");
  json body = parsed(result);
  EXPECT_EQ(body["errorType"], "Runtime.MarshalError");
  EXPECT_EQ(body["errorMessage"],
            "Unable to marshal response: Object of type set is not JSON serializable");
}

TEST_F(PythonRuntimeTest, WarmInstanceIsReusedForTheSameDeployment) {
  auto function = python_function("warm", R"(
import os
calls = 0
def handler(event, context):
    global calls
    calls += 1
    return {"pid": os.getpid(), "calls": calls}
)");
  json first = parsed(invoke(function));
  json second = parsed(invoke(function));
  EXPECT_EQ(first["pid"], second["pid"]);
  EXPECT_EQ(second["calls"], 2);
  EXPECT_EQ(runner->instance_count(), 1u);

  // A changed configuration is another deployment: it gets its own instance.
  auto changed = function;
  changed.memory_size_mb = 512;
  json third = parsed(invoke(changed));
  EXPECT_NE(third["pid"], first["pid"]);
  EXPECT_EQ(runner->instance_count(), 2u);
}

// The runtime asks for its next invocation right after answering one, often before the invoker
// has collected the answer: that `next` must wait for a new invocation, never get the answered
// one again (CI once saw a handler run twice). A busy machine makes the window wider.
TEST_F(PythonRuntimeTest, EachInvocationReachesTheHandlerOnce) {
  auto function = python_function("once", R"(
seen = []
def handler(event, context):
    seen.append(context.aws_request_id)
    return seen
)");
  std::vector<std::string> sent;
  json seen;
  for (int i = 0; i < 40; ++i) {
    sent.push_back(fmt::format("req-once-{}", i));
    auto result = invoke(function, "{}", sent.back());
    ASSERT_FALSE(result.function_error) << result.payload;
    seen = parsed(result);
  }
  EXPECT_EQ(seen, json(sent));
  EXPECT_EQ(runner->instance_count(), 1u);
}

TEST_F(PythonRuntimeTest, ConcurrentInvocationsScaleOutToTwoInstances) {
  auto function = python_function("slow", R"(
import os, time
def handler(event, context):
    time.sleep(0.7)
    return os.getpid()
)");
  auto first = start_invoke(function);
  auto second = start_invoke(function);
  auto a = first.get();
  auto b = second.get();
  ASSERT_FALSE(a.function_error) << a.payload;
  ASSERT_FALSE(b.function_error) << b.payload;
  EXPECT_NE(a.payload, b.payload);
  EXPECT_EQ(runner->instance_count(), 2u);
  // Both stay warm: two more at once reuse them.
  auto third = start_invoke(function);
  auto fourth = start_invoke(function);
  std::set<std::string> pids{third.get().payload, fourth.get().payload};
  EXPECT_EQ(pids, (std::set<std::string>{a.payload, b.payload}));
}

TEST_F(PythonRuntimeTest, TimeoutKillsTheProcessAndTheNextInvocationStartsFresh) {
  auto function = python_function("sleepy", R"(
import os, time
def handler(event, context):
    if event.get("sleep"):
        time.sleep(60)
    return os.getpid()
)");
  function.timeout_seconds = 1;
  std::string warm_pid = invoke(function).payload;

  auto started = std::chrono::steady_clock::now();
  auto result = invoke(function, R"({"sleep": true})", "req-timeout");
  auto took = std::chrono::steady_clock::now() - started;
  ASSERT_EQ(result.function_error, "Unhandled");
  json body = parsed(result);
  EXPECT_EQ(body["errorType"], "Sandbox.Timedout");
  EXPECT_EQ(body["errorMessage"],
            "RequestId: req-timeout Error: Task timed out after 1.00 seconds");
  EXPECT_NE(result.log.find("req-timeout Task timed out after 1.00 seconds"), std::string::npos);
  EXPECT_LT(took, std::chrono::seconds(5));

  // The killed process is gone (reaped), and the next invocation runs in a new one.
  int pid = std::stoi(warm_pid);
  auto gone_by = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (::kill(pid, 0) == 0 && std::chrono::steady_clock::now() < gone_by)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(::kill(pid, 0), -1);
  auto next = invoke(function);
  ASSERT_FALSE(next.function_error) << next.payload;
  EXPECT_NE(next.payload, warm_pid);
}

TEST_F(PythonRuntimeTest, RuntimeExitingMidInvocationIsARuntimeExitError) {
  auto function =
      python_function("crasher", "import os\ndef handler(event, context):\n    os._exit(3)\n");
  auto result = invoke(function, "{}", "req-exit");
  ASSERT_EQ(result.function_error, "Unhandled");
  json body = parsed(result);
  EXPECT_EQ(body["errorType"], "Runtime.ExitError");
  EXPECT_EQ(body["errorMessage"],
            "RequestId: req-exit Error: Runtime exited with error: exit status 3");
  EXPECT_EQ(runner->instance_count(), 0u);
}

TEST_F(PythonRuntimeTest, EnvironmentIsAwsPlusTheUsersVariables) {
  auto function = python_function("env", R"(
import os
def handler(event, context):
    return {"env": dict(os.environ), "cwd": os.getcwd()}
)");
  function.environment = {{"STAGE", "test"}, {"AWS_LAMBDA_FUNCTION_NAME", "not-allowed"}};
  json body = parsed(invoke(function));
  const json& env = body["env"];
  EXPECT_EQ(env["STAGE"], "test");
  EXPECT_EQ(env["AWS_LAMBDA_FUNCTION_NAME"], "env");
  EXPECT_EQ(env["AWS_LAMBDA_FUNCTION_VERSION"], "$LATEST");
  EXPECT_EQ(env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"], "256");
  EXPECT_EQ(env["AWS_LAMBDA_LOG_GROUP_NAME"], "/aws/lambda/env");
  EXPECT_TRUE(env["AWS_LAMBDA_LOG_STREAM_NAME"].get<std::string>().find("[$LATEST]") !=
              std::string::npos);
  EXPECT_EQ(env["AWS_REGION"], "eu-west-1");
  EXPECT_EQ(env["AWS_DEFAULT_REGION"], "eu-west-1");
  EXPECT_EQ(env["_HANDLER"], "app.handler");
  EXPECT_EQ(env["AWS_EXECUTION_ENV"], "AWS_Lambda_python3.12");
  EXPECT_EQ(env["TZ"], ":UTC");
  EXPECT_EQ(env["AWS_ENDPOINT_URL"], "http://127.0.0.1:1");
  EXPECT_EQ(env["AWS_ACCESS_KEY_ID"], "123456789012");
  EXPECT_TRUE(env.contains("AWS_SECRET_ACCESS_KEY"));
  EXPECT_TRUE(env.contains("AWS_SESSION_TOKEN"));
  EXPECT_TRUE(env.contains("PATH"));
  EXPECT_TRUE(env["AWS_LAMBDA_RUNTIME_API"].get<std::string>().starts_with("127.0.0.1:"));
  EXPECT_EQ(env["LAMBDA_TASK_ROOT"], body["cwd"]);
  EXPECT_EQ(env["LAMBDA_RUNTIME_DIR"], (runtimes_directory() / "python").string());
  EXPECT_TRUE(std::filesystem::exists(
      std::filesystem::path(env["LAMBDA_TASK_ROOT"].get<std::string>()) / "app.py"));
}

TEST_F(PythonRuntimeTest, OutputIsCapturedPerInvocation) {
  auto function = python_function("printer", R"(
import sys
print("loading the module")
def handler(event, context):
    print("hello from", event["who"])
    print("to stderr", file=sys.stderr)
    return "ok"
)");
  auto first = invoke(function, R"({"who": "first"})", "req-log-1");
  EXPECT_NE(first.log.find("loading the module\n"), std::string::npos) << first.log;
  EXPECT_NE(first.log.find("START RequestId: req-log-1 Version: $LATEST\n"), std::string::npos);
  EXPECT_NE(first.log.find("hello from first\n"), std::string::npos) << first.log;
  EXPECT_NE(first.log.find("to stderr\n"), std::string::npos);
  EXPECT_NE(first.log.find("END RequestId: req-log-1\n"), std::string::npos);
  EXPECT_NE(first.log.find("REPORT RequestId: req-log-1\tDuration: "), std::string::npos);
  auto second = invoke(function, R"({"who": "second"})", "req-log-2");
  EXPECT_NE(second.log.find("hello from second\n"), std::string::npos) << second.log;
  EXPECT_EQ(second.log.find("hello from first"), std::string::npos);
  EXPECT_EQ(second.log.find("loading the module"), std::string::npos);
}

TEST_F(PythonRuntimeTest, RetireStopsTheFunctionsWarmInstances) {
  auto function =
      python_function("retired", "import os\ndef handler(e, c):\n    return os.getpid()\n");
  int pid = std::stoi(invoke(function).payload);
  EXPECT_EQ(runner->instance_count(), 1u);
  runner->retire(function.function_arn);
  EXPECT_EQ(runner->instance_count(), 0u);
  auto gone_by = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (::kill(pid, 0) == 0 && std::chrono::steady_clock::now() < gone_by)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(::kill(pid, 0), -1);
  EXPECT_NE(std::stoi(invoke(function).payload), pid);
}

TEST_F(PythonRuntimeTest, ShutdownStopsEveryInstanceAndLaterInvocationsStartAgain) {
  // What an emulator reset does: every process goes, and the runner keeps serving.
  auto function =
      python_function("reset", "import os\ndef handler(e, c):\n    return os.getpid()\n");
  int pid = std::stoi(invoke(function).payload);
  runner->shutdown();
  EXPECT_EQ(runner->instance_count(), 0u);
  auto gone_by = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (::kill(pid, 0) == 0 && std::chrono::steady_clock::now() < gone_by)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(::kill(pid, 0), -1);
  auto after = invoke(function);
  ASSERT_FALSE(after.function_error) << after.payload;
  EXPECT_NE(std::stoi(after.payload), pid);
}

TEST_F(PythonRuntimeTest, ClientContextReachesTheHandlerAsJson) {
  auto function = python_function("ctx", R"(
def handler(event, context):
    return {"custom": context.client_context.custom, "app": context.client_context.client.app_title}
)");
  lambda::Invocation invocation{function, "{}", "req-ctx", function.function_arn, {}, {}};
  // {"client": {"app_title": "demo"}, "custom": {"k": "v"}}
  invocation.client_context =
      "eyJjbGllbnQiOiB7ImFwcF90aXRsZSI6ICJkZW1vIn0sICJjdXN0b20iOiB7ImsiOiAidiJ9fQ==";
  auto result = asio::co_spawn(io, runner->invoke(invocation), asio::use_future).get();
  ASSERT_FALSE(result.function_error) << result.payload;
  EXPECT_EQ(parsed(result), (json{{"custom", {{"k", "v"}}}, {"app", "demo"}}));
}

TEST_F(PythonRuntimeTest, OldBotocoreIsPointedAtTheEndpoint) {
  // A botocore older than 1.31 (which ignores AWS_ENDPOINT_URL) packaged with the function: the
  // bootstrap makes its clients default to Eddy; an explicit endpoint_url still wins.
  std::string zip = make_zip({{"botocore/__init__.py", "__version__ = '1.29.165'\n"},
                              {"botocore/session.py", R"(
class Session:
    def create_client(self, service_name, region_name=None, api_version=None, use_ssl=True,
                      verify=None, endpoint_url=None, **kwargs):
        return endpoint_url
)"},
                              {"app.py", R"(
import botocore.session
def handler(event, context):
    session = botocore.session.Session()
    return [session.create_client("sqs"), session.create_client("sqs", endpoint_url="http://x")]
)"}});
  auto result = invoke(deployment("oldboto", "python3.12", "app.handler", zip));
  ASSERT_FALSE(result.function_error) << result.payload << result.log;
  EXPECT_EQ(parsed(result), (json{"http://127.0.0.1:1", "http://x"}));
}

TEST_F(PythonRuntimeTest, WarnsWhenTheLocalPythonIsAnotherVersion) {
  auto function = deployment("oldpython", "python3.8", "app.handler",
                             python_zip("def handler(e, c):\n    return 1\n"));
  auto result = invoke(function);
  ASSERT_FALSE(result.function_error) << result.payload;
  EXPECT_NE(result.log.find("eddy: runtime python3.8 runs on the local Python 3."),
            std::string::npos)
      << result.log;
}

TEST_F(PythonRuntimeTest, Boto3InTheFunctionReachesEddy) {
  Emulator emulator(EmulatorConfig{.data_dir = "", .clock = nullptr, .threads = 2});
  Server server(emulator, ServerConfig{.host = "127.0.0.1", .port = 0});
  start_runner(fmt::format("http://127.0.0.1:{}", server.port()));
  auto function = python_function("producer", R"(
import boto3
def handler(event, context):
    sqs = boto3.client("sqs")
    url = sqs.create_queue(QueueName="from-lambda")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody=event["message"])
    return url
)");
  auto result = invoke(function, R"({"message": "hello eddy"})");
  ASSERT_FALSE(result.function_error) << result.payload << result.log;

  // The function's calls land in its own account and region.
  CallOptions options{.account = "123456789012", .region = "eu-west-1"};
  json url = emulator.call("sqs", "GetQueueUrl", {{"QueueName", "from-lambda"}}, options);
  json received = emulator.call("sqs", "ReceiveMessage",
                                {{"QueueUrl", url["QueueUrl"]}, {"WaitTimeSeconds", 1}}, options);
  ASSERT_EQ(received["Messages"].size(), 1u);
  EXPECT_EQ(received["Messages"][0]["Body"], "hello eddy");
  runner->shutdown();
  server.stop();
}

}  // namespace
