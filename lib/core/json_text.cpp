#include "core/json_text.hpp"

#include <algorithm>
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

void append_escaped(std::string& out, char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  switch (c) {
    case '"':
      out.append("\\\"");
      return;
    case '\\':
      out.append("\\\\");
      return;
    case '\n':
      out.append("\\n");
      return;
    case '\r':
      out.append("\\r");
      return;
    case '\t':
      out.append("\\t");
      return;
    case '\b':
      out.append("\\b");
      return;
    case '\f':
      out.append("\\f");
      return;
    default:
      out.append("\\u00");
      out.push_back(kHex[(c >> 4) & 0xf]);
      out.push_back(kHex[c & 0xf]);
  }
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
  out.push_back('"');
  // Runs of characters that need no escape are appended whole; eight bytes are checked at once.
  const char* p = text.data();
  const char* end = p + text.size();
  const char* run = p;
  while (p < end) {
    if (end - p >= 8) {
      std::uint64_t word;
      std::memcpy(&word, p, sizeof word);
      if (!word_needs_escape(word)) {
        p += 8;
        continue;
      }
    }
    for (const char* stop = std::min(p + 8, end); p < stop; ++p) {
      if (!needs_escape(*p)) continue;
      out.append(run, p);
      append_escaped(out, *p);
      run = p + 1;
    }
  }
  out.append(run, end);
  out.push_back('"');
}

void append_member(std::string& out, std::string_view key, std::string_view value, bool first) {
  if (!first) out.push_back(',');
  append_string(out, key);
  out.push_back(':');
  append_string(out, value);
}

}  // namespace eddy::json_text
