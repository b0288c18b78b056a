#include "services/dynamodb/expressions/expression_limits.hpp"

#include <fmt/format.h>

#include "services/dynamodb/expressions/expression_error.hpp"

namespace eddy::services::dynamodb {

void check_expression_size(std::string_view parameter, std::string_view text) {
  if (text.size() <= kMaxExpressionBytes) return;
  // AWS quotes the size for condition-grammar expressions, not for updates.
  if (parameter == "UpdateExpression") {
    throw validation_error("Expression size has exceeded the maximum allowed size;");
  }
  throw validation_error(fmt::format(
      "Expression size has exceeded the maximum allowed size; expression size: {}", text.size()));
}

void check_operator_count(std::size_t operators) {
  if (operators <= kMaxExpressionOperators) return;
  throw validation_error(
      fmt::format("The expression contains too many operators; operator count: {}", operators));
}

}  // namespace eddy::services::dynamodb
