#pragma once
// Standard base64 (RFC 4648, with padding), as AWS encodes blobs in JSON and XML.
#include <optional>
#include <string>
#include <string_view>

namespace eddy::base64 {

std::string encode(std::string_view bytes);
// The same text, appended to `out`.
void append_encoded(std::string& out, std::string_view bytes);
// nullopt when the text is not valid padded base64.
std::optional<std::string> decode(std::string_view text);

}  // namespace eddy::base64
