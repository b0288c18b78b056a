#pragma once
// Parses condition-grammar text (ConditionExpression, FilterExpression, KeyConditionExpression)
// into its tree, throwing AWS's "Invalid <parameter>: ..." ValidationException for any problem.
#include <memory>
#include <string_view>
#include <vector>

#include "services/dynamodb/expressions/expression_ast.hpp"
#include "services/dynamodb/expressions/expression_attributes.hpp"

namespace eddy::services::dynamodb {

struct ParsedCondition {
  std::unique_ptr<ConditionNode> root;
  std::vector<DocumentPath> paths;  // every path the condition names
};

ParsedCondition parse_condition_tree(std::string_view text, ExpressionAttributes& attributes,
                                     std::string_view parameter);

}  // namespace eddy::services::dynamodb
