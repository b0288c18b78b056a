#include "services/dynamodb/item_key_text.hpp"

#include <optional>

#include "services/dynamodb/item_pages.hpp"
#include "services/dynamodb/values/stored_item_text.hpp"
#include "services/dynamodb/values/stored_member_cursor.hpp"

namespace eddy::services::dynamodb {
namespace {

bool is_key_name(const Table& table, const SecondaryIndex* index, std::string_view name) {
  auto is = [&](const KeySchemaNames& keys) {
    return name == keys.hash || (keys.range && name == *keys.range);
  };
  return is(table.keys) || (index && is(index->keys));
}

std::optional<std::string> key_text_from_members(const Table& table, const SecondaryIndex* index,
                                                 std::string_view item_text) {
  StoredMemberCursor cursor(item_text);
  if (!cursor.open()) return std::nullopt;
  std::string out = "{";
  std::string_view name, value;
  while (!cursor.at_end()) {
    if (!cursor.next(name, value)) return std::nullopt;
    if (!is_key_name(table, index, name)) continue;
    // Members come in name order, as dump() writes a key's members too.
    if (out.size() > 1) out += ',';
    out += '"';
    out += name;
    out += "\":";
    out += value;
  }
  out += '}';
  return out;
}

}  // namespace

std::string last_evaluated_key_text(const Table& table, const SecondaryIndex* index,
                                    std::string_view item_text) {
  if (auto text = key_text_from_members(table, index, item_text)) return std::move(*text);
  return last_key_of(table, index, parse_stored_item(item_text)).dump();
}

}  // namespace eddy::services::dynamodb
