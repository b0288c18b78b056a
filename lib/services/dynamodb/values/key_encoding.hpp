#pragma once
// Key attribute values (S, N or B) as bytes whose memcmp order is DynamoDB's order, so SQLite
// compares BLOB keys the way DynamoDB sorts: numbers by value (negatives, zero, exponents),
// strings and binaries by unsigned bytes. Query turns key conditions into ranges of these bytes.
#include <string>
#include <string_view>

#include "eddy/json.hpp"

namespace eddy::services::dynamodb {

// `value` is a normalised {"S": ...}, {"N": ...} or {"B": ...}. Two values of the same type
// encode to byte strings comparing as DynamoDB compares the values; equal values encode equal.
std::string encode_key_value(const json& value);
// The same from the value's type ("S", "N" or "B") and its member's text.
std::string encode_key_text(std::string_view type, std::string_view text);

// The smallest encoding greater than every encoding that starts with `prefix`'s encoding as a
// string or binary prefix (begins_with as a byte range); empty when there is none (all 0xff).
std::string prefix_upper_bound(const json& prefix_value);

}  // namespace eddy::services::dynamodb
