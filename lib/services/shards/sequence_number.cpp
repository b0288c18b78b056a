#include "services/shards/sequence_number.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <tuple>

namespace eddy::services::shards {
namespace {

__extension__ typedef unsigned __int128 Wide;

// The 188-bit number in three 64-bit limbs, least significant first, as parsing reads it.
using Limbs = std::array<std::uint64_t, 3>;

// `width` bits (at most 64) starting `offset` bits above the least significant.
std::uint64_t bits_at(const Limbs& limbs, unsigned offset, unsigned width) {
  unsigned limb = offset / 64, shift = offset % 64;
  Wide window = limbs[limb];
  if (limb + 1 < limbs.size()) window |= static_cast<Wide>(limbs[limb + 1]) << 64;
  auto value = static_cast<std::uint64_t>(window >> shift);
  return width == 64 ? value : value & ((std::uint64_t{1} << width) - 1);
}

// Decimal limbs of 10^8, least significant first: a 188-bit number has at most 57 digits.
using DecimalLimbs = std::array<std::uint64_t, 8>;
constexpr std::uint64_t kLimbBase = 100'000'000;
constexpr std::size_t kLimbDigits = 8;

constexpr DecimalLimbs power_of_two(int n) {
  DecimalLimbs power{1};
  for (int doubling = 0; doubling < n; ++doubling) {
    std::uint64_t carry = 0;
    for (auto& limb : power) {
      limb = limb * 2 + carry;
      carry = limb / kLimbBase;
      limb %= kLimbBase;
    }
  }
  return power;
}
// 2^n in decimal limbs for each n a field of the layout starts at (or its high half does).
constexpr DecimalLimbs kTwoTo0 = power_of_two(0), kTwoTo4 = power_of_two(4),
                       kTwoTo36 = power_of_two(36), kTwoTo68 = power_of_two(68),
                       kTwoTo80 = power_of_two(80), kTwoTo112 = power_of_two(112),
                       kTwoTo148 = power_of_two(148), kTwoTo180 = power_of_two(180),
                       kTwoTo184 = power_of_two(184);

constexpr char kDigitPairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

// A field's low `width` bits (at most 64), as the layout keeps them.
std::uint64_t sequence_field(std::int64_t value, unsigned width) {
  auto bits = static_cast<std::uint64_t>(value);
  return width == 64 ? bits : bits & ((std::uint64_t{1} << width) - 1);
}

// The number is a sum of fields times powers of two: each is added (in 32-bit halves) times the
// power's decimal limbs. Every term of a limb is under 2^32 * 10^8, nine of them under 2^62, so
// the carries wait until the end. Only a power's nonzero limbs are added (2^n has about 0.3 n
// digits): half the multiplications.
void add_times_power(DecimalLimbs& sum, std::uint64_t times, const DecimalLimbs& power,
                     std::size_t limbs) {
  for (std::size_t i = 0; i < limbs; ++i) sum[i] += times * power[i];
}

}  // namespace

static_assert(sizeof(ShardSequenceNumbers) == sizeof(DecimalLimbs));

ShardSequenceNumbers::ShardSequenceNumbers(std::int64_t origin_secs, std::int64_t shard_index) {
  DecimalLimbs sum{};
  std::uint64_t shard = sequence_field(shard_index, 32);
  std::uint64_t origin = sequence_field(origin_secs, 36);
  add_times_power(sum, 2, kTwoTo0, 1);
  add_times_power(sum, shard, kTwoTo4, 1);
  add_times_power(sum, origin & 0xffffffff, kTwoTo148, 6);
  add_times_power(sum, origin >> 32, kTwoTo180, 7);
  add_times_power(sum, 2, kTwoTo184, 7);
  std::copy(sum.begin(), sum.end(), shard_part_);
}

void ShardSequenceNumbers::append(std::string& out, std::int64_t counter_value,
                                  std::int64_t arrival_secs) const {
  std::uint64_t arrival = sequence_field(arrival_secs, 36);
  std::uint64_t counter = sequence_field(counter_value, 64);
  DecimalLimbs sum;
  std::copy(std::begin(shard_part_), std::end(shard_part_), sum.begin());
  add_times_power(sum, arrival & 0xffffffff, kTwoTo36, 2);
  add_times_power(sum, arrival >> 32, kTwoTo68, 3);
  add_times_power(sum, counter & 0xffffffff, kTwoTo80, 4);
  add_times_power(sum, counter >> 32, kTwoTo112, 5);
  std::uint64_t carry = 0;
  for (auto& limb : sum) {
    limb += carry;
    carry = limb / kLimbBase;
    limb %= kLimbBase;
  }
  std::size_t top = sum.size() - 1;
  while (top > 0 && sum[top] == 0) --top;
  char digits[kLimbDigits * std::tuple_size_v<DecimalLimbs>];
  char* end = digits + sizeof digits;
  char* at = end;
  for (std::size_t i = 0; i < top; ++i) {  // all eight digits, leading zeros too
    auto limb = static_cast<std::uint32_t>(sum[i]);
    std::uint32_t high = limb / 10000, low = limb % 10000;
    at -= 8;
    std::memcpy(at, kDigitPairs + 2 * (high / 100), 2);
    std::memcpy(at + 2, kDigitPairs + 2 * (high % 100), 2);
    std::memcpy(at + 4, kDigitPairs + 2 * (low / 100), 2);
    std::memcpy(at + 6, kDigitPairs + 2 * (low % 100), 2);
  }
  for (auto limb = static_cast<std::uint32_t>(sum[top]); limb != 0; limb /= 100) {
    at -= 2;
    std::memcpy(at, kDigitPairs + 2 * (limb % 100), 2);
  }
  if (*at == '0' && at + 1 < end) ++at;  // the top limb's pair may lead with a zero
  out.append(at, end);
}

void append_sequence_number(std::string& out, const SequenceNumber& number) {
  ShardSequenceNumbers(number.origin_secs, number.shard_index)
      .append(out, number.counter, number.arrival_secs);
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
