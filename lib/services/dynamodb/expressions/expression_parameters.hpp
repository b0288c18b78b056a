#pragma once
// A request may use expressions (ConditionExpression ...) or the legacy members (Expected ...),
// never both, and gives ExpressionAttributeNames/Values only with expressions. Each operation
// names its two lists in AWS's order, which AWS's messages repeat, for example for Query:
// {"ProjectionExpression", "FilterExpression", "KeyConditionExpression"} and
// {"AttributesToGet", "QueryFilter", "ConditionalOperator", "KeyConditions"}.
#include <string_view>
#include <vector>

#include "eddy/json.hpp"

namespace eddy::services::dynamodb {

// Throws ValidationException as AWS does: "Can not use both expression and non-expression
// parameters in the same request: Non-expression parameters: {Expected} Expression parameters:
// {ConditionExpression}", "ExpressionAttributeNames can only be specified when using
// expressions", "ExpressionAttributeValues can only be specified when using expressions:
// ConditionExpression is null".
void check_expression_parameters(const json& request,
                                 const std::vector<std::string_view>& expression_members,
                                 const std::vector<std::string_view>& legacy_members);

}  // namespace eddy::services::dynamodb
