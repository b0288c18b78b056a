#pragma once
// A LastEvaluatedKey cut from the last item's stored text (values/stored_item_text: dump()'s
// compact form, members in name order) instead of parsing the whole item: each key attribute's
// value text is copied as it stands, so the result is byte for byte the dump() of the key.
#include <string>
#include <string_view>

#include "services/dynamodb/table.hpp"

namespace eddy::services::dynamodb {

// The dump() of the table's key attributes (and, for an index, the index's) found in the item.
std::string last_evaluated_key_text(const Table& table, const SecondaryIndex* index,
                                    std::string_view item_text);

}  // namespace eddy::services::dynamodb
