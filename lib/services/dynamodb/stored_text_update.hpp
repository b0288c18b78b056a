#pragma once
// UpdateItem's common shapes worked on the stored item's text: whole top-level attributes set
// (SET db = :d), set when absent (SET created = if_not_exists(created, :t)) or counted
// (SET hits = if_not_exists(hits, :zero) + :one, ADD hits :one), under no condition or one that
// only asks whether an attribute is there (attribute_exists(pk)). The json way parses the stored
// item, applies the update to it, writes it out again and measures it: a third of such an
// update's instructions. Here the new values' text and sizes are worked out once per request text
// (kept with the request's options) where they can be, and the update splices them between the
// stored members, which stay as they stand.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/dynamodb/expressions/condition.hpp"
#include "services/dynamodb/expressions/update.hpp"
#include "services/dynamodb/values/decimal.hpp"

namespace eddy::services::dynamodb {

class StoredTextUpdate {
 public:
  // The plan for an update (null: none) under a condition (null: none), when both are of the
  // shapes above; nothing otherwise (or when a name would need escaping in the stored text).
  static std::optional<StoredTextUpdate> plan(const Update* update, const Condition* condition);

  // The updated item, from the stored one.
  struct Result {
    bool condition_holds = false;
    std::string text;       // the stored text of the updated item (empty when the condition fails)
    std::int64_t size = 0;  // its item_size
  };
  // Nothing when `text` is not in the stored form the walk reads, or the update meets what only
  // the json way answers (a sum with a value that is not a number, a number out of range): the
  // json way then answers. `size` is the stored item's item_size.
  std::optional<Result> apply(std::string_view text, std::int64_t size) const;

 private:
  // A member's new text, "name":value, and its size (the name's bytes and the value's).
  struct Member {
    std::string text;
    std::int64_t size = 0;
  };
  // The N added by a counting write, as an integer too when it is a small one.
  struct Addend {
    Decimal number;
    std::optional<std::int64_t> small;
  };
  struct Write {
    Update::TopLevelWrite::Kind kind;
    std::string name;
    std::string prefix;  // "name":
    // The member when the item has none (set: always); nothing when only the json way can say
    // (SET a = a + :n, whose absent operand is an error, or a sum out of range).
    std::optional<Member> when_absent;
    Addend addend;  // add
  };

  // A counting write's member when the item's value text is `stored`; nothing when the json way
  // must answer (not a number, a sum out of range).
  static std::optional<Member> added(const Write& write, std::string_view stored);

  std::vector<Write> writes_;  // in name order, as the stored members
  std::optional<Condition::PresenceCheck> presence_;
};

}  // namespace eddy::services::dynamodb
