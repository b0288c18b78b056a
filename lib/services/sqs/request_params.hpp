#pragma once
// Reading SQS request members (typed JSON, whichever protocol they came by), with SQS's own errors
// for missing or out-of-range values.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "eddy/json.hpp"

namespace eddy::services::sqs::params {

std::string required_string(const json& input, std::string_view key);
std::optional<std::string> optional_string(const json& input, std::string_view key);
// An integer in [min, max]; otherwise InvalidParameterValue "Value v for parameter key is invalid.
// Reason: <reason>".
std::optional<std::int64_t> optional_integer(const json& input, std::string_view key,
                                             std::int64_t min, std::int64_t max,
                                             std::string_view reason);
// `value` when in [min, max]; otherwise optional_integer's error.
std::int64_t integer_in_range(std::int64_t value, std::string_view key, std::int64_t min,
                              std::int64_t max, std::string_view reason);
// A list of strings; absent means empty.
std::vector<std::string> string_list(const json& input, std::string_view key);
// A map member as an object; absent (or not an object) means empty. Valid while `input` is.
const json& object_member(const json& input, std::string_view key);
// A list of structures (batch entries); absent means empty.
json entry_list(const json& input, std::string_view key);

}  // namespace eddy::services::sqs::params
