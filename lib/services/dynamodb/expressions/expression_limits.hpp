#pragma once
// DynamoDB's limits on one expression: 4 KB of text as sent (before placeholders are
// substituted) and 300 operators and functions.
#include <cstddef>
#include <string_view>

namespace eddy::services::dynamodb {

inline constexpr std::size_t kMaxExpressionBytes = 4096;
inline constexpr std::size_t kMaxExpressionOperators = 300;

// Both throw a ValidationException carrying AWS's detail (without the "Invalid ...: " prefix).
void check_expression_size(std::string_view parameter, std::string_view text);
void check_operator_count(std::size_t operators);

}  // namespace eddy::services::dynamodb
