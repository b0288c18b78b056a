// KeyConditionExpression and KeyConditions both become a list of per-attribute comparisons
// (as AWS converts them), which are then checked against the key schema. Problems with the shape
// of the expression itself carry the "Invalid KeyConditionExpression: " prefix; schema problems
// do not.
#include "services/dynamodb/expressions/key_condition.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "services/dynamodb/expressions/condition_tree.hpp"
#include "services/dynamodb/expressions/expression_error.hpp"
#include "services/dynamodb/expressions/legacy_comparison.hpp"
#include "services/dynamodb/expressions/simple_key_condition.hpp"

namespace eddy::services::dynamodb {

namespace {

std::string_view legacy_operator_name(Comparator comparator) {
  switch (comparator) {
    case Comparator::eq:
      return "EQ";
    case Comparator::lt:
      return "LT";
    case Comparator::le:
      return "LE";
    case Comparator::gt:
      return "GT";
    case Comparator::ge:
      return "GE";
    case Comparator::ne:
      break;
  }
  return "NE";
}

// With the value on the left (:v < k), the comparison reads the other way round (k > :v).
Comparator mirrored(Comparator comparator) {
  switch (comparator) {
    case Comparator::lt:
      return Comparator::gt;
    case Comparator::le:
      return Comparator::ge;
    case Comparator::gt:
      return Comparator::lt;
    case Comparator::ge:
      return Comparator::le;
    default:
      return comparator;
  }
}

bool is_size_call(const Operand& operand) {
  return operand.kind == Operand::Kind::function && operand.function == "size";
}

class KeyConditionCollector {
 public:
  void collect(const ConditionNode& node) {
    switch (node.kind) {
      case ConditionKind::and_op:
        collect(*node.children[0]);
        collect(*node.children[1]);
        return;
      case ConditionKind::or_op:
        throw validation_error("Invalid operator used in KeyConditionExpression: OR");
      case ConditionKind::not_op:
        throw validation_error("Invalid operator used in KeyConditionExpression: NOT");
      case ConditionKind::in:
        throw validation_error("Invalid operator used in KeyConditionExpression: IN");
      case ConditionKind::comparison:
        if (node.comparator == Comparator::ne) {
          throw validation_error("Invalid operator used in KeyConditionExpression: <>");
        }
        add_condition(node.operands, std::string(legacy_operator_name(node.comparator)),
                      node.comparator);
        return;
      case ConditionKind::between:
        if (node.operands[0].kind != Operand::Kind::path && !is_size_call(node.operands[0])) {
          throw validation_error(
              "Invalid condition in KeyConditionExpression: BETWEEN operator must have the key "
              "attribute as its first operand");
        }
        add_condition(node.operands, "BETWEEN", Comparator::eq);
        return;
      case ConditionKind::function:
        add_function(node.operands[0]);
        return;
      case ConditionKind::always:
        return;
    }
  }

  std::vector<LegacyComparison> comparisons;

 private:
  void add_function(const Operand& call) {
    if (call.function != "begins_with") {
      throw validation_error("Invalid operator used in KeyConditionExpression: " + call.function);
    }
    if (call.arguments[0].kind != Operand::Kind::path && !is_size_call(call.arguments[0])) {
      throw validation_error(
          "Invalid condition in KeyConditionExpression: begins_with operator must have the key "
          "attribute as its first operand");
    }
    add_condition(call.arguments, "BEGINS_WITH", Comparator::eq);
  }

