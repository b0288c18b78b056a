#pragma once
// PutItem's, GetItem's and UpdateItem's requests read from their JSON text (Call::json_text)
// without a json value of the whole request: the table's name, the item or key (read by
// values/item_text_reader), and any other members as the text of one object, which the readers
// every path shares (expressions, ReturnValues, capacity) read as json when
// request_options_cache.hpp has not kept what they made of it. Only the common form is read; for
// anything else (a member the operation does not list, a repeated member, an escape, a value not
// already valid and normal) it answers nothing, and the operation reads the request as json.
#include <initializer_list>
#include <optional>
#include <string_view>

#include "eddy/json.hpp"
#include "services/dynamodb/values/item_text_reader.hpp"

namespace eddy::services::dynamodb {

struct ItemRequestText {
  json table_name;  // a string
  ItemText item;    // the Item, or the Key
  // The other members present, as the text of one object with them in the request's order
  // (empty when there are none). Each value is the request's text, not yet checked as JSON.
  std::string others_text;
};

struct ItemRequestShape {
  std::string_view item_member;  // "Item" or "Key"
  // Whether the item's stored text is wanted: PutItem stores it, UpdateItem may need its Key as
  // json (the item an update of no item starts from); GetItem's Key needs only its values.
  bool with_stored_text;
  // The other members the operation reads.
  std::initializer_list<std::string_view> other_members;
};

std::optional<ItemRequestText> read_item_request_text(std::string_view body,
                                                      const ItemRequestShape& shape);

// The other members as json (an empty object when there are none), as parse_json_input reads
// them. Their text is malformed only when the request's `body` is: then that body's error.
json other_members_json(const ItemRequestText& request, std::string_view body);

// PutItem's, GetItem's and UpdateItem's: every member of each one's input.
extern const ItemRequestShape kPutItemTextShape;
extern const ItemRequestShape kGetItemTextShape;
extern const ItemRequestShape kUpdateItemTextShape;

}  // namespace eddy::services::dynamodb
