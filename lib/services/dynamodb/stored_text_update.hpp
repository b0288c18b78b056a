#pragma once
// UpdateItem's common shape worked on the stored item's text: SETs of whole top-level attributes
// to values (SET db = :d), under no condition or one that only asks whether an attribute is there
// (attribute_exists(pk)). The json way parses the stored item, applies the update to it, writes it
// out again and measures it: a sixth of such an update's instructions. Here the new values' text
// and sizes are worked out once per request text (kept with the request's options), and the
// update splices them between the stored members, which stay as they stand.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/dynamodb/expressions/condition.hpp"
#include "services/dynamodb/expressions/update.hpp"

namespace eddy::services::dynamodb {

class StoredTextUpdate {
 public:
  // The plan for an update (null: none) under a condition (null: none), when both are of the
  // shape above; nothing otherwise (or when a name would need escaping in the stored text).
  static std::optional<StoredTextUpdate> plan(const Update* update, const Condition* condition);

  // The updated item, from the stored one.
  struct Result {
    bool condition_holds = false;
    std::string text;       // the stored text of the updated item (empty when the condition fails)
    std::int64_t size = 0;  // its item_size
  };
  // Nothing when `text` is not in the stored form the walk reads: the json way then answers.
  // `size` is the stored item's item_size.
  std::optional<Result> apply(std::string_view text, std::int64_t size) const;

 private:
  struct Set {
    std::string name;
    std::string member_text;  // "name":value, as dump() writes it
    std::int64_t size = 0;    // the name's bytes and the value's size
  };
  std::vector<Set> sets_;  // in name order, as the stored members
  std::optional<Condition::PresenceCheck> presence_;
};

}  // namespace eddy::services::dynamodb
