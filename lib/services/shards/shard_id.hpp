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

// DynamoDB Streams' shard ids: the shard's creation in epoch milliseconds (20 digits) and eight
// hex digits, shardId-00000001700000000000-abcdef12.
std::string format_stream_shard_id(std::int64_t created_ms, std::uint32_t suffix);

}  // namespace eddy::services::shards
