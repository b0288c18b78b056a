#include "services/dynamodb/expressions/expression_error.hpp"

#include <fmt/format.h>

namespace eddy::services::dynamodb {

AwsError validation_error(std::string message) {
  return AwsError("ValidationException", std::move(message));
}

AwsError invalid_expression(std::string_view parameter, std::string_view detail) {
  return validation_error(fmt::format("Invalid {}: {}", parameter, detail));
}

}  // namespace eddy::services::dynamodb
