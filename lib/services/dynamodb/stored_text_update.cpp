#include "services/dynamodb/stored_text_update.hpp"

#include <algorithm>

#include "services/dynamodb/values/attribute_value.hpp"
#include "services/dynamodb/values/stored_item_text.hpp"
#include "services/dynamodb/values/stored_member_cursor.hpp"

namespace eddy::services::dynamodb {

std::optional<StoredTextUpdate> StoredTextUpdate::plan(const Update* update,
                                                       const Condition* condition) {
  StoredTextUpdate out;
  if (condition) {
    out.presence_ = condition->presence_check();
    if (!out.presence_) return std::nullopt;
  }
  if (update) {
    auto sets = update->top_level_sets();
    if (!sets) return std::nullopt;
    for (auto& [name, value] : *sets) {
      // The stored walk reads names without escapes: a name dump() would escape goes the json way.
      std::string quoted = json(name).dump();
      if (quoted.size() != name.size() + 2) return std::nullopt;
      out.sets_.push_back({name, quoted + ':' + stored_item_text(value),
                           static_cast<std::int64_t>(name.size() + attribute_value_size(value))});
    }
  }
  std::sort(out.sets_.begin(), out.sets_.end(),
            [](const Set& a, const Set& b) { return a.name < b.name; });
  return out;
}

std::optional<StoredTextUpdate::Result> StoredTextUpdate::apply(std::string_view text,
                                                                std::int64_t size) const {
  StoredMemberCursor cursor(text);
  if (!cursor.open()) return std::nullopt;
  Result result;
  result.text.reserve(text.size() + 64);
  result.text += '{';
  result.size = size;
  bool present = false;
  auto next_set = sets_.begin();
  auto append = [&](std::string_view member) {
    if (result.text.size() > 1) result.text += ',';
    result.text += member;
  };
  std::string_view name, value, previous_name;
  bool first = true;
  while (!cursor.at_end()) {
    if (!cursor.next(name, value)) return std::nullopt;
    // Members in name order, each once, are what the splice keeps in order.
    if (!first && name <= previous_name) return std::nullopt;
    first = false;
    previous_name = name;
    if (presence_ && name == presence_->name) present = true;
    for (; next_set != sets_.end() && next_set->name < name; ++next_set) {
      append(next_set->member_text);
      result.size += next_set->size;
    }
    if (next_set != sets_.end() && next_set->name == name) {
      // Replaced: the old value's size goes with it.
      result.size -=
          static_cast<std::int64_t>(name.size() + attribute_value_size(parse_stored_item(value)));
      append(next_set->member_text);
      result.size += next_set->size;
      ++next_set;
      continue;
    }
    // The member as it stands: from its opening quote to the end of its value.
    append(std::string_view(name.data() - 1, value.data() + value.size() - (name.data() - 1)));
  }
  for (; next_set != sets_.end(); ++next_set) {
    append(next_set->member_text);
    result.size += next_set->size;
  }
  result.text += '}';
  result.condition_holds = !presence_ || present == presence_->exists;
  if (!result.condition_holds) {
    result.text.clear();
    result.size = 0;
  }
  return result;
}

}  // namespace eddy::services::dynamodb
