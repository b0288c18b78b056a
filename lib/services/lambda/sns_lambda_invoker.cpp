#include "services/lambda/sns_lambda_invoker.hpp"

#include "core/arn.hpp"

namespace eddy::services::lambda {

Awaitable<sns::LambdaInvocationResult> SnsLambdaInvoker::invoke(std::string function_arn,
                                                                std::string payload) {
  sns::LambdaInvocationResult result;
  auto arn = Arn::parse(function_arn);
  if (!arn || arn->service != "lambda") {
    result.error_code = "InvalidParameterValueException";
    result.error_message = "Not a function ARN: " + function_arn;
    result.retryable = false;
    co_return result;
  }
  InvokeRequest request;
  request.account = arn->account;
  request.region = arn->region;
  request.function = function_arn;
  request.payload = std::move(payload);
  request.type = InvocationType::event;
  try {
    co_await lambda_.invoke(std::move(request));
    result.delivered = true;
  } catch (const AwsError& e) {
    result.error_code = e.code();
    result.error_message = e.message();
    result.retryable = e.code() != "ResourceNotFoundException";
  }
  co_return result;
}

}  // namespace eddy::services::lambda
