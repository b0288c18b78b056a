#pragma once
// Native Lambda handlers: a C++ callable registered under a function's name runs that function's
// invocations in-process, with no runtime process, for C++ tests and embedded pipelines. The
// function itself is still created through Lambda (CreateFunction), as any other; only where its
// code runs differs. The event and the result are JSON, shaped as AWS delivers them.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include "eddy/json.hpp"

namespace eddy {

// What a handler learns about its invocation: AWS's context object.
struct LambdaContext {
  std::string function_name;
  std::string function_version;  // "$LATEST" or "3"
  std::string invoked_function_arn;
  int memory_limit_in_mb = 128;
  std::string aws_request_id;
  std::string log_group_name;  // "/aws/lambda/<name>"
  std::string log_stream_name;
  std::chrono::system_clock::time_point deadline;
  // Invoke's ClientContext, decoded ({"client": ..., "custom": ..., "env": ...}), when the caller
  // passed one; and the caller's Amazon Cognito identity when known.
  std::optional<json> client_context = std::nullopt;
  std::optional<json> identity = std::nullopt;
  // On the emulator's clock: the time left before the invocation times out.
  std::function<std::int64_t()> remaining_time_in_millis;
};

// Thrown by a handler to fail with a chosen errorType (AWS's error payload carries it); any other
// exception fails the invocation with its type as errorType and what() as errorMessage.
class LambdaFunctionError : public std::runtime_error {
 public:
  LambdaFunctionError(std::string error_type, const std::string& message)
      : std::runtime_error(message), error_type_(std::move(error_type)) {}
  const std::string& error_type() const { return error_type_; }

 private:
  std::string error_type_;
};

// The result is the invocation's response payload (serialized as JSON).
using LambdaHandler = std::function<json(const json& event, LambdaContext& context)>;

// The registry, keyed by function name. Thread-safe: tests set handlers while the emulator runs.
class LambdaHandlers {
 public:
  void set(const std::string& function_name, LambdaHandler handler);
  void remove(const std::string& function_name);
  std::optional<LambdaHandler> find(const std::string& function_name) const;

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::string, LambdaHandler> handlers_;
};

}  // namespace eddy
