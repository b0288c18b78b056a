#pragma once
// A stream's tags. Callers write through the store's write path.
#include <cstdint>
#include <string>
#include <vector>

#include "eddy/json.hpp"
#include "store/database.hpp"

namespace eddy::services::kinesis::stream_tags {

constexpr std::size_t kMaxTagsPerStream = 50;

// Checks a TagMap as AWS does (keys 1..128, values 0..256, at most 50 on the stream after the
// change) and stores it; existing keys take the new value.
void add(store::Database& db, std::int64_t stream_id, const json& tags);
void remove(store::Database& db, std::int64_t stream_id, const std::vector<std::string>& keys);
// [{Key, Value}] by key, after `after` (exclusive).
json list(store::Database& db, std::int64_t stream_id, const std::string& after = {});
std::size_t count(store::Database& db, std::int64_t stream_id);

}  // namespace eddy::services::kinesis::stream_tags
