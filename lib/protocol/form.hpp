#pragma once
// application/x-www-form-urlencoded: the query protocol's request body and URL query strings.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace eddy::protocol {

using FormFields = std::vector<std::pair<std::string, std::string>>;

// nullopt when a %-escape is malformed.
std::optional<std::string> url_decode(std::string_view text, bool plus_is_space = true);
std::string url_encode(std::string_view text);
// Appends the fields of `text` to `out`; false when an escape is malformed.
bool parse_form(std::string_view text, FormFields& out);

}  // namespace eddy::protocol
