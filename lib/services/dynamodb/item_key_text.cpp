#include "services/dynamodb/item_key_text.hpp"

#include <optional>

#include "core/json_cursor.hpp"
#include "services/dynamodb/item_pages.hpp"
#include "services/dynamodb/values/stored_item_text.hpp"

namespace eddy::services::dynamodb {
namespace {

// Walks the top-level members of compact JSON object text. Anything it does not expect (a name
// with an escape, text not an object) ends the walk as failed, and the caller parses instead.
class StoredMemberCursor {
 public:
  explicit StoredMemberCursor(std::string_view text) : cursor_(text) {}

  bool open() { return cursor_.take('{'); }
  bool at_end() { return cursor_.peek() == '}'; }

  // The next member's name (without quotes) and value text; false when malformed.
  bool next(std::string_view& name, std::string_view& value) {
    if (!first_ && !cursor_.take(',')) return false;
    first_ = false;
    if (!cursor_.read_unescaped_string(name) || !cursor_.take(':')) return false;
    const char* start = cursor_.position();
    if (!cursor_.skip_value()) return false;
    value = std::string_view(start, static_cast<std::size_t>(cursor_.position() - start));
    return true;
  }

 private:
  JsonCursor cursor_;
  bool first_ = true;
};

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
