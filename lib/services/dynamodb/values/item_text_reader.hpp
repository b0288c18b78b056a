#pragma once
// An item (or a Key: any map of attribute name -> AttributeValue) read straight from a request's
// JSON text, for the operations that read their request as text (Call::json_text): no json value
// is built. It reads only the common form and only what is valid and already normal: every
// value of one known type, numbers in Decimal::to_string()'s form, strings without escapes,
// canonical base64, sets without duplicates, nesting well inside the limit, no repeated names,
// the item within 400 KB. For anything else it answers nothing, and the caller reads the request
// as json, whose path gives the answer or the error. What it does answer is exactly what that
// path makes of the same text: the stored text, the size and the values.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_cursor.hpp"

namespace eddy::services::dynamodb {

// One attribute of an item read from text.
struct AttributeText {
  std::string_view name;
  std::string_view type;   // "S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS"
  std::string_view value;  // S, N and B: the member's text (as stored); empty for other types
};

struct ItemText {
  // stored_item_text(normalize_item(item)): the text ddb_items holds for it.
  std::string stored_text;
  std::size_t size = 0;  // item_size(item)
  // Its attributes, in name order (the stored order); views into the request text.
  std::vector<AttributeText> attributes;

  const AttributeText* find(std::string_view name) const;
};

// Reads the map at the cursor and leaves the cursor just past its '}'. Nothing when the text is
// not of the form above. `with_stored_text`: whether to write stored_text (a Key read only for its
// values needs none).
std::optional<ItemText> read_item_text(JsonCursor& cursor, bool with_stored_text);

}  // namespace eddy::services::dynamodb
