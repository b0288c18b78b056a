#pragma once
// The small decodings every hand-written text reader needs: a hex digit's value (JSON's \uXXXX,
// URL escapes, stored item text), a code point written as UTF-8, a well-formed UTF-8 sequence, and
// a JSON string's escape as json::parse decodes it (the request readers: protocol/plain_json,
// SQS's request_text, DynamoDB's item_text_reader). Inline: the readers call them per character.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace eddy::text_codes {

// 0-15 for 0-9, a-f, A-F; -1 for anything else.
inline int hex_digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Appends `code_point` (at most 0x10FFFF) as one UTF-8 sequence.
inline void append_utf8(std::string& out, char32_t code_point) {
  auto byte = [&out](char32_t value) { out.push_back(static_cast<char>(value)); };
  if (code_point < 0x80) {
    byte(code_point);
  } else if (code_point < 0x800) {
    byte(0xC0 | (code_point >> 6));
    byte(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    byte(0xE0 | (code_point >> 12));
    byte(0x80 | ((code_point >> 6) & 0x3F));
    byte(0x80 | (code_point & 0x3F));
  } else {
    byte(0xF0 | (code_point >> 18));
    byte(0x80 | ((code_point >> 12) & 0x3F));
    byte(0x80 | ((code_point >> 6) & 0x3F));
    byte(0x80 | (code_point & 0x3F));
  }
}

// The length of the well-formed UTF-8 sequence (Unicode's table 3-7, the check json::parse makes)
// that `text` starts with, its first byte 0x80 or above; 0 when it is not one.
inline std::size_t utf8_sequence_length(std::string_view text) {
  auto lead = static_cast<unsigned char>(text[0]);
  std::size_t continuations = 0;
  unsigned char second_min = 0x80, second_max = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    continuations = 1;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    continuations = 2;
    if (lead == 0xE0) second_min = 0xA0;
    if (lead == 0xED) second_max = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    continuations = 3;
    if (lead == 0xF0) second_min = 0x90;
    if (lead == 0xF4) second_max = 0x8F;
  } else {
    return 0;
  }
  if (text.size() <= continuations) return 0;
  for (std::size_t i = 1; i <= continuations; ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < (i == 1 ? second_min : 0x80) || c > (i == 1 ? second_max : 0xBF)) return 0;
  }
  return continuations + 1;
}

namespace detail {
// Four hex digits at the start of `text`: their value, or -1.
inline std::int32_t hex4_value(std::string_view text) {
  if (text.size() < 4) return -1;
  std::int32_t value = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    int digit = hex_digit_value(text[i]);
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}
}  // namespace detail

// The JSON escape `text` starts with (at its backslash), decoded as json::parse decodes it and
// appended to `out`: its length in `text`, or 0 when it is not a valid escape. A "\u" high
// surrogate must be followed by its low one, and a lone surrogate of either kind is refused.
inline std::size_t append_json_escape(std::string_view text, std::string& out) {
  if (text.size() < 2) return 0;
  switch (text[1]) {
    case '"':
    case '\\':
    case '/':
      out.push_back(text[1]);
      return 2;
    case 'b':
      out.push_back('\b');
      return 2;
    case 'f':
      out.push_back('\f');
      return 2;
    case 'n':
      out.push_back('\n');
      return 2;
    case 'r':
      out.push_back('\r');
      return 2;
    case 't':
      out.push_back('\t');
      return 2;
    case 'u':
      break;
    default:
      return 0;
  }
  std::int32_t unit = detail::hex4_value(text.substr(2));
  if (unit < 0 || (unit >= 0xDC00 && unit <= 0xDFFF)) return 0;
  if (unit < 0xD800 || unit > 0xDBFF) {
    append_utf8(out, static_cast<char32_t>(unit));
    return 6;
  }
  if (text.size() < 8 || text[6] != '\\' || text[7] != 'u') return 0;
  std::int32_t low = detail::hex4_value(text.substr(8));
  if (low < 0xDC00 || low > 0xDFFF) return 0;
  append_utf8(out, static_cast<char32_t>(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)));
  return 12;
}

}  // namespace eddy::text_codes
