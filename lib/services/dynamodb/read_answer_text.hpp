#pragma once
// GetItem's and Query/Scan's answers written as JSON text around the items' stored text
// (values/stored_item_text: exactly dump()'s bytes), so an item read as it is stored is never
// parsed into a json value and serialised again. The text is what dump() would write for the same
// answer, key order included; it travels as protocol::preserialized_json.
#include <optional>
#include <string>
#include <vector>

#include "eddy/json.hpp"

namespace eddy::services::dynamodb {

// {"ConsumedCapacity":...,"Item":...}: either member left out when absent.
json get_item_answer_text(const std::optional<std::string>& item_text, const json* capacity);

struct PageAnswerParts {
  std::int64_t count = 0;
  std::int64_t scanned = 0;
  const std::vector<std::string>* item_texts = nullptr;  // null: no Items member (Select COUNT)
  const json* last_evaluated_key = nullptr;
  const json* capacity = nullptr;
};
json page_answer_text(const PageAnswerParts& parts);

}  // namespace eddy::services::dynamodb
