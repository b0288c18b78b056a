// Condition::from_legacy: Expected, QueryFilter and ScanFilter compile to the same tree as a
// ConditionExpression, joined by ConditionalOperator.
#include <fmt/format.h>

#include "services/dynamodb/expressions/condition.hpp"
#include "services/dynamodb/expressions/expression_error.hpp"
#include "services/dynamodb/expressions/legacy_comparison.hpp"

namespace eddy::services::dynamodb {

Condition Condition::from_legacy(const json& conditions, std::string_view conditional_operator,
                                 std::string_view parameter) {
  const bool join_with_or = conditional_operator == "OR";
  if (!conditional_operator.empty() && !join_with_or && conditional_operator != "AND") {
    throw validation_error(fmt::format(
        "1 validation error detected: Value '{}' at 'conditionalOperator' failed to satisfy "
        "constraint: Member must satisfy enum value set: [AND, OR]",
        conditional_operator));
  }
  std::unique_ptr<ConditionNode> root;
  std::vector<DocumentPath> paths;
  for (const auto& [attribute, entry] : conditions.items()) {
    paths.push_back({attribute});
    const auto comparison = parameter == "Expected" ? read_expected_entry(attribute, entry)
                                                    : read_legacy_comparison(attribute, entry);
    auto node = legacy_comparison_node(comparison);
    if (!root) {
      root = std::move(node);
      continue;
    }
    auto joined = std::make_unique<ConditionNode>();
    joined->kind = join_with_or ? ConditionKind::or_op : ConditionKind::and_op;
    joined->children.push_back(std::move(root));
    joined->children.push_back(std::move(node));
    root = std::move(joined);
  }
  if (!root) {
    root = std::make_unique<ConditionNode>();
    root->kind = ConditionKind::always;
  }
  return Condition(std::move(root), std::move(paths));
}

}  // namespace eddy::services::dynamodb
