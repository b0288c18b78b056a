#pragma once
// UpdateExpression (SET with + and -, if_not_exists and list_append; REMOVE, including list
// elements; ADD; DELETE) or the legacy AttributeUpdates map: a transformation of one item.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "eddy/json.hpp"
#include "services/dynamodb/expressions/document_path.hpp"
#include "services/dynamodb/expressions/expression_attributes.hpp"

namespace eddy::services::dynamodb {

struct UpdateAction;

class Update {
 public:
  // Throws ValidationException as AWS does: syntax, a clause given twice, overlapping or
  // conflicting paths ("Invalid UpdateExpression: Two document paths overlap with each other..."),
  // functions in the wrong place, undefined placeholders.
  static Update parse(std::string_view text, ExpressionAttributes& attributes);
  static Update from_attribute_updates(const json& attribute_updates);

  // The item after the update; `item` is the current item, an empty object when there is none
  // (the key attributes are already in it). Throws ValidationException for what only the data
  // shows: "An operand in the update expression has an incorrect data type", a path into a
  // missing or wrongly typed parent ("The document path provided in the update expression is
  // invalid for update"), ADD to a number that overflows, a set left empty (the attribute is
  // removed, as AWS does).
  json apply(json item) const;

  // Every path the update writes or removes, so the caller can refuse updates of key attributes
  // ("Cannot update attribute id. This attribute is part of the key").
  const std::vector<DocumentPath>& paths() const { return paths_; }

  // One action of the shapes applied to an item's stored text (stored_text_update.hpp), on a
  // whole top-level attribute: SET a = :v (`set`); SET a = if_not_exists(a, :v) (`set_if_absent`);
  // a number added: SET a = a + :n, a - :n, :n + a, if_not_exists(a, :z) + :n (or - :n,
  // :n + if_not_exists(a, :z)), ADD a :n (`add`).
  struct TopLevelWrite {
    enum class Kind { set, set_if_absent, add };
    Kind kind = Kind::set;
    std::string name;
    json value;  // set, set_if_absent: the value; add: the N added (negated for a subtraction)
    // add: the N the attribute counts as when the item has none (if_not_exists's, zero for ADD);
    // nothing for SET a = a + :n, which then fails.
    std::optional<json> when_absent;
  };
  // The update's actions when each is of those shapes; nothing for any other update.
  std::optional<std::vector<TopLevelWrite>> top_level_writes() const;

  Update(Update&&) noexcept;
  Update& operator=(Update&&) noexcept;
  ~Update();

 private:
  Update() = default;
  std::vector<std::unique_ptr<UpdateAction>> actions_;
  std::vector<DocumentPath> paths_;
};

}  // namespace eddy::services::dynamodb
