// Evaluating a WHERE against an item, with DynamoDB's values functions for equality and order.
#include <algorithm>

#include "core/base64.hpp"
#include "services/dynamodb/partiql/partiql_paths.hpp"
#include "services/dynamodb/partiql/partiql_statement.hpp"
#include "services/dynamodb/values/attribute_value.hpp"

namespace eddy::services::dynamodb::partiql {
namespace {

const json& only_member(const json& value) {
  return value.begin().value();
}

std::string binary_bytes(const json& value) {
  return base64::decode(only_member(value).get<std::string>()).value_or(std::string{});
}

std::optional<json> size_of(const json& value) {
  const std::string_view type = attribute_type(value);
  const json& member = only_member(value);
  std::size_t size = 0;
  if (type == "S") {
    size = member.get_ref<const std::string&>().size();
  } else if (type == "B") {
    size = binary_bytes(value).size();
  } else if (type == "SS" || type == "NS" || type == "BS" || type == "L" || type == "M") {
    size = member.size();
  } else {
    return std::nullopt;
  }
  return json{{"N", std::to_string(size)}};
}

bool ordered(const json& left, const json& right, ComparisonOperator op) {
  auto order = compare_attribute_values(left, right);
  if (!order) return false;
  switch (op) {
    case ComparisonOperator::lt:
      return *order < 0;
    case ComparisonOperator::le:
      return *order <= 0;
    case ComparisonOperator::gt:
      return *order > 0;
    case ComparisonOperator::ge:
      return *order >= 0;
    case ComparisonOperator::eq:
      return *order == 0;
    case ComparisonOperator::ne:
      return *order != 0;
  }
  return false;
}

bool begins_with_value(const json& value, const json& prefix) {
  const std::string_view type = attribute_type(value);
  if (type != attribute_type(prefix)) return false;
  if (type == "S")
    return only_member(value).get_ref<const std::string&>().starts_with(
        only_member(prefix).get_ref<const std::string&>());
  if (type == "B") return binary_bytes(value).starts_with(binary_bytes(prefix));
  return false;
}

bool contains_value(const json& container, const json& operand) {
  const std::string_view type = attribute_type(container);
  const std::string_view operand_type = attribute_type(operand);
  const json& members = only_member(container);
  if (type == "S" && operand_type == "S")
    return members.get_ref<const std::string&>().find(
               only_member(operand).get_ref<const std::string&>()) != std::string::npos;
  if (type == "L")
    return std::any_of(members.begin(), members.end(), [&](const json& element) {
      return attribute_values_equal(element, operand);
    });
  if ((type == "SS" && operand_type == "S") || (type == "NS" && operand_type == "N") ||
      (type == "BS" && operand_type == "B")) {
    return std::any_of(members.begin(), members.end(), [&](const json& member) {
      return attribute_values_equal(json{{std::string(operand_type), member}}, operand);
    });
  }
  return false;
}

bool has_partiql_type(const json* value, const std::string& type_name) {
  if (type_name == "MISSING") return !value;
  if (!value) return false;
  const std::string_view type = attribute_type(*value);
  if (type_name == "NULL") return type == "NULL";
  if (type_name == "BOOLEAN") return type == "BOOL";
  if (type_name == "BLOB") return type == "B";
  if (type_name == "STRING") return type == "S";
  if (type_name == "NUMERIC") return type == "N";
  if (type_name == "STRUCT" || type_name == "TUPLE") return type == "M";
  if (type_name == "LIST") return type == "L";
  return false;
}

bool function_holds(const Condition& call, const json& item) {
  json subject_scratch, argument_scratch;
  const json* subject = call.operands[0].evaluate(item, subject_scratch);
  if (call.name == "attribute_exists") return subject != nullptr;
  if (call.name == "attribute_not_exists") return subject == nullptr;
  const json* argument = call.operands[1].evaluate(item, argument_scratch);
  if (!subject || !argument) return false;
  if (call.name == "begins_with") return begins_with_value(*subject, *argument);
  if (call.name == "contains") return contains_value(*subject, *argument);
  if (call.name == "attribute_type")
    return attribute_type(*argument) == "S" && only_member(*argument) == attribute_type(*subject);
  return false;
}

bool is_top_level_path(const Operand& operand, std::string_view attribute) {
  return operand.kind == Operand::Kind::path && operand.path.size() == 1 &&
         std::get_if<std::string>(&operand.path.front()) != nullptr &&
         std::get<std::string>(operand.path.front()) == attribute;
}

// The values one conjunct pins `attribute` to: a = v, v = a, or a IN [v, ...].
std::vector<json> pinned_values(const Condition& conjunct, std::string_view attribute) {
  std::vector<json> values;
  if (conjunct.kind == Condition::Kind::comparison &&
      conjunct.comparison == ComparisonOperator::eq) {
    const Operand& left = conjunct.operands[0];
    const Operand& right = conjunct.operands[1];
    if (is_top_level_path(left, attribute) && right.kind == Operand::Kind::value)
      values.push_back(right.value);
    else if (is_top_level_path(right, attribute) && left.kind == Operand::Kind::value)
      values.push_back(left.value);
  } else if (conjunct.kind == Condition::Kind::in && !conjunct.negated &&
             is_top_level_path(conjunct.operands[0], attribute)) {
    for (std::size_t i = 1; i < conjunct.operands.size(); ++i) {
      if (conjunct.operands[i].kind != Operand::Kind::value) return {};
      values.push_back(conjunct.operands[i].value);
    }
  }
  return values;
}

}  // namespace

const json* Operand::evaluate(const json& item, json& scratch) const {
  if (kind == Kind::value) return &value;
  const json* found = find_path(item, path);
  if (found == nullptr || kind == Kind::path) return found;
  std::optional<json> size = size_of(*found);
  if (!size) return nullptr;
  scratch = std::move(*size);
  return &scratch;
}

bool Condition::matches(const json& item) const {
  switch (kind) {
    case Kind::comparison: {
      json left_scratch, right_scratch;
      const json* left = operands[0].evaluate(item, left_scratch);
      const json* right = operands[1].evaluate(item, right_scratch);
      if (comparison == ComparisonOperator::eq)
        return left && right && attribute_values_equal(*left, *right);
      if (comparison == ComparisonOperator::ne)
        return !(left && right && attribute_values_equal(*left, *right));
      return left && right && ordered(*left, *right, comparison);
    }
    case Kind::between: {
      json scratch[3];
      const json* value = operands[0].evaluate(item, scratch[0]);
      const json* lower = operands[1].evaluate(item, scratch[1]);
      const json* upper = operands[2].evaluate(item, scratch[2]);
      if (!value || !lower || !upper) return false;
      // Values that cannot be ordered make NOT BETWEEN false too.
      if (!compare_attribute_values(*value, *lower) || !compare_attribute_values(*value, *upper))
        return false;
      const bool inside = ordered(*value, *lower, ComparisonOperator::ge) &&
                          ordered(*value, *upper, ComparisonOperator::le);
      return inside != negated;
    }
    case Kind::in: {
      json value_scratch, candidate_scratch;
      const json* value = operands[0].evaluate(item, value_scratch);
      if (!value) return false;
      bool found = false;
      for (std::size_t i = 1; i < operands.size() && !found; ++i) {
        const json* candidate = operands[i].evaluate(item, candidate_scratch);
        found = candidate && attribute_values_equal(*value, *candidate);
      }
      return found != negated;
    }
    case Kind::is_type: {
      json scratch;
      return has_partiql_type(operands[0].evaluate(item, scratch), name) != negated;
    }
    case Kind::function:
      return function_holds(*this, item);
    case Kind::all_of:
      return std::all_of(children.begin(), children.end(),
                         [&](const Condition& child) { return child.matches(item); });
    case Kind::any_of:
      return std::any_of(children.begin(), children.end(),
                         [&](const Condition& child) { return child.matches(item); });
    case Kind::negation:
      return !children[0].matches(item);
  }
  return false;
}

std::vector<json> Statement::fixed_values(std::string_view attribute) const {
  if (!where) return {};
  if (where->kind != Condition::Kind::all_of) return pinned_values(*where, attribute);
  for (const Condition& conjunct : where->children) {
    std::vector<json> values = pinned_values(conjunct, attribute);
    if (!values.empty()) return values;
  }
  return {};
}

}  // namespace eddy::services::dynamodb::partiql
