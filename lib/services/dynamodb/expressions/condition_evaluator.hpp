#pragma once
// Evaluates a condition tree against an item as DynamoDB does: a missing attribute or operands of
// different types make a comparison false (and <> true), size() has no value for numbers,
// booleans and nulls.
#include <optional>

#include "eddy/json.hpp"
#include "services/dynamodb/expressions/expression_ast.hpp"

namespace eddy::services::dynamodb {

bool evaluate_condition(const ConditionNode& node, const json& item);

// The value of a condition operand in `item` (path, value or size()): a pointer into the item or
// the expression where it can be, so filtering large items copies nothing.
class OperandValue {
 public:
  OperandValue() = default;
  explicit OperandValue(const json* borrowed) : borrowed_(borrowed) {}
  explicit OperandValue(json computed) : computed_(std::move(computed)) {}

  // nullptr when the operand has no value (a missing attribute, size() of a number).
  const json* get() const { return computed_ ? &*computed_ : borrowed_; }

 private:
  const json* borrowed_ = nullptr;
  std::optional<json> computed_;
};

OperandValue condition_operand_value(const Operand& operand, const json& item);

}  // namespace eddy::services::dynamodb
