#include "services/lambda/execution/invocation_errors.hpp"

#include <fmt/format.h>

#include "eddy/json.hpp"

namespace eddy::services::lambda::invocation_errors {
namespace {

std::string lambda_error_document(std::string_view type, const std::string& message) {
  return json{{"errorType", type}, {"errorMessage", message}}.dump();
}

}  // namespace

std::string runtime_exited(std::string_view request_id, std::string_view exit_description) {
  return lambda_error_document("Runtime.ExitError",
                               fmt::format("RequestId: {} Error: Runtime exited with error: {}",
                                           request_id, exit_description));
}

std::string timed_out(std::string_view request_id, int timeout_seconds) {
  return lambda_error_document(
      "Sandbox.Timedout", fmt::format("RequestId: {} Error: Task timed out after {:.2f} seconds",
                                      request_id, static_cast<double>(timeout_seconds)));
}

std::string invalid_entrypoint(std::string_view request_id, std::string_view detail) {
  return lambda_error_document("Runtime.InvalidEntrypoint",
                               fmt::format("RequestId: {} Error: {}", request_id, detail));
}

std::string response_too_large(std::size_t limit) {
  return lambda_error_document(
      "Function.ResponseSizeTooLarge",
      fmt::format("Response payload size exceeded maximum allowed payload size ({} bytes).",
                  limit));
}

std::string bare_error(std::string_view error_type) {
  return lambda_error_document(error_type.empty() ? "Unhandled" : error_type, "");
}

}  // namespace eddy::services::lambda::invocation_errors
