#include "services/sns/json_text.hpp"

#include "filter/json_token_reader.hpp"

namespace eddy::services::sns {
void append_json_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (char c : text) {
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      case '\b':
        out.append("\\b");
        break;
      case '\f':
        out.append("\\f");
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out.append("\\u00");
          out.push_back(kHex[(c >> 4) & 0xf]);
          out.push_back(kHex[c & 0xf]);
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

void append_json_member(std::string& out, std::string_view key, std::string_view value,
                        bool first) {
  if (!first) out.push_back(',');
  append_json_string(out, key);
  out.push_back(':');
  append_json_string(out, value);
}

std::string jackson_parse_error(std::string_view text) {
  // The filter-policy reader already consumes JSON exactly as Jackson does; reuse it.
  try {
    filter::JsonTokenReader reader(
        text, "REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled)");
    while (reader.next() != filter::JsonToken::end_of_input) {
      if (reader.current() == filter::JsonToken::string) reader.text();  // read strings whole
    }
    return {};
  } catch (const filter::JsonSyntaxError& error) {
    return error.what();
  }
}

}  // namespace eddy::services::sns
