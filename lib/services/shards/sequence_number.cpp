#include "services/shards/sequence_number.hpp"

#include <algorithm>
#include <array>

namespace eddy::services::shards {
namespace {

__extension__ typedef unsigned __int128 Wide;

// The 188-bit number in three 64-bit limbs, least significant first. GetRecords formats a
// sequence number per record, so this is word arithmetic, not digit by digit.
using Limbs = std::array<std::uint64_t, 3>;

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

}  // namespace

void append_sequence_number(std::string& out, const SequenceNumber& number) {
  Limbs limbs{};
  shift_in(limbs, 4, 2);
  shift_in(limbs, 36, static_cast<std::uint64_t>(number.origin_secs));
  shift_in(limbs, 4, 0);
  shift_in(limbs, 64, static_cast<std::uint64_t>(number.counter));
  shift_in(limbs, 8, 0);
  shift_in(limbs, 36, static_cast<std::uint64_t>(number.arrival_secs));
  shift_in(limbs, 32, static_cast<std::uint64_t>(number.shard_index));
  shift_in(limbs, 4, 2);
  // GetRecords formats a number per record: divide 32-bit halves by 10^9, a 64-bit division by a
  // constant the compiler turns into a multiplication, where 64-bit limbs would need a 128-bit
  // division call per limb.
  constexpr std::uint64_t kChunk = 1'000'000'000;
  std::array<std::uint32_t, 6> halves{};
  for (std::size_t i = 0; i < limbs.size(); ++i) {
    halves[2 * i] = static_cast<std::uint32_t>(limbs[i]);
    halves[2 * i + 1] = static_cast<std::uint32_t>(limbs[i] >> 32);
  }
  std::size_t top = halves.size();
  while (top > 0 && halves[top - 1] == 0) --top;
  std::array<std::uint32_t, 8> chunks{};  // 9 decimal digits each, least significant first
  std::size_t chunk_count = 0;
  while (top > 0) {
    std::uint64_t remainder = 0;
    for (std::size_t i = top; i-- > 0;) {
      std::uint64_t current = (remainder << 32) | halves[i];
      halves[i] = static_cast<std::uint32_t>(current / kChunk);
      remainder = current % kChunk;
    }
    chunks[chunk_count++] = static_cast<std::uint32_t>(remainder);
    while (top > 0 && halves[top - 1] == 0) --top;
  }
  char digits[9 * 8];
  char* end = digits + sizeof digits;
  char* at = end;
  for (std::size_t c = 0; c < chunk_count; ++c) {
    std::uint32_t chunk = chunks[c];
    bool last = c + 1 == chunk_count;
    for (int i = 0; i < 9 && (!last || chunk != 0); ++i) {
      *--at = static_cast<char>('0' + chunk % 10);
      chunk /= 10;
    }
  }
  out.append(at, end);
}

std::string format_sequence_number(const SequenceNumber& number) {
  std::string out;
  append_sequence_number(out, number);
  return out;
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
  // From the least significant end: '2', shard index, arrival, '00', counter, '0', origin, '2'.
  if (bits_at(limbs, 0, 4) != 2 || bits_at(limbs, 184, 4) != 2 || bits_at(limbs, 72, 8) != 0 ||
      bits_at(limbs, 80 + 63, 1) != 0 || bits_at(limbs, 144, 4) != 0)
    return std::nullopt;
  SequenceNumber number{
      .origin_secs = static_cast<std::int64_t>(bits_at(limbs, 148, 36)),
      .shard_index = static_cast<std::int64_t>(bits_at(limbs, 4, 32)),
      .counter = static_cast<std::int64_t>(bits_at(limbs, 80, 64)),
      .arrival_secs = static_cast<std::int64_t>(bits_at(limbs, 36, 36)),
  };
  if (number.shard_index > 0x7fffffff) return std::nullopt;
  return number;
}

}  // namespace eddy::services::shards
