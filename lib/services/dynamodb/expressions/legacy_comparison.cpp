#include "services/dynamodb/expressions/legacy_comparison.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "services/dynamodb/expressions/expression_error.hpp"
#include "services/dynamodb/values/attribute_value.hpp"

namespace eddy::services::dynamodb {

namespace {

struct LegacyOperatorRule {
  std::string_view name;
  std::size_t min_values;
  std::size_t max_values;
  std::vector<std::string_view> types;  // the value types it accepts; empty: no values
};

const std::vector<LegacyOperatorRule>& legacy_operator_rules() {
  static const std::vector<LegacyOperatorRule> rules{
      {"EQ", 1, 1, {"S", "N", "B", "SS", "NS", "BS"}},
      {"NE", 1, 1, {"S", "N", "B", "SS", "NS", "BS"}},
      {"LE", 1, 1, {"S", "N", "B"}},
      {"LT", 1, 1, {"S", "N", "B"}},
      {"GE", 1, 1, {"S", "N", "B"}},
      {"GT", 1, 1, {"S", "N", "B"}},
      {"NOT_NULL", 0, 0, {}},
      {"NULL", 0, 0, {}},
      {"CONTAINS", 1, 1, {"S", "N", "B"}},
      {"NOT_CONTAINS", 1, 1, {"S", "N", "B"}},
      {"BEGINS_WITH", 1, 1, {"S", "B"}},
      {"IN", 1, SIZE_MAX, {"S", "N", "B"}},
      {"BETWEEN", 2, 2, {"S", "N", "B"}},
  };
  return rules;
}

AwsError invalid_legacy_parameter(std::string_view detail) {
  return validation_error(fmt::format("One or more parameter values were invalid: {}", detail));
}

const LegacyOperatorRule& legacy_rule_for(const std::string& op) {
  const auto& rules = legacy_operator_rules();
  const auto found = std::find_if(rules.begin(), rules.end(),
                                  [&](const LegacyOperatorRule& r) { return r.name == op; });
  if (found == rules.end()) {
    throw validation_error(fmt::format(
        "1 validation error detected: Value '{}' at 'comparisonOperator' failed to satisfy "
        "constraint: Member must satisfy enum value set: [IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, "
        "GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]",
        op));
  }
  return *found;
}

// Counts, types and bounds of the values, in the order AWS checks them.
void check_comparison_values(const LegacyComparison& comparison) {
  const auto& rule = legacy_rule_for(comparison.op);
  const auto& values = comparison.values;
  if (values.size() < rule.min_values || values.size() > rule.max_values) {
    throw invalid_legacy_parameter(
        fmt::format("Invalid number of argument(s) for the {} ComparisonOperator", comparison.op));
  }
  if (values.empty()) return;
  const auto first_type = attribute_type(values.front());
  for (const auto& value : values) {
    if (attribute_type(value) != first_type) {
      throw invalid_legacy_parameter(
          "AttributeValues inside AttributeValueList must be of same type");
    }
  }
  if (std::find(rule.types.begin(), rule.types.end(), first_type) == rule.types.end()) {
    throw invalid_legacy_parameter(
        fmt::format("ComparisonOperator {} is not valid for {} AttributeValue type", comparison.op,
                    first_type));
  }
  if (comparison.op == "BETWEEN") {
    const auto order = compare_attribute_values(values[0], values[1]);
    if (order && *order == std::strong_ordering::greater) {
      throw validation_error(
          "The BETWEEN condition was provided a range where the lower bound is greater than the "
          "upper bound");
    }
  }
}

std::vector<json> normalized_value_list(const json& list) {
  std::vector<json> values;
  if (!list.is_array()) return values;
  for (const auto& value : list) values.push_back(normalize_attribute_value(value));
  return values;
}

Operand legacy_path_operand(const std::string& attribute) {
  Operand operand;
  operand.kind = Operand::Kind::path;
  operand.path = {attribute};
  return operand;
}

Operand legacy_value_operand(const json& value) {
  Operand operand;
  operand.kind = Operand::Kind::value;
  operand.value = value;
  return operand;
}

std::unique_ptr<ConditionNode> legacy_function_node(std::string name,
                                                    const LegacyComparison& comparison) {
  auto node = std::make_unique<ConditionNode>();
  node->kind = ConditionKind::function;
  Operand call;
  call.kind = Operand::Kind::function;
  call.function = std::move(name);
  call.arguments.push_back(legacy_path_operand(comparison.attribute));
  if (!comparison.values.empty())
    call.arguments.push_back(legacy_value_operand(comparison.values[0]));
  node->operands.push_back(std::move(call));
  return node;
}

}  // namespace

LegacyComparison read_legacy_comparison(const std::string& attribute, const json& condition) {
  LegacyComparison comparison{attribute, condition.value("ComparisonOperator", ""), {}};
  if (const auto list = condition.find("AttributeValueList"); list != condition.end()) {
    comparison.values = normalized_value_list(*list);
  }
  check_comparison_values(comparison);
  return comparison;
}

LegacyComparison read_expected_entry(const std::string& attribute, const json& entry) {
  const bool has_list = entry.contains("AttributeValueList");
  const bool has_value = entry.contains("Value") && !entry.at("Value").is_null();
  const bool has_exists = entry.contains("Exists") && !entry.at("Exists").is_null();
  if (has_list && has_value) {
    throw invalid_legacy_parameter(
        "Value and AttributeValueList cannot be used together for Attribute: " + attribute);
  }
  if (entry.contains("ComparisonOperator")) {
    const auto op = entry.value("ComparisonOperator", "");
    if (has_exists) {
      throw invalid_legacy_parameter(
          "Exists and ComparisonOperator cannot be used together for Attribute: " + attribute);
    }
    if (op != "NULL" && op != "NOT_NULL" && !has_list && !has_value) {
      throw invalid_legacy_parameter(fmt::format(
          "Value or AttributeValueList must be used with ComparisonOperator: {} for Attribute: {}",
          op, attribute));
    }
    LegacyComparison comparison{attribute, op, {}};
    if (has_list) comparison.values = normalized_value_list(entry.at("AttributeValueList"));
    if (has_value) comparison.values.push_back(normalize_attribute_value(entry.at("Value")));
    check_comparison_values(comparison);
    return comparison;
  }
  if (has_list) {
    throw invalid_legacy_parameter(
        "AttributeValueList can only be used with a ComparisonOperator for Attribute: " +
        attribute);
  }
  const bool exists = !has_exists || entry.at("Exists").get<bool>();
  if (exists && !has_value) {
    throw invalid_legacy_parameter(
        fmt::format("Value must be provided when Exists is {} for Attribute: {}",
                    has_exists ? "true" : "null", attribute));
  }
  if (!exists && has_value) {
    throw invalid_legacy_parameter("Value cannot be used when Exists is false for Attribute: " +
                                   attribute);
  }
  if (!exists) return LegacyComparison{attribute, "NULL", {}};
  return LegacyComparison{attribute, "EQ", {normalize_attribute_value(entry.at("Value"))}};
}

std::unique_ptr<ConditionNode> legacy_comparison_node(const LegacyComparison& comparison) {
  static const std::array<std::pair<std::string_view, Comparator>, 6> kComparators{{
      {"EQ", Comparator::eq},
      {"NE", Comparator::ne},
      {"LE", Comparator::le},
      {"LT", Comparator::lt},
      {"GE", Comparator::ge},
      {"GT", Comparator::gt},
  }};
  const auto& op = comparison.op;
  for (const auto& [name, comparator] : kComparators) {
    if (op != name) continue;
    auto node = std::make_unique<ConditionNode>();
    node->kind = ConditionKind::comparison;
    node->comparator = comparator;
    node->operands = {legacy_path_operand(comparison.attribute),
                      legacy_value_operand(comparison.values[0])};
    return node;
  }
  if (op == "NOT_NULL") return legacy_function_node("attribute_exists", comparison);
  if (op == "NULL") return legacy_function_node("attribute_not_exists", comparison);
  if (op == "CONTAINS") return legacy_function_node("contains", comparison);
  if (op == "BEGINS_WITH") return legacy_function_node("begins_with", comparison);
  if (op == "NOT_CONTAINS") {
    // Unlike NE, NOT_CONTAINS is false for a missing attribute.
    auto absent = std::make_unique<ConditionNode>();
    absent->kind = ConditionKind::not_op;
    absent->children.push_back(legacy_function_node("contains", comparison));
    auto node = std::make_unique<ConditionNode>();
    node->kind = ConditionKind::and_op;
    node->children.push_back(legacy_function_node("attribute_exists", comparison));
    node->children.push_back(std::move(absent));
    return node;
  }
  auto node = std::make_unique<ConditionNode>();  // IN, BETWEEN
  node->kind = op == "IN" ? ConditionKind::in : ConditionKind::between;
  node->operands.push_back(legacy_path_operand(comparison.attribute));
  for (const auto& value : comparison.values) node->operands.push_back(legacy_value_operand(value));
  return node;
}

}  // namespace eddy::services::dynamodb
