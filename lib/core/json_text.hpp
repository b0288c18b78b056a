#pragma once
// Writing JSON text by hand, for answers and envelopes built on hot paths where a json value and
// its serialiser would cost more than the text itself. The text must be valid UTF-8 (what the
// services store is checked on the way in): it is copied as is, only quotes, backslashes and
// control characters escaped, byte for byte as json::dump writes them.
#include <cstddef>
#include <string>
#include <string_view>

namespace eddy::json_text {

// Whether every byte is below 0x80 (ASCII text is valid UTF-8 whatever it holds).
bool is_ascii(std::string_view text);
// Whether `text` is ASCII with nothing to escape: it goes into JSON text as it is, quoted.
bool is_plain_ascii(std::string_view text);
// How many leading bytes of `text` are ASCII with nothing to escape.
std::size_t plain_ascii_prefix(std::string_view text);
// Appends `text` as a quoted JSON string.
void append_string(std::string& out, std::string_view text);
// Appends `"key":"value"` (with a leading comma unless `first`).
void append_member(std::string& out, std::string_view key, std::string_view value,
                   bool first = false);

}  // namespace eddy::json_text
