#pragma once
// A boolean expression over an item: ConditionExpression, FilterExpression (and the legacy
// Expected / QueryFilter / ScanFilter maps, which compile to the same tree). Parsed once per
// request, evaluated against each item.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "eddy/json.hpp"
#include "services/dynamodb/expressions/document_path.hpp"
#include "services/dynamodb/expressions/expression_attributes.hpp"

namespace eddy::services::dynamodb {

struct ConditionNode;

class Condition {
 public:
  // `parameter` names the request member in messages: "Invalid ConditionExpression: Syntax
  // error; token: ...", "Invalid FilterExpression: ...". Throws ValidationException as AWS does
  // for syntax errors, reserved words used as names, undefined placeholders, wrong function
  // arity or operand types, and functions not allowed in this expression.
  static Condition parse(std::string_view text, ExpressionAttributes& attributes,
                         std::string_view parameter);

  // Legacy Expected with ConditionalOperator (AND when absent); QueryFilter / ScanFilter use the
  // same form. `parameter` as above ("Expected", "QueryFilter", "ScanFilter").
  static Condition from_legacy(const json& conditions, std::string_view conditional_operator,
                               std::string_view parameter);

  // `item` is the current item, an empty object when there is none.
  bool matches(const json& item) const;

  // Every document path the condition reads, so a caller can refuse key attributes in a Query's
  // filter ("Filter Expression can only contain non-primary key attributes").
  const std::vector<DocumentPath>& paths() const { return paths_; }

  // A condition that only asks whether a top-level attribute is there: attribute_exists(name)
  // (`exists`) or attribute_not_exists(name), alone.
  struct PresenceCheck {
    std::string name;
    bool exists = true;
  };
  std::optional<PresenceCheck> presence_check() const;

  Condition(Condition&&) noexcept;
  Condition& operator=(Condition&&) noexcept;
  ~Condition();

 private:
  Condition(std::unique_ptr<ConditionNode> root, std::vector<DocumentPath> paths);
  std::unique_ptr<ConditionNode> root_;
  std::vector<DocumentPath> paths_;
};

}  // namespace eddy::services::dynamodb
