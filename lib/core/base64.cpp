#include "core/base64.hpp"

#include <array>
#include <cstdint>
#include <cstring>

namespace eddy::base64 {

namespace {

constexpr char kBase64Alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// The two digits of every 12 bits: a group of three bytes is two look-ups.
constexpr auto kBase64Pairs = [] {
  std::array<std::array<char, 2>, 4096> pairs{};
  for (std::size_t i = 0; i < pairs.size(); ++i)
    pairs[i] = {kBase64Alphabet[i >> 6], kBase64Alphabet[i & 63]};
  return pairs;
}();

// Each byte's digit value, or -1 when it is no base64 digit.
constexpr std::array<std::int8_t, 256> kBase64Values = [] {
  std::array<std::int8_t, 256> values{};
  values.fill(-1);
  for (int i = 0; i < 64; ++i)
    values[static_cast<unsigned char>(kBase64Alphabet[i])] = static_cast<std::int8_t>(i);
  return values;
}();

}  // namespace

// Written out rather than EVP_EncodeBlock/EVP_DecodeBlock: GetRecords encodes every record's data
// and PutRecord decodes it, and the table walks cost a fraction of OpenSSL's per byte.
void append_encoded(std::string& out, std::string_view bytes) {
  std::size_t at = out.size();
  out.resize(at + 4 * ((bytes.size() + 2) / 3));
  char* to = out.data() + at;
  const auto* from = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t whole = bytes.size() / 3 * 3;
  for (std::size_t i = 0; i < whole; i += 3) {
    std::uint32_t group =
        (std::uint32_t{from[i]} << 16) | (std::uint32_t{from[i + 1]} << 8) | from[i + 2];
    std::memcpy(to, kBase64Pairs[group >> 12].data(), 2);
    std::memcpy(to + 2, kBase64Pairs[group & 0xfff].data(), 2);
    to += 4;
  }
  std::size_t left = bytes.size() - whole;
  if (left == 0) return;
  std::uint32_t group = std::uint32_t{from[whole]} << 16;
  if (left == 2) group |= std::uint32_t{from[whole + 1]} << 8;
  to[0] = kBase64Alphabet[group >> 18];
  to[1] = kBase64Alphabet[(group >> 12) & 63];
  to[2] = left == 2 ? kBase64Alphabet[(group >> 6) & 63] : '=';
  to[3] = '=';
}

std::string encode(std::string_view bytes) {
  std::string out;
  append_encoded(out, bytes);
  return out;
}

std::optional<std::string> decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::size_t padding = 0;
  if (!text.empty() && text.back() == '=') ++padding;
  if (text.size() > 1 && text[text.size() - 2] == '=') ++padding;
  // Four digits make three bytes; bits left under the padding are ignored, as EVP_DecodeBlock
  // ignores them. Any byte that is no digit fails the whole text.
  std::size_t digits = text.size() - padding;
  std::string out(digits * 3 / 4, '\0');
  char* to = out.data();
  const auto* from = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t whole = digits / 4 * 4;
  for (std::size_t i = 0; i < whole; i += 4) {
    int a = kBase64Values[from[i]], b = kBase64Values[from[i + 1]];
    int c = kBase64Values[from[i + 2]], d = kBase64Values[from[i + 3]];
    if ((a | b | c | d) < 0) return std::nullopt;
    auto group = static_cast<std::uint32_t>(a << 18 | b << 12 | c << 6 | d);
    to[0] = static_cast<char>(group >> 16);
    to[1] = static_cast<char>(group >> 8);
    to[2] = static_cast<char>(group);
    to += 3;
  }
  std::uint32_t bits = 0;
  int pending = 0;
  for (std::size_t i = whole; i < digits; ++i) {
    int value = kBase64Values[from[i]];
    if (value < 0) return std::nullopt;
    bits = (bits << 6) | static_cast<std::uint32_t>(value);
    pending += 6;
    if (pending >= 8) {
      pending -= 8;
      *to++ = static_cast<char>(bits >> pending);
    }
  }
  return out;
}

}  // namespace eddy::base64
