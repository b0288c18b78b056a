#include "services/sns/sns_errors.hpp"

#include <algorithm>

namespace eddy::services::sns {

AwsError invalid_parameter(std::string_view detail) {
  return AwsError("InvalidParameter", "Invalid parameter: " + std::string(detail));
}

AwsError invalid_parameter_message(std::string message) {
  return AwsError("InvalidParameter", std::move(message));
}

AwsError topic_not_found() {
  return AwsError("NotFound", "Topic does not exist", 404);
}

AwsError subscription_not_found() {
  return AwsError("NotFound", "Subscription does not exist", 404);
}

Arn parse_arn_parameter(std::string_view value, std::string_view parameter) {
  auto elements = std::count(value.begin(), value.end(), ':') + 1;
  auto arn = elements >= 6 ? Arn::parse(value) : std::nullopt;
  if (!arn)
    throw invalid_parameter(std::string(parameter) + " Reason: An ARN must have at least 6 " +
                            "elements, not " + std::to_string(elements));
  return *arn;
}

Arn parse_topic_arn(std::string_view value, std::string_view region, std::string_view parameter) {
  Arn arn = parse_arn_parameter(value, parameter);
  // SNS answers a topic of another region (or another service) as a bad parameter, not NotFound.
  if (arn.region != region || arn.service != "sns") throw invalid_parameter(parameter);
  return arn;
}

}  // namespace eddy::services::sns
