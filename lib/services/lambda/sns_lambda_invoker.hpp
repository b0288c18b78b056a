#pragma once
// SNS's way into Lambda: a subscription of protocol lambda hands its event to an Event
// invocation through LambdaApi, so SNS's own retries only cover Lambda refusing the event.
#include "services/lambda/lambda_api.hpp"
#include "services/sns/lambda_invoker.hpp"

namespace eddy::services::lambda {

class SnsLambdaInvoker final : public sns::LambdaInvoker {
 public:
  explicit SnsLambdaInvoker(LambdaApi& lambda) : lambda_(lambda) {}

  bool available() const override { return true; }
  Awaitable<sns::LambdaInvocationResult> invoke(std::string function_arn,
                                                std::string payload) override;

 private:
  LambdaApi& lambda_;
};

}  // namespace eddy::services::lambda
