#include "core/ids.hpp"

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

std::string uuid() {
  static constexpr char kHex[] = "0123456789abcdef";
  // Where each of the 32 nibbles goes in the 8-4-4-4-12 text, most significant first: written
  // straight to its place, the loops unroll into plain stores.
  static constexpr std::uint8_t kPlace[32] = {0,  1,  2,  3,  4,  5,  6,  7,  9,  10, 11,
                                              12, 14, 15, 16, 17, 19, 20, 21, 22, 24, 25,
                                              26, 27, 28, 29, 30, 31, 32, 33, 34, 35};
  std::uint64_t high = random_u64();
  std::uint64_t low = random_u64();
  high = (high & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;  // version 4
  low = (low & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;    // RFC 4122 variant
  char text[36];
  for (int i = 0; i < 16; ++i) text[kPlace[i]] = kHex[(high >> (60 - 4 * i)) & 0xf];
  for (int i = 0; i < 16; ++i) text[kPlace[16 + i]] = kHex[(low >> (60 - 4 * i)) & 0xf];
  text[8] = text[13] = text[18] = text[23] = '-';
  return std::string(text, sizeof text);
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
