#include "core/ids.hpp"

#include <array>
#include <random>

namespace eddy::ids {
namespace {
std::mt19937_64& generator() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return engine;
}
}  // namespace

std::uint64_t random_u64() {
  return generator()();
}

namespace {

// Each byte's two lower-case hex digits, in text order.
constexpr std::array<std::array<char, 2>, 256> kHexPairs = [] {
  constexpr char kHex[] = "0123456789abcdef";
  std::array<std::array<char, 2>, 256> pairs{};
  for (std::size_t byte = 0; byte < 256; ++byte) pairs[byte] = {kHex[byte >> 4], kHex[byte & 15]};
  return pairs;
}();

// Writes the eight bytes of `bits`, most significant first, as hex at the places given (each
// place takes two digits; the dashes fall between places).
void put_hex(char* text, std::uint64_t bits, const std::uint8_t (&places)[8]) {
  for (int i = 0; i < 8; ++i) {
    const auto& pair = kHexPairs[(bits >> (56 - 8 * i)) & 0xff];
    text[places[i]] = pair[0];
    text[places[i] + 1] = pair[1];
  }
}

}  // namespace

std::string uuid() {
  // Where each byte's two digits go in the 8-4-4-4-12 text.
  static constexpr std::uint8_t kHighPlaces[8] = {0, 2, 4, 6, 9, 11, 14, 16};
  static constexpr std::uint8_t kLowPlaces[8] = {19, 21, 24, 26, 28, 30, 32, 34};
  std::uint64_t high = random_u64();
  std::uint64_t low = random_u64();
  high = (high & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;  // version 4
  low = (low & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;    // RFC 4122 variant
  std::string text(36, '-');
  put_hex(text.data(), high, kHighPlaces);
  put_hex(text.data(), low, kLowPlaces);
  return text;
}

std::string random_token(std::size_t length) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string out(length, '0');
  std::uint64_t bits = 0;
  int left = 0;
  for (auto& c : out) {
    if (left == 0) {
      bits = random_u64();
      left = 10;  // 6 bits each; 62 symbols, slight bias is fine for tokens
    }
    c = kAlphabet[(bits & 63) % 62];
    bits >>= 6;
    --left;
  }
  return out;
}

}  // namespace eddy::ids
