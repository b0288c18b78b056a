#pragma once
// Shard ids as AWS writes them: shardId-000000000003, the shard's index in its stream, which
// grows with every shard a resharding creates and is never reused.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace eddy::services::shards {

std::string format_shard_id(std::int64_t index);
// "shardId-000000000003", "shardId-3" or "3"; nullopt for anything else or beyond 2^31-1.
std::optional<std::int64_t> parse_shard_id(std::string_view text);

}  // namespace eddy::services::shards
