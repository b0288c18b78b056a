#pragma once
// The two small decodings every hand-written text reader needs: a hex digit's value (JSON's
// \uXXXX, URL escapes, stored item text) and a code point written as UTF-8. Inline: the request
// readers call them per character.
#include <string>

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

}  // namespace eddy::text_codes
