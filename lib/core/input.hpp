#pragma once
// Reading operation input that arrived either as JSON (typed) or through the query protocol
// (every scalar a string): the same accessor serves both.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "eddy/json.hpp"

namespace eddy::input {

// The member `key` of `object`, or null when absent or JSON null.
const json* member(const json& object, std::string_view key);
// A scalar as text: strings as they are, numbers and booleans as written.
std::string text(const json& value);
// An integer given as a JSON number or a decimal string; nullopt when it is neither.
std::optional<std::int64_t> integer(const json& value);
// A decimal string ("+" allowed) as an integer; nullopt when it is not one.
std::optional<std::int64_t> integer(std::string_view text);
// true/false given as JSON booleans or the strings "true"/"false" (any case).
std::optional<bool> boolean(const json& value);
std::optional<bool> boolean(std::string_view text);
// A list given as a JSON array; a lone scalar counts as a list of one.
json list(const json& value);

}  // namespace eddy::input
