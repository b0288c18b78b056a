#include "services/shards/sequence_number.hpp"

#include <algorithm>
#include <array>

namespace eddy::services::shards {
namespace {

constexpr std::size_t kHexDigits = 47;
using Nibbles = std::array<std::uint8_t, kHexDigits>;  // most significant first

void put_hex(Nibbles& nibbles, std::size_t at, std::size_t width, std::uint64_t value) {
  for (std::size_t i = 0; i < width; ++i) {
    nibbles[at + width - 1 - i] = static_cast<std::uint8_t>(value & 0xf);
    value >>= 4;
  }
}

std::uint64_t get_hex(const Nibbles& nibbles, std::size_t at, std::size_t width) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < width; ++i) value = (value << 4) | nibbles[at + i];
  return value;
}

}  // namespace

std::string format_sequence_number(const SequenceNumber& number) {
  Nibbles nibbles{};
  nibbles[0] = 2;
  put_hex(nibbles, 1, 9, static_cast<std::uint64_t>(number.shard_created_secs));
  put_hex(nibbles, 10, 1, static_cast<std::uint64_t>(number.shard_index));
  put_hex(nibbles, 11, 16, static_cast<std::uint64_t>(number.counter));
  put_hex(nibbles, 27, 2, 0);
  put_hex(nibbles, 29, 9, static_cast<std::uint64_t>(number.arrival_secs));
  put_hex(nibbles, 38, 8, static_cast<std::uint64_t>(number.shard_index));
  nibbles[46] = 2;
  // Long division by ten, digit by digit, until the number is zero.
  std::string decimal;
  bool nonzero = true;
  while (nonzero) {
    unsigned remainder = 0;
    nonzero = false;
    for (auto& nibble : nibbles) {
      unsigned current = remainder * 16 + nibble;
      nibble = static_cast<std::uint8_t>(current / 10);
      remainder = current % 10;
      nonzero = nonzero || nibble != 0;
    }
    decimal.push_back(static_cast<char>('0' + remainder));
  }
  std::reverse(decimal.begin(), decimal.end());
  return decimal;
}

std::optional<SequenceNumber> parse_sequence_number(std::string_view decimal) {
  if (decimal.empty() || decimal.size() > 60 || decimal[0] == '0') return std::nullopt;
  Nibbles nibbles{};
  for (char c : decimal) {
    if (c < '0' || c > '9') return std::nullopt;
    unsigned carry = static_cast<unsigned>(c - '0');
    for (std::size_t i = kHexDigits; i-- > 0;) {
      unsigned current = nibbles[i] * 10u + carry;
      nibbles[i] = static_cast<std::uint8_t>(current & 0xf);
      carry = current >> 4;
    }
    if (carry != 0) return std::nullopt;  // wider than 47 hex digits
  }
  if (nibbles[0] != 2 || nibbles[46] != 2 || nibbles[11] > 7) return std::nullopt;
  SequenceNumber number{
      .shard_created_secs = static_cast<std::int64_t>(get_hex(nibbles, 1, 9)),
      .shard_index = static_cast<std::int64_t>(get_hex(nibbles, 38, 8)),
      .counter = static_cast<std::int64_t>(get_hex(nibbles, 11, 16)),
      .arrival_secs = static_cast<std::int64_t>(get_hex(nibbles, 29, 9)),
  };
  if (number.shard_index > 0x7fffffff || nibbles[10] != (number.shard_index & 0xf))
    return std::nullopt;
  return number;
}

}  // namespace eddy::services::shards
