#pragma once
// A fast path for request bodies: JSON whose strings are printable ASCII (escapes of one ASCII
// character allowed, \u escapes not) and whose numbers are plain integers (what SDKs send for most
// operations), parsed in one pass without nlohmann's lexer, which spent about 100 instructions a
// byte keeping each token's text for its error messages. Anything else (\u escapes, UTF-8,
// fractions, exponents, malformed text) is left to json::parse, so the values and errors callers
// see are json::parse's.
#include <optional>
#include <string_view>

#include "eddy/json.hpp"

namespace eddy::protocol {

// The value json::parse gives for `text`, or nullopt when `text` is not plain JSON as above.
std::optional<json> parse_plain_json(std::string_view text);

}  // namespace eddy::protocol
