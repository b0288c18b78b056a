#pragma once
// DynamoDB's AttributeValue as the wire has it: a JSON object with exactly one type member,
// {"S": "text"}, {"N": "12.5"}, {"B": "<base64>"}, {"BOOL": true}, {"NULL": true},
// {"M": {...}}, {"L": [...]}, {"SS": [...]}, {"NS": [...]}, {"BS": [...]}. An item is a JSON
// object of attribute name -> AttributeValue. Items are stored and returned in normalised form,
// so every other part of the service may assume values it is handed have passed through here.
#include <compare>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "eddy/json.hpp"

namespace eddy::services::dynamodb {

// Checks one AttributeValue and returns it normalised: numbers (also in NS and nested) in
// Decimal::to_string() form. Throws ValidationException with AWS's messages for an unknown or
// missing type, more than one type, a bad number, an empty set, duplicates in a set, binary that
// is not base64, nesting deeper than 32 levels. `where` and `key` name the value the way AWS
// does for ExpressionAttributeValues: with "ExpressionAttributeValues" and ":v" a message reads
// "ExpressionAttributeValues contains invalid value: <message> for key :v". Without a key (an
// item's or a Key's attribute, named in `where` for readers of the call) the message is AWS's
// bare one. A member of the wrong JSON type (S not a string, B not canonical base64 ...) is a
// SerializationException, as AWS's deserialiser says, and is reported before any invalid value.
json normalize_attribute_value(const json& value, std::string_view where = {},
                               std::string_view key = {});
// The same checks, without copying a value already in normal form: its normal form only when
// that differs from `value`.
std::optional<json> normalize_attribute_value_if_changed(const json& value,
                                                         std::string_view where = {},
                                                         std::string_view key = {});

// Normalises every attribute of an item (an object of name -> AttributeValue) and checks the
// item size limit of 400 KB ("Item size has exceeded the maximum allowed size").
json normalize_item(const json& item);
// The same checks, without copying an item already in normal form: its normal form only when
// that differs from `item`. `size`, when given, receives the item's size (item_size).
std::optional<json> normalize_item_if_changed(const json& item, std::size_t* size = nullptr);

// An item's size as DynamoDB counts it for the 400 KB limit and for consumed capacity: names
// in UTF-8 bytes plus values (strings in UTF-8 bytes, binaries in bytes, numbers by their
// significant digits, one byte per BOOL/NULL, 3 bytes of overhead per M and L plus one per
// element).
std::size_t item_size(const json& item);
std::size_t attribute_value_size(const json& value);
// The size of an N value from its text.
std::size_t number_value_size(std::string_view text);

// The type member of a (normalised) value: "S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS",
// "BS".
std::string_view attribute_type(const json& value);

// DynamoDB equality: same type and same value; numbers by value, sets regardless of order.
bool attribute_values_equal(const json& a, const json& b);

// DynamoDB ordering, defined only between two S, two N or two B values (strings and binaries
// by unsigned bytes, numbers by value); nullopt for any other pair, where <, <=, >, >= and
// BETWEEN are false.
std::optional<std::strong_ordering> compare_attribute_values(const json& a, const json& b);

}  // namespace eddy::services::dynamodb
