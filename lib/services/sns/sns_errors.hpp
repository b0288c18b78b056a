#pragma once
// SNS's errors, worded as AWS words them.
#include <string>
#include <string_view>

#include "core/arn.hpp"
#include "eddy/aws_error.hpp"

namespace eddy::services::sns {

// InvalidParameter "Invalid parameter: <detail>".
AwsError invalid_parameter(std::string_view detail);
// InvalidParameter with a message that does not follow the usual prefix.
AwsError invalid_parameter_message(std::string message);
AwsError topic_not_found();
AwsError subscription_not_found();

// An ARN given in `parameter` (TopicArn, SubscriptionArn ...), checked as SNS checks it:
// "Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1".
Arn parse_arn_parameter(std::string_view value, std::string_view parameter);
// A topic ARN parameter that must name a topic in the caller's region.
Arn parse_topic_arn(std::string_view value, std::string_view region,
                    std::string_view parameter = "TopicArn");

}  // namespace eddy::services::sns
