#pragma once
// The words DynamoDB reserves: an expression that names an attribute with one of them (in any
// case) is rejected; the attribute must be named through ExpressionAttributeNames instead.
#include <cstddef>
#include <string_view>

namespace eddy::services::dynamodb {

bool is_reserved_word(std::string_view word);
std::size_t reserved_word_count();

}  // namespace eddy::services::dynamodb
