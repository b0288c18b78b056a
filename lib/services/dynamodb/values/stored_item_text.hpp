#pragma once
// The text ddb_items and ddb_index_items hold for an item: json::dump()'s compact form, byte for
// byte. A normalised item has only objects (keys in order), arrays, strings and booleans, so a
// writer and a reader made for that shape do the work several times faster than the general
// serialiser and parser, which every write and every item a Query returns would pay for. Anything
// else they meet (numbers, text not in that form) goes to the general ones, so any JSON still
// round-trips.
#include <string>
#include <string_view>

#include "eddy/json.hpp"

namespace eddy::services::dynamodb {

// The same text as item.dump().
std::string stored_item_text(const json& item);
json parse_stored_item(std::string_view text);

}  // namespace eddy::services::dynamodb
