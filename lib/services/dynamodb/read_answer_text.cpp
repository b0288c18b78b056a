#include "services/dynamodb/read_answer_text.hpp"

#include "protocol/preserialized_json.hpp"

namespace eddy::services::dynamodb {
namespace {

// Appends `,"name":` (no comma for the first member) as dump() writes object members.
void append_member_name(std::string& out, const char* name) {
  if (out.size() > 1) out += ',';
  out += '"';
  out += name;
  out += "\":";
}

}  // namespace

json get_item_answer_text(const std::optional<std::string>& item_text, const json* capacity) {
  std::string out = "{";
  out.reserve(32 + (item_text ? item_text->size() : 0));
  // dump() orders members by name: ConsumedCapacity, then Item.
  if (capacity) {
    append_member_name(out, "ConsumedCapacity");
    out += capacity->dump();
  }
  if (item_text) {
    append_member_name(out, "Item");
    out += *item_text;
  }
  out += '}';
  return protocol::preserialized_json(std::move(out));
}

json page_answer_text(const PageAnswerParts& parts) {
  std::string out = "{";
  out.reserve(96 + (parts.joined_items ? parts.joined_items->size() : 0) +
              parts.last_evaluated_key.size());
  // dump()'s member order: ConsumedCapacity, Count, Items, LastEvaluatedKey, ScannedCount.
  if (parts.capacity) {
    append_member_name(out, "ConsumedCapacity");
    out += parts.capacity->dump();
  }
  append_member_name(out, "Count");
  out += std::to_string(parts.count);
  if (parts.joined_items) {
    append_member_name(out, "Items");
    out += '[';
    out += *parts.joined_items;
    out += ']';
  }
  if (!parts.last_evaluated_key.empty()) {
    append_member_name(out, "LastEvaluatedKey");
    out += parts.last_evaluated_key;
  }
  append_member_name(out, "ScannedCount");
  out += std::to_string(parts.scanned);
  out += '}';
  return protocol::preserialized_json(std::move(out));
}

json batch_get_answer_text(const std::map<std::string, std::string>& responses,
                           const json& unprocessed_keys, const json* capacities) {
  std::size_t items_size = 0;
  for (const auto& [name, items] : responses) items_size += name.size() + items.size() + 8;
  std::string out = "{";
  out.reserve(64 + items_size);
  // dump()'s member order: ConsumedCapacity, Responses, UnprocessedKeys.
  if (capacities) {
    append_member_name(out, "ConsumedCapacity");
    out += capacities->dump();
  }
  append_member_name(out, "Responses");
  out += '{';
  bool first = true;
  for (const auto& [name, items] : responses) {
    if (!first) out += ',';
    first = false;
    protocol::append_json_string(out, name);
    out += ":[";
    out += items;
    out += ']';
  }
  out += '}';
  append_member_name(out, "UnprocessedKeys");
  out += unprocessed_keys.dump();
  out += '}';
  return protocol::preserialized_json(std::move(out));
}

}  // namespace eddy::services::dynamodb
