#pragma once
// GetItem's and Query/Scan's answers written as JSON text around the items' stored text
// (values/stored_item_text: exactly dump()'s bytes), so an item read as it is stored is never
// parsed into a json value and serialised again. The text is what dump() would write for the same
// answer, key order included; it travels as protocol::preserialized_json.
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "eddy/json.hpp"

namespace eddy::services::dynamodb {

// {"ConsumedCapacity":...,"Item":...}: either member left out when absent.
json get_item_answer_text(const std::optional<std::string>& item_text, const json* capacity);

struct PageAnswerParts {
  std::int64_t count = 0;
  std::int64_t scanned = 0;
  // The items' texts joined by commas; null: no Items member (Select COUNT).
  const std::string* joined_items = nullptr;
  std::string_view last_evaluated_key = {};  // its JSON text; empty when there is none
  const json* capacity = nullptr;
};
json page_answer_text(const PageAnswerParts& parts);

// BatchGetItem's answer: `responses` maps each table's name to its items' texts joined by commas.
json batch_get_answer_text(const std::map<std::string, std::string>& responses,
                           const json& unprocessed_keys, const json* capacities);

}  // namespace eddy::services::dynamodb
