#pragma once
// Reading SNS request members (typed JSON, whichever protocol they came by), with SNS's errors.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "eddy/json.hpp"

namespace eddy::services::sns {

std::optional<std::string> optional_text(const json& input, std::string_view name);
// Throws "Invalid parameter: <name> Reason: no value for required parameter" when absent.
std::string required_text(const json& input, std::string_view name);
// A map of attribute names to string values; absent or empty input gives an empty object.
json string_map(const json& input, std::string_view name);
// A list member; absent means empty.
json list_member(const json& input, std::string_view name);

// A "true"/"false" attribute, in any letter case; lower-cased. Throws InvalidParameter
// "<prefix><name>: Invalid value [<value>]. Must be true or false."
std::string boolean_attribute(std::string_view name, const std::string& value,
                              std::string_view prefix);

// E.164: a plus sign (optional) and up to 15 digits, the first not zero.
bool valid_phone_number(std::string_view number);

// NextToken for a page that continues after row `after`, and back.
std::string page_token(std::int64_t after);
// Throws "Invalid parameter: NextToken" for a token Eddy did not hand out.
std::int64_t page_after(const std::optional<std::string>& token);

}  // namespace eddy::services::sns
