#include "services/shards/sequence_number.hpp"

#include <algorithm>
#include <array>

namespace eddy::services::shards {
namespace {

__extension__ typedef unsigned __int128 Wide;

// The 188-bit number in three 64-bit limbs, least significant first. GetRecords formats a
// sequence number per record, so this is word arithmetic, not digit by digit.
using Limbs = std::array<std::uint64_t, 3>;
constexpr std::uint64_t kChunk = 10'000'000'000'000'000'000ULL;  // 10^19, the largest in 64 bits

// Shifts `width` bits (at most 64) of `value` in at the low end.
void shift_in(Limbs& limbs, unsigned width, std::uint64_t value) {
  if (width == 64) {
    limbs = {value, limbs[0], limbs[1]};
    return;
  }
  limbs[2] = (limbs[2] << width) | (limbs[1] >> (64 - width));
  limbs[1] = (limbs[1] << width) | (limbs[0] >> (64 - width));
  limbs[0] = (limbs[0] << width) | (value & ((std::uint64_t{1} << width) - 1));
}

// `width` bits (at most 64) starting `offset` bits above the least significant.
std::uint64_t bits_at(const Limbs& limbs, unsigned offset, unsigned width) {
  unsigned limb = offset / 64, shift = offset % 64;
  Wide window = limbs[limb];
  if (limb + 1 < limbs.size()) window |= static_cast<Wide>(limbs[limb + 1]) << 64;
  auto value = static_cast<std::uint64_t>(window >> shift);
  return width == 64 ? value : value & ((std::uint64_t{1} << width) - 1);
}

// Divides in place; returns the remainder.
std::uint64_t divide(Limbs& limbs, std::uint64_t divisor) {
  Wide remainder = 0;
  for (std::size_t i = limbs.size(); i-- > 0;) {
    Wide current = (remainder << 64) | limbs[i];
    limbs[i] = static_cast<std::uint64_t>(current / divisor);
    remainder = current % divisor;
  }
  return static_cast<std::uint64_t>(remainder);
}

bool is_zero(const Limbs& limbs) {
  return limbs[0] == 0 && limbs[1] == 0 && limbs[2] == 0;
}

}  // namespace

std::string format_sequence_number(const SequenceNumber& number) {
  Limbs limbs{};
  shift_in(limbs, 4, 2);
  shift_in(limbs, 36, static_cast<std::uint64_t>(number.shard_created_secs));
  shift_in(limbs, 4, static_cast<std::uint64_t>(number.shard_index));
  shift_in(limbs, 64, static_cast<std::uint64_t>(number.counter));
  shift_in(limbs, 8, 0);
  shift_in(limbs, 36, static_cast<std::uint64_t>(number.arrival_secs));
  shift_in(limbs, 32, static_cast<std::uint64_t>(number.shard_index));
  shift_in(limbs, 4, 2);
  // 19 decimal digits at a time, least significant first.
  char digits[64];
  std::size_t size = 0;
  while (!is_zero(limbs)) {
    std::uint64_t chunk = divide(limbs, kChunk);
    for (int i = 0; i < 19 && (chunk != 0 || !is_zero(limbs)); ++i) {
      digits[size++] = static_cast<char>('0' + chunk % 10);
      chunk /= 10;
    }
  }
  std::reverse(digits, digits + size);
  return std::string(digits, size);
}

std::optional<SequenceNumber> parse_sequence_number(std::string_view decimal) {
  if (decimal.empty() || decimal.size() > 60 || decimal[0] == '0') return std::nullopt;
  Limbs limbs{};
  for (char c : decimal) {
    if (c < '0' || c > '9') return std::nullopt;
    Wide carry = static_cast<Wide>(c - '0');
    for (auto& limb : limbs) {
      Wide current = static_cast<Wide>(limb) * 10 + carry;
      limb = static_cast<std::uint64_t>(current);
      carry = current >> 64;
    }
    if (carry != 0 || limbs[2] >> 60 != 0) return std::nullopt;  // wider than 47 hex digits
  }
  // From the least significant end: '2', shard index, arrival, '00', counter, nibble, created, '2'.
  if (bits_at(limbs, 0, 4) != 2 || bits_at(limbs, 184, 4) != 2 || bits_at(limbs, 72, 8) != 0 ||
      bits_at(limbs, 80 + 63, 1) != 0)
    return std::nullopt;
  SequenceNumber number{
      .shard_created_secs = static_cast<std::int64_t>(bits_at(limbs, 148, 36)),
      .shard_index = static_cast<std::int64_t>(bits_at(limbs, 4, 32)),
      .counter = static_cast<std::int64_t>(bits_at(limbs, 80, 64)),
      .arrival_secs = static_cast<std::int64_t>(bits_at(limbs, 36, 36)),
  };
  if (number.shard_index > 0x7fffffff ||
      bits_at(limbs, 144, 4) != static_cast<std::uint64_t>(number.shard_index & 0xf))
    return std::nullopt;
  return number;
}

}  // namespace eddy::services::shards
