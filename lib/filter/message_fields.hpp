#pragma once
// A message seen as the policy sees it: the leaf values at each key path (keys joined with '.'),
// each remembering which element of which array it came from. Only the paths a policy names are
// collected.
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "eddy/json.hpp"

namespace eddy::filter {

// The key paths a compiled policy reads, and every dotted prefix leading to them.
class PolicyPaths {
 public:
  void add(std::string_view path);
  bool is_path(const std::string& candidate) const { return paths_.contains(candidate); }
  bool leads_to_path(const std::string& candidate) const { return prefixes_.contains(candidate); }

 private:
  std::unordered_set<std::string> paths_;
  std::unordered_set<std::string> prefixes_;
};

struct ArrayPosition {
  std::uint32_t array;  // which array of the message
  std::uint32_t index;  // which element of it
};

struct MessageField {
  const json* value;
  std::vector<ArrayPosition> arrays;  // outermost first
};

// An SNS attribute's value as policies see it: nothing for Binary (SNS ignores those), the
// parsed JSON array for String.Array, a number for Number, a string otherwise.
std::optional<json> decode_attribute(const json& attribute);

// Two fields can satisfy one branch together only if they come from the same element of every
// array they share (AWS's array-consistent matching).
bool consistent(const MessageField& a, const MessageField& b);

class MessageFields {
 public:
  static MessageFields from_body(const json& body, const PolicyPaths& paths);
  // SNS attributes: {"name": {"DataType": ..., "StringValue": ...}}, decoded as
  // decode_attribute() does.
  static MessageFields from_attributes(const json& attributes, const PolicyPaths& paths);
  // Attributes already decoded: {"name": decoded value}.
  static MessageFields from_decoded_attributes(const json& decoded, const PolicyPaths& paths);

  // The fields at `path`, or nullptr when the message has none.
  const std::vector<MessageField>* at(const std::string& path) const;

 private:
  void collect(const json& node, const std::string& path, const PolicyPaths& paths,
               std::vector<ArrayPosition>& arrays);

  std::unordered_map<std::string, std::vector<MessageField>> fields_;
  std::deque<json> owned_values_;  // values decoded from attributes
  std::uint32_t next_array_ = 0;
};

}  // namespace eddy::filter
