#pragma once
// Steps the services' own form readers share (ServiceDescription::form_operations: SQS
// SendMessage, SNS Publish). Each reader gives exactly what it would read from the json value
// query_fields_to_json makes of a form, and gives up on any form it does not fully understand.
#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/query_input.hpp"

namespace eddy::protocol {

// A field of an indexed list after the list's prefix ("3.Value.DataType" of
// "MessageAttribute.3.Value.DataType"): the index and the member's name.
struct ListField {
  std::string_view index;
  std::string_view member;
};
// Nothing unless the index is written the one plain way (is_plain_list_index).
inline std::optional<ListField> split_list_field(std::string_view rest) {
  auto dot = rest.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  ListField out{rest.substr(0, dot), rest.substr(dot + 1)};
  if (!is_plain_list_index(out.index)) return std::nullopt;
  return out;
}

// The entry of `entries` (each with an `index` member) for `index`, added when this is the first
// of its fields: fields of one entry may come in any order.
template <class Entry>
Entry& list_entry(std::vector<Entry>& entries, std::string_view index) {
  auto entry = std::find_if(entries.begin(), entries.end(),
                            [&](const Entry& e) { return e.index == index; });
  if (entry != entries.end()) return *entry;
  Entry& added = entries.emplace_back();
  added.index = index;
  return added;
}

// Sets `out` from `value` the first time; false for a member given twice, which the reader gives
// up on (the json path keeps the last one).
inline bool take_first(std::optional<std::string>& out, const std::string& value) {
  if (out) return false;
  out = value;
  return true;
}

}  // namespace eddy::protocol
