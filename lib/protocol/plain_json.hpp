#pragma once
// A fast path for request bodies: JSON whose numbers are plain integers (what SDKs send for most
// operations), parsed in one pass without nlohmann's lexer, which spent about 100 instructions a
// byte keeping each token's text for its error messages. Strings may hold escapes and UTF-8 (a
// message body is often JSON itself). Anything else (fractions, exponents, malformed text) is
// left to json::parse, so the values and errors callers see are json::parse's.
#include <optional>
#include <string_view>

#include "eddy/json.hpp"

namespace eddy::protocol {

// The value json::parse gives for `text`, or nullopt when `text` is not plain JSON as above.
std::optional<json> parse_plain_json(std::string_view text);

}  // namespace eddy::protocol
