#pragma once
// Lambda for other parts of the same emulator (event-source mappings, SNS deliveries): resolve a
// function and invoke it, never over HTTP. The Invoke operation is an adapter over the same code,
// so concurrency limits, versions and aliases apply alike.
#include <optional>
#include <string>

#include "core/asio.hpp"
#include "eddy/aws_error.hpp"

namespace eddy::services::lambda {

enum class InvocationType { request_response, event };

struct InvokeRequest {
  std::string account;
  std::string region;
  std::string function;                  // a name, a full or partial ARN, qualified or not
  std::optional<std::string> qualifier;  // a version or alias
  std::string payload;                   // the event, JSON text
  InvocationType type = InvocationType::request_response;
  // Invoke's ClientContext (base64 JSON): reaches the function on RequestResponse only, as AWS's.
  std::optional<std::string> client_context = std::nullopt;
};

struct InvokeResult {
  int status_code = 200;  // 200 (RequestResponse) or 202 (Event)
  std::string payload;    // RequestResponse: the response or AWS's error document
  std::optional<std::string> function_error;  // "Unhandled" when the function failed
  std::string executed_version;               // "$LATEST" or "3"
  std::string log;                            // the invocation's log
};

class LambdaApi {
 public:
  virtual ~LambdaApi() = default;
  // The qualified or unqualified ARN `function` (+ `qualifier`) names, or nullopt when no such
  // function, version or alias exists in (account, region).
  virtual std::optional<std::string> resolve(const std::string& account, const std::string& region,
                                             const std::string& function,
                                             const std::optional<std::string>& qualifier) = 0;
  // Throws AwsError as Invoke answers: ResourceNotFoundException, TooManyRequestsException when
  // reserved or account concurrency is exhausted (callers back off and retry), ...
  virtual Awaitable<InvokeResult> invoke(InvokeRequest request) = 0;
};

}  // namespace eddy::services::lambda
