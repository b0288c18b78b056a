#include "services/shards/hash_key.hpp"

#include <algorithm>

#include "core/hashing.hpp"

namespace eddy::services::shards {

std::optional<HashKey> parse_hash_key(std::string_view decimal) {
  if (decimal.empty() || decimal.size() > 39) return std::nullopt;
  HashKey value = 0;
  for (char c : decimal) {
    if (c < '0' || c > '9') return std::nullopt;
    HashKey digit = static_cast<HashKey>(c - '0');
    if (value > (kMaxHashKey - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  return value;
}

std::string format_hash_key(HashKey key) {
  std::string digits;
  do {
    digits.push_back(static_cast<char>('0' + static_cast<int>(key % 10)));
    key /= 10;
  } while (key != 0);
  std::reverse(digits.begin(), digits.end());
  return digits;
}

HashKey hash_key_of_partition_key(std::string_view partition_key) {
  hashing::Md5 md5;
  md5.update(partition_key);
  HashKey key = 0;
  for (unsigned char byte : md5.finish()) key = (key << 8) | byte;
  return key;
}

std::vector<HashKeyRange> split_key_space(int count) {
  // floor(2^128 / count) without 2^128: one more than floor((2^128-1) / count) exactly when
  // count divides 2^128.
  auto n = static_cast<HashKey>(count);
  HashKey width = kMaxHashKey / n;
  if (kMaxHashKey % n == n - 1) ++width;
  std::vector<HashKeyRange> ranges;
  ranges.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    HashKey start = width * static_cast<HashKey>(i);
    HashKey end = i + 1 < count ? width * static_cast<HashKey>(i + 1) - 1 : kMaxHashKey;
    ranges.push_back({start, end});
  }
  return ranges;
}

}  // namespace eddy::services::shards
