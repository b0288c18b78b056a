#pragma once
// JSON text helpers for SNS: writing envelopes by hand (they are built once per publish, in the
// member order AWS uses) and describing unparsable policies the way AWS's Jackson parser does.
#include <string>
#include <string_view>

namespace eddy::services::sns {

// Appends `text` as a quoted JSON string.
void append_json_string(std::string& out, std::string_view text);
// Appends `"key":"value"` (with a leading comma unless `first`).
void append_json_member(std::string& out, std::string_view key, std::string_view value,
                        bool first = false);

// "Unexpected character ('i' (code 105)): was expecting double-quote to start field name\n at
// [Source: ...; line: 1, column: 2]" for text that is not JSON; empty when it parses.
std::string jackson_parse_error(std::string_view text);

}  // namespace eddy::services::sns
