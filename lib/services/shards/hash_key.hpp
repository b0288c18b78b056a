#pragma once
// Kinesis's 128-bit hash keys: a record goes to the shard whose range holds MD5(partition key)
// read as a big-endian integer, or its ExplicitHashKey. AWS writes them as decimal strings.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace eddy::services::shards {

__extension__ typedef unsigned __int128 HashKey;

constexpr HashKey kMaxHashKey = ~HashKey(0);

struct HashKeyRange {
  HashKey start = 0;
  HashKey end = kMaxHashKey;
  bool contains(HashKey key) const { return key >= start && key <= end; }
  bool overlaps(const HashKeyRange& other) const {
    return start <= other.end && other.start <= end;
  }
};

// Plain decimal digits in [0, 2^128-1]; nullopt otherwise.
std::optional<HashKey> parse_hash_key(std::string_view decimal);
std::string format_hash_key(HashKey key);
HashKey hash_key_of_partition_key(std::string_view partition_key);

// The whole key space in `count` ranges as AWS cuts it: each floor(2^128 / count) wide, the last
// running to 2^128-1, with no gap.
std::vector<HashKeyRange> split_key_space(int count);

}  // namespace eddy::services::shards
