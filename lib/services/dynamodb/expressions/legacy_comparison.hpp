#pragma once
// One entry of the legacy condition maps (Expected, QueryFilter, ScanFilter, KeyConditions):
// an attribute, a ComparisonOperator and its AttributeValueList, checked as AWS checks them.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "eddy/json.hpp"
#include "services/dynamodb/expressions/expression_ast.hpp"

namespace eddy::services::dynamodb {

struct LegacyComparison {
  std::string attribute;
  std::string op;            // EQ, NE, LE, LT, GE, GT, NOT_NULL, NULL, CONTAINS, NOT_CONTAINS,
                             // BEGINS_WITH, IN, BETWEEN
  std::vector<json> values;  // normalised
};

// {"ComparisonOperator": ..., "AttributeValueList": [...]} of QueryFilter, ScanFilter and
// KeyConditions.
LegacyComparison read_legacy_comparison(const std::string& attribute, const json& condition);

// An Expected entry: the comparison form above (which may also give a single Value), or the
// older {"Value": v} (equality) / {"Exists": false} form.
LegacyComparison read_expected_entry(const std::string& attribute, const json& entry);

// The condition tree the comparison means.
std::unique_ptr<ConditionNode> legacy_comparison_node(const LegacyComparison& comparison);

}  // namespace eddy::services::dynamodb
