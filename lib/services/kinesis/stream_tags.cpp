#include "services/kinesis/stream_tags.hpp"

#include <fmt/format.h>

#include "services/kinesis/kinesis_errors.hpp"

namespace eddy::services::kinesis::stream_tags {

void add(store::Database& db, std::int64_t stream_id, const json& tags) {
  if (!tags.is_object()) throw errors::serialization("Start of list found where not expected");
  std::size_t adding = 0;
  for (const auto& [key, value] : tags.items()) {
    if (!value.is_string())
      throw errors::serialization("Unexpected value type in tag map: expected a string");
    if (key.empty() || key.size() > 128 || value.get_ref<const std::string&>().size() > 256)
      throw errors::invalid_argument(fmt::format(
          "Tag key must be between 1 and 128 characters and tag value at most 256 characters: "
          "{}",
          key));
    auto q = db.query("SELECT 1 FROM kinesis_tags WHERE stream_id = ? AND tag_key = ?");
    q->bind(1, stream_id).bind(2, key);
    if (!q->step()) ++adding;
  }
  if (count(db, stream_id) + adding > kMaxTagsPerStream)
    throw errors::invalid_argument(
        fmt::format("Failed to add tags to stream because the number of tags would exceed the "
                    "limit of {} tags per stream.",
                    kMaxTagsPerStream));
  for (const auto& [key, value] : tags.items())
    db.query(
          "INSERT INTO kinesis_tags (stream_id, tag_key, tag_value) VALUES (?, ?, ?) "
          "ON CONFLICT (stream_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value")
        ->bind(1, stream_id)
        .bind(2, key)
        .bind(3, value.get<std::string>())
        .run();
}

void remove(store::Database& db, std::int64_t stream_id, const std::vector<std::string>& keys) {
  for (const auto& key : keys)
    db.query("DELETE FROM kinesis_tags WHERE stream_id = ? AND tag_key = ?")
        ->bind(1, stream_id)
        .bind(2, key)
        .run();
}

json list(store::Database& db, std::int64_t stream_id, const std::string& after) {
  auto q = db.query(
      "SELECT tag_key, tag_value FROM kinesis_tags WHERE stream_id = ? AND tag_key > ? "
      "ORDER BY tag_key");
  q->bind(1, stream_id).bind(2, after);
  json out = json::array();
  while (q->step()) out.push_back({{"Key", q->string(0)}, {"Value", q->string(1)}});
  return out;
}

std::size_t count(store::Database& db, std::int64_t stream_id) {
  auto q = db.query("SELECT COUNT(*) FROM kinesis_tags WHERE stream_id = ?");
  q->bind(1, stream_id);
  q->step();
  return static_cast<std::size_t>(q->int64(0));
}

}  // namespace eddy::services::kinesis::stream_tags
