#include "core/json_text.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

namespace eddy::json_text {
namespace {

bool needs_escape(char c) {
  return static_cast<unsigned char>(c) < 0x20 || c == '"' || c == '\\';
}

// Whether any of the eight bytes needs an escape: below 0x20, a quote or a backslash (the
// classic "has a zero byte" and "has a byte less than n" bit tricks; bytes from 0x80 never match).
bool word_needs_escape(std::uint64_t word) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHighs = 0x8080808080808080ULL;
  auto has_zero = [&](std::uint64_t x) { return (x - kOnes) & ~x & kHighs; };
  std::uint64_t below_space = (word - kOnes * 0x20) & ~word & kHighs;
  return (below_space | has_zero(word ^ (kOnes * '"')) | has_zero(word ^ (kOnes * '\\'))) != 0;
}

// The length of the longest prefix of `text` with no byte that `byte_stops`, checked eight bytes
// at a time while `word_stops` (true for any word holding such a byte) lets whole words by.
template <class WordStops, class ByteStops>
std::size_t prefix_without(std::string_view text, WordStops word_stops, ByteStops byte_stops) {
  const char* p = text.data();
  const char* end = p + text.size();
  for (; end - p >= 8; p += 8) {
    std::uint64_t word;
    std::memcpy(&word, p, sizeof word);
    if (word_stops(word)) break;
  }
  while (p < end && !byte_stops(*p)) ++p;
  return static_cast<std::size_t>(p - text.data());
}

// What each byte becomes inside a JSON string: 0 itself; otherwise the character after the
// backslash of its two-character escape, or 'u' for \u00XX (json::dump's choice for each).
constexpr std::array<char, 256> kJsonEscapeOf = [] {
  std::array<char, 256> escape{};
  for (int c = 0; c < 0x20; ++c) escape[c] = 'u';
  escape['"'] = '"';
  escape['\\'] = '\\';
  escape['\b'] = 'b';
  escape['\f'] = 'f';
  escape['\n'] = 'n';
  escape['\r'] = 'r';
  escape['\t'] = 't';
  return escape;
}();

// The length of the longest prefix of `text` that needs no escape, eight bytes at a time.
std::size_t unescaped_prefix(std::string_view text) {
  return prefix_without(text, word_needs_escape, needs_escape);
}

}  // namespace

bool is_ascii(std::string_view text) {
  constexpr std::uint64_t kHighs = 0x8080808080808080ULL;
  auto word_stops = [](std::uint64_t word) { return (word & kHighs) != 0; };
  auto byte_stops = [](char c) { return static_cast<unsigned char>(c) >= 0x80; };
  return prefix_without(text, word_stops, byte_stops) == text.size();
}

std::size_t plain_ascii_prefix(std::string_view text) {
  constexpr std::uint64_t kHighs = 0x8080808080808080ULL;
  auto word_stops = [](std::uint64_t word) { return (word & kHighs) || word_needs_escape(word); };
  auto byte_stops = [](char c) { return static_cast<unsigned char>(c) >= 0x80 || needs_escape(c); };
  return prefix_without(text, word_stops, byte_stops);
}

bool is_plain_ascii(std::string_view text) {
  return plain_ascii_prefix(text) == text.size();
}

void append_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::size_t clean = unescaped_prefix(text);
  // From the first escape on, byte by byte: a JSON message body has a quote every few bytes, and
  // an append per run and per escape cost more than the bytes. The escaped length is counted
  // first, so the text is written through a pointer into room made once.
  std::size_t escaped_size = text.size();
  for (std::size_t i = clean; i < text.size(); ++i) {
    char escape = kJsonEscapeOf[static_cast<unsigned char>(text[i])];
    escaped_size += escape == 0 ? 0 : escape == 'u' ? 5 : 1;
  }
  std::size_t at = out.size();
  out.resize(at + escaped_size + 2);
  char* to = out.data() + at;
  *to++ = '"';
  std::memcpy(to, text.data(), clean);
  to += clean;
  for (std::size_t i = clean; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    char escape = kJsonEscapeOf[c];
    if (escape == 0) {
      *to++ = static_cast<char>(c);
    } else if (escape != 'u') {
      *to++ = '\\';
      *to++ = escape;
    } else {
      std::memcpy(to, "\\u00", 4);
      to[4] = kHex[c >> 4];
      to[5] = kHex[c & 0xf];
      to += 6;
    }
  }
  *to = '"';
}

void append_member(std::string& out, std::string_view key, std::string_view value, bool first) {
  if (!first) out.push_back(',');
  append_string(out, key);
  out.push_back(':');
  append_string(out, value);
}

}  // namespace eddy::json_text
