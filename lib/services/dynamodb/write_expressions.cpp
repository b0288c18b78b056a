#include "services/dynamodb/write_expressions.hpp"

#include <algorithm>
#include <array>
#include <mutex>
#include <unordered_map>

#include "services/dynamodb/expressions/expression_parameters.hpp"
#include "services/dynamodb/item_request.hpp"

namespace eddy::services::dynamodb {
namespace {

// The request members an expression parse reads; any other member leaves it unchanged.
constexpr std::array<const char*, 4> kExpressionMembers = {
    "UpdateExpression", "ConditionExpression", "ExpressionAttributeNames",
    "ExpressionAttributeValues"};

bool member_present(const json& input, const char* name) {
  auto it = input.find(name);
  return it != input.end() && !it->is_null();
}

// The members as a request gave them (null when absent), and whether UpdateItem read them.
struct ExpressionRequest {
  std::array<const json*, kExpressionMembers.size()> members{};
  bool with_update = false;

  ExpressionRequest(const json& input, bool update) : with_update(update) {
    for (std::size_t i = 0; i < members.size(); ++i) {
      auto it = input.find(kExpressionMembers[i]);
      if (it != input.end() && !it->is_null()) members[i] = &*it;
    }
    // PutItem and DeleteItem never read an UpdateExpression.
    if (!update) members[0] = nullptr;
  }

  // Whether the request is small enough to keep: scalar values of a few bytes, as counters and
  // conditions have. Large values (up to 400 KB each) would make a cache of them hold megabytes.
  bool worth_keeping() const {
    std::size_t bytes = 0;
    for (const json* member : members) {
      if (!member) continue;
      if (member->is_string()) bytes += member->get_ref<const std::string&>().size();
    }
    if (const json* values = members[3]; values && values->is_object()) {
      for (const auto& [placeholder, value] : values->get_ref<const json::object_t&>()) {
        if (!value.is_object() || value.size() != 1) return false;
        const json& scalar = value.begin().value();
        if (scalar.is_string())
          bytes += placeholder.size() + scalar.get_ref<const std::string&>().size();
        else if (!scalar.is_boolean())
          return false;
      }
    }
    return bytes <= kMaxKeptBytes;
  }

  static constexpr std::size_t kMaxKeptBytes = 2048;

  std::size_t hash() const {
    std::size_t seed = with_update ? 1 : 0;
    for (const json* member : members)
      seed = seed * 1'000'003 ^ (member ? std::hash<json>{}(*member) : 0x9e3779b9);
    return seed;
  }
};

class ParsedExpressionCache {
 public:
  std::optional<WriteExpressions> find(const ExpressionRequest& request, std::size_t hash) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(hash);
    if (it == entries_.end() || !it->second.same_request(request)) return std::nullopt;
    return it->second.parsed;
  }

  void add(const ExpressionRequest& request, std::size_t hash, const WriteExpressions& parsed) {
    Entry entry{request.with_update, {}, parsed};
    for (std::size_t i = 0; i < request.members.size(); ++i)
      if (request.members[i]) entry.members[i] = *request.members[i];
    std::lock_guard lock(mutex_);
    // Requests whose values change every time would grow it without bound: start again.
    if (entries_.size() >= kCapacity) entries_.clear();
    entries_.insert_or_assign(hash, std::move(entry));
  }

 private:
  static constexpr std::size_t kCapacity = 256;

  struct Entry {
    bool with_update = false;
    std::array<std::optional<json>, kExpressionMembers.size()> members;
    WriteExpressions parsed;

    bool same_request(const ExpressionRequest& request) const {
      if (with_update != request.with_update) return false;
      for (std::size_t i = 0; i < members.size(); ++i) {
        const json* given = request.members[i];
        if (members[i].has_value() != (given != nullptr)) return false;
        if (given && *members[i] != *given) return false;
      }
      return true;
    }
  };

  std::mutex mutex_;
  std::unordered_map<std::size_t, Entry> entries_;
};

ParsedExpressionCache& parsed_expressions() {
  static ParsedExpressionCache cache;
  return cache;
}

WriteExpressions parse_write_expressions(const json& input, bool with_update) {
  if (with_update)
    check_expression_parameters(input, {"UpdateExpression", "ConditionExpression"},
                                {"AttributeUpdates", "Expected"});
  else
    check_expression_parameters(input, {"ConditionExpression"}, {"Expected"});
  ExpressionAttributes attributes(input);
  WriteExpressions out;
  if (with_update) {
    if (member_present(input, "UpdateExpression")) {
      const json& text = input["UpdateExpression"];
      out.update = std::make_shared<const Update>(
          Update::parse(text.is_string() ? text.get_ref<const std::string&>() : "", attributes));
    } else if (member_present(input, "AttributeUpdates")) {
      out.update =
          std::make_shared<const Update>(Update::from_attribute_updates(input["AttributeUpdates"]));
    }
  }
  if (std::optional<Condition> condition = read_condition(input, attributes))
    out.condition = std::make_shared<const Condition>(std::move(*condition));
  attributes.check_all_used();
  return out;
}

}  // namespace

WriteExpressions read_write_expressions(const json& input, bool with_update) {
  // The legacy members are parsed every time: only the expression form is looked up.
  bool legacy = member_present(input, "Expected") ||
                (with_update && member_present(input, "AttributeUpdates"));
  if (legacy) return parse_write_expressions(input, with_update);
  ExpressionRequest request(input, with_update);
  // No expression and no legacy member: nothing to parse or check.
  if (std::all_of(request.members.begin(), request.members.end(),
                  [](const json* member) { return member == nullptr; }))
    return {};
  if (!request.worth_keeping()) return parse_write_expressions(input, with_update);
  std::size_t hash = request.hash();
  auto& cache = parsed_expressions();
  if (auto parsed = cache.find(request, hash)) return std::move(*parsed);
  WriteExpressions parsed = parse_write_expressions(input, with_update);
  cache.add(request, hash, parsed);
  return parsed;
}

}  // namespace eddy::services::dynamodb
