#pragma once
// Evaluates a condition tree against an item as DynamoDB does: a missing attribute or operands of
// different types make a comparison false (and <> true), size() has no value for numbers,
// booleans and nulls.
#include "eddy/json.hpp"
#include "services/dynamodb/expressions/expression_ast.hpp"

namespace eddy::services::dynamodb {

bool evaluate_condition(const ConditionNode& node, const json& item);

// The value of a condition operand in `item` (path, value or size()); nullopt when it has none.
std::optional<json> condition_operand_value(const Operand& operand, const json& item);

}  // namespace eddy::services::dynamodb