  void add_condition(const std::vector<Operand>& operands, std::string op, Comparator comparator) {
    std::optional<std::size_t> key_position;
    for (std::size_t i = 0; i < operands.size(); ++i) {
      if (is_size_call(operands[i])) {
        throw validation_error("KeyConditionExpressions cannot contain nested operations");
      }
      if (operands[i].kind != Operand::Kind::path) continue;
      if (key_position) {
        throw validation_error(
            "Invalid condition in KeyConditionExpression: Multiple attribute names used in one "
            "condition");
      }
      if (operands[i].path.size() > 1) {
        throw validation_error(
            "KeyConditionExpressions cannot have conditions on nested attributes");
      }
      key_position = i;
    }
    if (!key_position) {
      throw validation_error(
          "Invalid condition in KeyConditionExpression: No key attribute specified");
    }
    const auto& attribute = std::get<std::string>(operands[*key_position].path.front());
    if (std::any_of(comparisons.begin(), comparisons.end(),
                    [&](const LegacyComparison& c) { return c.attribute == attribute; })) {
      throw validation_error("KeyConditionExpressions must only contain one condition per key");
    }
    LegacyComparison comparison{attribute, std::move(op), {}};
    if (*key_position != 0) {
      comparison.op = legacy_operator_name(mirrored(comparator));
    }
    for (std::size_t i = 0; i < operands.size(); ++i) {
      if (i != *key_position) comparison.values.push_back(operands[i].value);
    }
    comparisons.push_back(std::move(comparison));
  }
};

SortKeyOperator sort_key_operator(const std::string& op) {
  if (op == "EQ") return SortKeyOperator::eq;
  if (op == "LT") return SortKeyOperator::lt;
  if (op == "LE") return SortKeyOperator::le;
  if (op == "GT") return SortKeyOperator::gt;
  if (op == "GE") return SortKeyOperator::ge;
  if (op == "BETWEEN") return SortKeyOperator::between;
  return SortKeyOperator::begins_with;
}

// The checks AWS makes once the conditions are per attribute, in its order. The operands are
// moved out of `comparisons` into the result.
KeyCondition key_condition_for_schema(std::vector<LegacyComparison>& comparisons,
                                      const KeySchemaNames& schema) {
  if (comparisons.size() != 1 && comparisons.size() != 2) {
    throw validation_error("Conditions can be of length 1 or 2 only");
  }
  const auto find = [&](const std::string& attribute) -> LegacyComparison* {
    const auto found = std::find_if(comparisons.begin(), comparisons.end(),
                                    [&](const auto& c) { return c.attribute == attribute; });
    return found == comparisons.end() ? nullptr : &*found;
  };
  if (!schema.range && comparisons.size() > 1) {
    throw validation_error("Query key condition not supported");
  }
  const auto check_indexable = [](const LegacyComparison& comparison) {
    static const std::vector<std::string_view> kNotIndexable{"NULL",     "NOT_NULL",     "NE",
                                                             "CONTAINS", "NOT_CONTAINS", "IN"};
    if (std::find(kNotIndexable.begin(), kNotIndexable.end(), comparison.op) !=
        kNotIndexable.end()) {
      throw validation_error("Attempted conditional constraint is not an indexable operation");
    }
  };
  auto* hash = find(schema.hash);
  if (hash == nullptr) {
    throw validation_error("Query condition missed key schema element: " + schema.hash);
  }
  check_indexable(*hash);
  if (hash->op != "EQ") throw validation_error("Query key condition not supported");
  KeyCondition result{std::move(hash->values.at(0)), std::nullopt};
  if (!schema.range) return result;
  auto* range = find(*schema.range);
  if (range == nullptr) {
    if (comparisons.size() > 1) {
      throw validation_error("Query condition missed key schema element: " + *schema.range);
    }
    return result;
  }
  check_indexable(*range);
  SortKeyCondition sort{sort_key_operator(range->op), std::move(range->values.at(0)), std::nullopt};
  if (sort.op == SortKeyOperator::between) sort.upper = std::move(range->values.at(1));
  result.sort = std::move(sort);
  return result;
}

}  // namespace

KeyCondition KeyCondition::parse(std::string_view text, ExpressionAttributes& attributes,
                                 const KeySchemaNames& schema) {
  constexpr std::string_view kParameter = "KeyConditionExpression";
  std::vector<LegacyComparison> comparisons;
  if (auto simple = read_simple_key_condition(text, attributes)) {
    comparisons = std::move(*simple);
  } else {
    const auto parsed = parse_condition_tree(text, attributes, kParameter);
    KeyConditionCollector collector;
    try {
      collector.collect(*parsed.root);
    } catch (const AwsError& e) {
      throw invalid_expression(kParameter, e.message());
    }
    comparisons = std::move(collector.comparisons);
  }
  const std::size_t key_attributes = schema.range ? 2 : 1;
  if (comparisons.size() > key_attributes) {
    throw validation_error(fmt::format(
        "The number of query conditions ({}) exceeds the number of key attributes defined in the "
        "schema ({})",
        comparisons.size(), key_attributes));
  }
  return key_condition_for_schema(comparisons, schema);
}

KeyCondition KeyCondition::from_legacy(const json& key_conditions, const KeySchemaNames& schema) {
  std::vector<LegacyComparison> comparisons;
  for (const auto& [attribute, condition] : key_conditions.items()) {
    comparisons.push_back(read_legacy_comparison(attribute, condition));
  }
  return key_condition_for_schema(comparisons, schema);
}

}  // namespace eddy::services::dynamodb
