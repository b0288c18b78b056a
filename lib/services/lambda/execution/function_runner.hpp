#pragma once
// Where a Lambda invocation runs: the boundary between the Lambda service (functions, versions,
// Invoke, concurrency, async retries) and execution (native handlers, runtime processes speaking
// the Runtime API). The service decides whether and what to invoke; the runner only runs it.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "core/asio.hpp"
#include "eddy/clock.hpp"

namespace eddy::services::lambda {

// One published configuration of a function: what an instance is started with. Two invocations
// may share a warm instance only when their deployments are equal in every member.
struct FunctionDeployment {
  std::string account;
  std::string region;
  std::string function_name;
  std::string function_arn;  // unqualified
  std::string version;       // "$LATEST" or "3"
  std::string runtime;       // "python3.12", "nodejs20.x", "provided.al2023"
  std::string handler;       // "app.handler"; empty for provided runtimes that ignore it
  std::string code_sha256;   // base64 SHA-256 of the zip, as CodeSha256: names the package
  int timeout_seconds = 3;
  int memory_size_mb = 128;
  std::map<std::string, std::string> environment;  // the user's variables
  // The zip's bytes, loaded from the store only when the package is not unpacked yet.
  std::function<std::string()> load_package;

  bool operator==(const FunctionDeployment& other) const;
};

struct Invocation {
  FunctionDeployment deployment;
  std::string payload;  // the event, JSON text
  std::string request_id;
  std::string invoked_function_arn;           // as the caller named it (qualified or not)
  std::optional<std::string> client_context;  // base64, from X-Amz-Client-Context
  std::optional<std::string> cognito_identity;
};

struct InvocationResult {
  // The response payload, or when the function failed AWS's error document
  // ({"errorMessage": ..., "errorType": ..., "stackTrace": [...]}).
  std::string payload;
  // Set when the function failed (handler error, crash, timeout): "Unhandled", as AWS reports.
  std::optional<std::string> function_error;
  // What the function wrote while running this invocation (Invoke's LogType=Tail takes the
  // last 4 KB of it); the runner also logs it under the function's name.
  std::string log;
};

class FunctionRunner {
 public:
  virtual ~FunctionRunner() = default;
  // Runs one invocation on a warm idle instance of the same deployment, or a new one. Never
  // blocks a thread: a runtime's answer, a process start or the timeout is awaited. Timeouts,
  // crashes and init failures come back as a failed InvocationResult, not as exceptions.
  virtual Awaitable<InvocationResult> invoke(Invocation invocation) = 0;
  // The function was changed or deleted: idle instances of its deployments stop, busy ones stop
  // after their current invocation.
  virtual void retire(const std::string& function_arn) = 0;
  // Stops every instance (emulator shutdown, reset).
  virtual void shutdown() = 0;
};

}  // namespace eddy::services::lambda
