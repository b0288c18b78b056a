#pragma once
// How SNS hands events to Lambda functions. The Lambda service implements this and registers it
// with SnsService::set_lambda_invoker(); until then Lambda deliveries wait in the outbox.
#include <string>

#include "core/asio.hpp"

namespace eddy::services::sns {

struct LambdaInvocationResult {
  bool delivered = false;  // the function accepted the event (an asynchronous invocation)
  std::string error_code;  // when not delivered: ResourceNotFoundException, ...
  std::string error_message;
  bool retryable = true;  // false: the function can never take it (it does not exist)
};

class LambdaInvoker {
 public:
  virtual ~LambdaInvoker() = default;
  // False while functions cannot be invoked (Lambda not started yet): deliveries then wait.
  virtual bool available() const = 0;
  // Invokes `function_arn` asynchronously (InvocationType Event) with `payload`, the SNS event.
  virtual Awaitable<LambdaInvocationResult> invoke(std::string function_arn,
                                                   std::string payload) = 0;
};

}  // namespace eddy::services::sns
