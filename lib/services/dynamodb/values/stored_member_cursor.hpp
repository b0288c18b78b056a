#pragma once
// Walks the top-level members of an item's stored text (stored_item_text.hpp: dump()'s compact
// form), giving each member's name and value text as they stand, so a caller can cut or splice
// members without parsing the item.
#include <cstddef>
#include <string_view>

#include "core/json_cursor.hpp"

namespace eddy::services::dynamodb {

// Anything it does not expect (a name with an escape, text not an object) ends the walk as
// failed, and the caller parses instead.
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

}  // namespace eddy::services::dynamodb
