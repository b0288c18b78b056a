// Stream tags: the stream-named operations (AddTagsToStream ...) and the ARN-named ones
// (TagResource ...), which AWS added later for streams and consumers.
#include <fmt/format.h>

#include "core/input.hpp"
#include "services/kinesis/kinesis_errors.hpp"
#include "services/kinesis/kinesis_input.hpp"
#include "services/kinesis/kinesis_service.hpp"
#include "services/kinesis/stream_tags.hpp"

namespace eddy::services::kinesis {
namespace {

std::vector<std::string> tag_keys_of(const json& input) {
  InputCheck check(input);
  check.required("TagKeys");
  const json* keys = input::member(input, "TagKeys");
  std::vector<std::string> out;
  if (keys) {
    if (!keys->is_array()) throw errors::serialization("Expected list or null");
    if (keys->empty() || keys->size() > 50)
      check.fail(fmt::format(
          "Value '{}' at 'tagKeys' failed to satisfy constraint: Member must have length {}",
          keys->dump(), keys->empty() ? "greater than or equal to 1" : "less than or equal to 50"));
    for (const auto& key : *keys) {
      if (!key.is_string()) throw errors::serialization("Unexpected value type in tag key list");
      out.push_back(key.get<std::string>());
    }
  }
  check.done();
  return out;
}

const json& tag_map_of(const json& input) {
  InputCheck check(input);
  check.required("Tags");
  check.done();
  const json& tags = input.at("Tags");
  if (tags.empty())
    check.fail(
        "Value '{}' at 'tags' failed to satisfy constraint: Member must have length greater than "
        "or equal to 1");
  check.done();
  return tags;
}

// A resource ARN of the *Resource operations: only streams carry tags in Eddy.
std::string stream_arn_of_resource(const json& input) {
  InputCheck check(input);
  check.required("ResourceARN").length("ResourceARN", 1, 2048);
  check.done();
  std::string arn = *check.string("ResourceARN");
  if (arn.find("/consumer/") != std::string::npos)
    throw errors::invalid_argument("Eddy keeps tags on streams only, not on stream consumers.");
  return arn;
}

}  // namespace

Awaitable<json> KinesisService::AddTagsToStream(const Call& call) {
  InputCheck check(call.input);
  check.name("StreamName").stream_arn("StreamARN");
  check.done();
  const json& tags = tag_map_of(call.input);
  co_await context_.store.write([&](store::Database& db) {
    stream_tags::add(db, stream_for(db, call, call.input).id, tags);
  });
  co_return json::object();
}

Awaitable<json> KinesisService::RemoveTagsFromStream(const Call& call) {
  InputCheck check(call.input);
  check.name("StreamName").stream_arn("StreamARN");
  check.done();
  auto keys = tag_keys_of(call.input);
  co_await context_.store.write([&](store::Database& db) {
    stream_tags::remove(db, stream_for(db, call, call.input).id, keys);
  });
  co_return json::object();
}

json KinesisService::ListTagsForStream(const Call& call) {
  InputCheck check(call.input);
  check.name("StreamName")
      .stream_arn("StreamARN")
      .length("ExclusiveStartTagKey", 1, 128)
      .range("Limit", 1, 50);
  check.done();
  auto limit = static_cast<std::size_t>(check.integer("Limit").value_or(50));
  auto lock = context_.store.lock();
  auto& db = context_.store.db();
  Stream stream = stream_for(db, call, call.input);
  json tags = stream_tags::list(db, stream.id, check.string("ExclusiveStartTagKey").value_or(""));
  bool more = tags.size() > limit;
  if (more) tags.erase(tags.begin() + static_cast<std::ptrdiff_t>(limit), tags.end());
  return {{"Tags", std::move(tags)}, {"HasMoreTags", more}};
}

Awaitable<json> KinesisService::TagResource(const Call& call) {
  std::string arn = stream_arn_of_resource(call.input);
  const json& tags = tag_map_of(call.input);
  co_await context_.store.write(
      [&](store::Database& db) { stream_tags::add(db, stream_at_arn(db, call, arn).id, tags); });
  co_return json::object();
}

Awaitable<json> KinesisService::UntagResource(const Call& call) {
  std::string arn = stream_arn_of_resource(call.input);
  auto keys = tag_keys_of(call.input);
  co_await context_.store.write(
      [&](store::Database& db) { stream_tags::remove(db, stream_at_arn(db, call, arn).id, keys); });
  co_return json::object();
}

json KinesisService::ListTagsForResource(const Call& call) {
  std::string arn = stream_arn_of_resource(call.input);
  auto lock = context_.store.lock();
  auto& db = context_.store.db();
  return {{"Tags", stream_tags::list(db, stream_at_arn(db, call, arn).id)}};
}

}  // namespace eddy::services::kinesis
