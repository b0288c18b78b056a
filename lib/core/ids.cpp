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
  std::uint64_t high = random_u64();
  std::uint64_t low = random_u64();
  high = (high & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;  // version 4
  low = (low & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;    // RFC 4122 variant
  std::string out(36, '-');
  int pos = 0;
  auto put = [&](std::uint64_t bits, int nibbles) {
    for (int i = nibbles - 1; i >= 0; --i) {
      if (pos == 8 || pos == 13 || pos == 18 || pos == 23) ++pos;
      out[pos++] = kHex[(bits >> (i * 4)) & 0xf];
    }
  };
  put(high, 16);
  put(low, 16);
  return out;
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
