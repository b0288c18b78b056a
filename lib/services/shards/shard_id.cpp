#include "services/shards/shard_id.hpp"

#include <fmt/format.h>

#include <charconv>

namespace eddy::services::shards {

std::string format_shard_id(std::int64_t index) {
  // By hand, not fmt: PutRecord names its shard in every answer. As "{:012d}" writes it.
  char digits[24];
  char* end = std::to_chars(digits, digits + sizeof digits, index).ptr;
  auto size = static_cast<std::size_t>(end - digits);
  std::string out = "shardId-";
  if (index >= 0 && size < 12) out.append(12 - size, '0');
  out.append(digits, size);
  return out;
}

std::string format_stream_shard_id(std::int64_t created_ms, std::uint32_t suffix) {
  return fmt::format("shardId-{:020d}-{:08x}", created_ms, suffix);
}

std::optional<std::int64_t> parse_shard_id(std::string_view text) {
  constexpr std::string_view prefix = "shardId-";
  if (text.starts_with(prefix)) text.remove_prefix(prefix.size());
  if (text.empty() || text.size() > 12) return std::nullopt;
  std::int64_t index = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    index = index * 10 + (c - '0');
  }
  if (index > 2147483647) return std::nullopt;
  return index;
}

}  // namespace eddy::services::shards
