#pragma once
// Describing unparsable policies the way AWS's Jackson parser does (envelopes are written with
// core/json_text.hpp).
#include <string>
#include <string_view>

namespace eddy::services::sns {

// "Unexpected character ('i' (code 105)): was expecting double-quote to start field name\n at
// [Source: ...; line: 1, column: 2]" for text that is not JSON; empty when it parses.
std::string jackson_parse_error(std::string_view text);

}  // namespace eddy::services::sns
