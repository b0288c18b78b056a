// ProcessRunner with nodejs* functions (Eddy's bootstrap on the local node) and provided*
// functions (the package's own bootstrap speaking the Runtime API with curl).
#include "lambda_runner_fixture.hpp"

using namespace eddy;
using namespace eddy::lambda_test;

namespace {

using NodeRuntimeTest = RunnerTest;
using ProvidedRuntimeTest = RunnerTest;

TEST_F(NodeRuntimeTest, CommonJsAsyncHandler) {
  auto function = deployment("cjs", "nodejs20.x", "index.handler", make_zip({{"index.js", R"(
exports.handler = async (event, context) => ({
  doubled: event.n * 2, name: context.functionName, request: context.awsRequestId,
  memory: context.memoryLimitInMB, remaining: context.getRemainingTimeInMillis(), pid: process.pid,
});
)"}}));
  auto result = invoke(function, R"({"n": 4})", "node-req-1");
  ASSERT_FALSE(result.function_error) << result.payload << result.log;
  json body = parsed(result);
  EXPECT_EQ(body["doubled"], 8);
  EXPECT_EQ(body["name"], "cjs");
  EXPECT_EQ(body["request"], "node-req-1");
  EXPECT_EQ(body["memory"], "256");
  EXPECT_GT(body["remaining"].get<int>(), 8000);
  // Warm: the same process answers the next one.
  EXPECT_EQ(parsed(invoke(function, R"({"n": 1})"))["pid"], body["pid"]);
}

TEST_F(NodeRuntimeTest, EsModuleHandlerInAnMjsFile) {
  auto function = deployment("esm", "nodejs20.x", "app.handler", make_zip({{"app.mjs", R"(
import { basename } from 'node:path';
export const handler = async (event) => ({ file: basename(import.meta.url), got: event.value });
)"}}));
  auto result = invoke(function, R"({"value": "x"})");
  ASSERT_FALSE(result.function_error) << result.payload << result.log;
  EXPECT_EQ(parsed(result), (json{{"file", "app.mjs"}, {"got", "x"}}));
}

TEST_F(NodeRuntimeTest, EsModuleByPackageTypeModule) {
  auto function = deployment(
      "esm-pkg", "nodejs20.x", "src/main.handler",
      make_zip(
          {{"package.json", R"({"type": "module"})"},
           {"src/main.js", "export async function handler(event) { return typeof require; }\n"}}));
  auto result = invoke(function);
  ASSERT_FALSE(result.function_error) << result.payload << result.log;
  EXPECT_EQ(result.payload, "\"undefined\"");  // an ES module has no require
}

TEST_F(NodeRuntimeTest, CallbackStyleHandler) {
  auto function = deployment("callback", "nodejs18.x", "index.handler", make_zip({{"index.js", R"(
exports.handler = function (event, context, callback) {
  setTimeout(() => callback(null, { later: event.a }), 10);
};
)"}}));
  auto result = invoke(function, R"({"a": [1, 2]})");
  ASSERT_FALSE(result.function_error) << result.payload << result.log;
  EXPECT_EQ(parsed(result), (json{{"later", {1, 2}}}));
}

TEST_F(NodeRuntimeTest, ThrownErrorHasNodesErrorShape) {
  auto function = deployment("thrower", "nodejs20.x", "index.handler", make_zip({{"index.js", R"(
class OrderError extends Error { constructor(m) { super(m); this.name = 'OrderError'; } }
exports.handler = async () => { throw new OrderError('no such order'); };
)"}}));
  auto result = invoke(function);
  ASSERT_EQ(result.function_error, "Unhandled");
  json body = parsed(result);
  EXPECT_EQ(body["errorType"], "OrderError");
  EXPECT_EQ(body["errorMessage"], "no such order");
  ASSERT_TRUE(body["trace"].is_array());
  EXPECT_EQ(body["trace"][0], "OrderError: no such order");
}

TEST_F(NodeRuntimeTest, MissingModuleAndMissingHandler) {
  auto missing_module = deployment("nomod", "nodejs20.x", "nothere.handler",
                                   make_zip({{"index.js", "exports.handler = async () => 1;\n"}}));
  json body = parsed(invoke(missing_module));
  EXPECT_EQ(body["errorType"], "Runtime.ImportModuleError");
  EXPECT_TRUE(
      body["errorMessage"].get<std::string>().starts_with("Error: Cannot find module 'nothere'"));
  auto missing_handler = deployment("nohandler", "nodejs20.x", "index.other",
                                    make_zip({{"index.js", "exports.handler = async () => 1;\n"}}));
  body = parsed(invoke(missing_handler));
  EXPECT_EQ(body["errorType"], "Runtime.HandlerNotFound");
  EXPECT_EQ(body["errorMessage"], "index.other is undefined or not exported");
}

// A custom runtime as AWS's tutorial writes one: a shell loop over the Runtime API with curl.
constexpr const char* kCurlBootstrap = R"SH(#!/bin/sh
set -eu
API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
echo "init with handler ${_HANDLER}"
while true; do
  HEADERS="$(mktemp)"
  EVENT="$(curl -sS -D "$HEADERS" "$API/invocation/next")"
  ID="$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$HEADERS" | cut -d: -f2 | tr -d '[:space:]')"
  DEADLINE="$(grep -i '^Lambda-Runtime-Deadline-Ms:' "$HEADERS" | cut -d: -f2 | tr -d '[:space:]')"
  rm -f "$HEADERS"
  echo "handling $ID"
  BOGUS="$(curl -s -o /dev/null -w '%{http_code}' -X POST "$API/invocation/not-$ID/response" -d '{}')"
  curl -sS -o /dev/null -X POST "$API/invocation/$ID/response" \
    -d "{\"echo\": $EVENT, \"pid\": $$, \"deadline\": $DEADLINE, \"bogus_status\": $BOGUS}"
done
)SH";

TEST_F(ProvidedRuntimeTest, ShellBootstrapSpeaksTheRuntimeApi) {
  auto function = deployment("custom", "provided.al2023", "function.handler",
                             make_zip({{"bootstrap", kCurlBootstrap, 0100755}}));
  auto before = clock.now_ms();
  auto result = invoke(function, R"({"k": [1, "two"]})", "prov-1");
  ASSERT_FALSE(result.function_error) << result.payload << result.log;
  json body = parsed(result);
  EXPECT_EQ(body["echo"], (json{{"k", {1, "two"}}}));
  EXPECT_EQ(body["bogus_status"], 400);  // an unknown request id
  EXPECT_GE(body["deadline"].get<std::int64_t>(), before + 10'000);
  EXPECT_LE(body["deadline"].get<std::int64_t>(), clock.now_ms() + 10'000);
  EXPECT_NE(result.log.find("init with handler function.handler\n"), std::string::npos);
  EXPECT_NE(result.log.find("handling prov-1\n"), std::string::npos);
  EXPECT_EQ(parsed(invoke(function, "{}"))["pid"], body["pid"]);
}

TEST_F(ProvidedRuntimeTest, BootstrapReportingInitError) {
  auto function = deployment("initfail", "provided.al2023", "",
                             make_zip({{"bootstrap", R"SH(#!/bin/sh
curl -sS -X POST "http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/init/error" \
  -H 'Lambda-Runtime-Function-Error-Type: Custom.ConfigMissing' \
  -d '{"errorMessage": "no CONFIG set", "errorType": "Custom.ConfigMissing"}'
sleep 30
)SH",
                                        0100755}}));
  auto started = std::chrono::steady_clock::now();
  auto result = invoke(function);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  ASSERT_EQ(result.function_error, "Unhandled");
  EXPECT_EQ(parsed(result),
            (json{{"errorMessage", "no CONFIG set"}, {"errorType", "Custom.ConfigMissing"}}));
  EXPECT_EQ(runner->instance_count(), 0u);
}

TEST_F(ProvidedRuntimeTest, BootstrapExitingBeforeNextIsARuntimeExitError) {
  auto function =
      deployment("quits", "provided.al2", "",
                 make_zip({{"bootstrap", "#!/bin/sh\necho giving up\nexit 2\n", 0100755}}));
  auto result = invoke(function, "{}", "req-quit");
  json body = parsed(result);
  EXPECT_EQ(body["errorType"], "Runtime.ExitError");
  EXPECT_EQ(body["errorMessage"],
            "RequestId: req-quit Error: Runtime exited with error: exit status 2");
  EXPECT_NE(result.log.find("giving up"), std::string::npos);
}

TEST_F(ProvidedRuntimeTest, ResponseOverSixMegabytesIsRefused) {
  auto function = deployment("huge", "provided.al2023", "",
                             make_zip({{"bootstrap", R"SH(#!/bin/sh
API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
ID="$(curl -sS -D - -o /dev/null "$API/invocation/next" | grep -i '^Lambda-Runtime-Aws-Request-Id:' | cut -d: -f2 | tr -d '[:space:]')"
STATUS="$(head -c 7000000 /dev/zero | tr '\0' 'a' | curl -s -o /dev/null -w '%{http_code}' -X POST "$API/invocation/$ID/response" --data-binary @-)"
echo "status $STATUS"
sleep 30
)SH",
                                        0100755}}));
  auto result = invoke(function);
  ASSERT_EQ(result.function_error, "Unhandled");
  json body = parsed(result);
  EXPECT_EQ(body["errorType"], "Function.ResponseSizeTooLarge");
  EXPECT_EQ(body["errorMessage"],
            "Response payload size exceeded maximum allowed payload size (6291556 bytes).");
}

TEST_F(ProvidedRuntimeTest, MissingBootstrapIsAnInvalidEntrypoint) {
  auto function =
      deployment("nobootstrap", "provided.al2023", "", make_zip({{"readme.txt", "hi"}}));
  auto result = invoke(function, "{}", "req-nb");
  ASSERT_EQ(result.function_error, "Unhandled");
  json body = parsed(result);
  EXPECT_EQ(body["errorType"], "Runtime.InvalidEntrypoint");
  EXPECT_TRUE(body["errorMessage"].get<std::string>().starts_with(
      "RequestId: req-nb Error: Couldn't find valid bootstrap(s): ["));
}

TEST_F(ProvidedRuntimeTest, PackageWithAnEscapingEntryIsRefused) {
  auto function =
      deployment("evil", "provided.al2023", "",
                 make_zip({{"bootstrap", "#!/bin/sh\nexit 0\n", 0100755}, {"../evil", "escaped"}}));
  auto result = invoke(function, "{}", "req-evil");
  ASSERT_EQ(result.function_error, "Unhandled");
  EXPECT_EQ(parsed(result)["errorType"], "Runtime.InvalidEntrypoint");
  EXPECT_FALSE(std::filesystem::exists(work_directory / "evil"));
  EXPECT_FALSE(std::filesystem::exists(work_directory / "packages" / "evil"));
  EXPECT_EQ(runner->instance_count(), 0u);
}

}  // namespace
