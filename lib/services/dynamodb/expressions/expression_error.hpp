#pragma once
// The ValidationException every malformed expression, attribute or operand raises.
#include <string>
#include <string_view>

#include "eddy/aws_error.hpp"

namespace eddy::services::dynamodb {

AwsError validation_error(std::string message);

// "Invalid <parameter>: <detail>", AWS's wording for a rejected expression.
AwsError invalid_expression(std::string_view parameter, std::string_view detail);

}  // namespace eddy::services::dynamodb
