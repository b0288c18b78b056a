#include "services/dynamodb/expressions/condition_evaluator.hpp"

#include <algorithm>
#include <string>

#include "core/base64.hpp"
#include "services/dynamodb/values/attribute_value.hpp"

namespace eddy::services::dynamodb {

namespace {

// Strings count as Java counts them (UTF-16 code units), which is what DynamoDB reports.
std::size_t utf16_length(const std::string& text) {
  std::size_t units = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if ((byte & 0xC0) == 0x80) continue;  // continuation byte
    units += byte >= 0xF0 ? 2 : 1;        // four-byte sequences are surrogate pairs
  }
  return units;
}

std::string decoded_bytes(const json& value, std::string_view type) {
  return base64::decode(value.at(type).get<std::string>()).value_or(std::string());
}

std::optional<json> size_of(const json& value) {
  const auto type = attribute_type(value);
  std::size_t size = 0;
  if (type == "S") {
    size = utf16_length(value.at("S").get<std::string>());
  } else if (type == "B") {
    size = decoded_bytes(value, "B").size();
  } else if (type == "SS" || type == "NS" || type == "BS" || type == "L" || type == "M") {
    size = value.at(type).size();
  } else {
    return std::nullopt;
  }
  return json{{"N", std::to_string(size)}};
}

bool has_ordering(const json& left, const json& right, bool (*accept)(std::strong_ordering)) {
  const auto order = compare_attribute_values(left, right);
  return order.has_value() && accept(*order);
}

bool compare(Comparator comparator, const std::optional<json>& left,
             const std::optional<json>& right) {
  if (comparator == Comparator::ne) {
    return !(left && right && attribute_values_equal(*left, *right));
  }
  if (!left || !right) return false;
  switch (comparator) {
    case Comparator::eq:
      return attribute_values_equal(*left, *right);
    case Comparator::lt:
      return has_ordering(*left, *right, [](std::strong_ordering o) { return o < 0; });
    case Comparator::le:
      return has_ordering(*left, *right, [](std::strong_ordering o) { return o <= 0; });
    case Comparator::gt:
      return has_ordering(*left, *right, [](std::strong_ordering o) { return o > 0; });
    case Comparator::ge:
      return has_ordering(*left, *right, [](std::strong_ordering o) { return o >= 0; });
    case Comparator::ne:
      break;
  }
  return false;
}

bool begins_with(const json& subject, const json& prefix) {
  const auto type = attribute_type(subject);
  if (type != attribute_type(prefix)) return false;
  if (type == "S") {
    return subject.at("S").get<std::string>().starts_with(prefix.at("S").get<std::string>());
  }
  if (type == "B") return decoded_bytes(subject, "B").starts_with(decoded_bytes(prefix, "B"));
  return false;
}

bool contains(const json& subject, const json& operand) {
  const auto type = attribute_type(subject);
  const auto operand_type = attribute_type(operand);
  if (type == "S" && operand_type == "S") {
    return subject.at("S").get<std::string>().find(operand.at("S").get<std::string>()) !=
           std::string::npos;
  }
  if (type == "B" && operand_type == "B") {
    return decoded_bytes(subject, "B").find(decoded_bytes(operand, "B")) != std::string::npos;
  }
  if ((type == "SS" && operand_type == "S") || (type == "NS" && operand_type == "N") ||
      (type == "BS" && operand_type == "B")) {
    const auto& members = subject.at(type);
    return std::any_of(members.begin(), members.end(), [&](const json& member) {
      return attribute_values_equal(json{{std::string(operand_type), member}}, operand);
    });
  }
  if (type == "L") {
    const auto& elements = subject.at("L");
    return std::any_of(elements.begin(), elements.end(), [&](const json& element) {
      return attribute_values_equal(element, operand);
    });
  }
  return false;
}

bool evaluate_function(const Operand& call, const json& item) {
  const auto& name = call.function;
  const auto subject = condition_operand_value(call.arguments[0], item);
  if (name == "attribute_exists") return subject.has_value();
  if (name == "attribute_not_exists") return !subject.has_value();
  const auto operand = condition_operand_value(call.arguments[1], item);
  if (!subject || !operand) return false;
  if (name == "attribute_type") {
    return attribute_type(operand.value()) == "S" &&
           attribute_type(*subject) == operand->at("S").get<std::string>();
  }
  if (name == "begins_with") return begins_with(*subject, *operand);
  if (name == "contains") return contains(*subject, *operand);
  return false;
}

}  // namespace

std::optional<json> condition_operand_value(const Operand& operand, const json& item) {
  switch (operand.kind) {
    case Operand::Kind::value:
      return operand.value;
    case Operand::Kind::path:
      if (const json* found = find_path(item, operand.path)) return *found;
      return std::nullopt;
    case Operand::Kind::function:
      if (operand.function == "size" && operand.arguments.size() == 1) {
        if (const auto value = condition_operand_value(operand.arguments[0], item)) {
          return size_of(*value);
        }
      }
      return std::nullopt;
    case Operand::Kind::plus:
    case Operand::Kind::minus:
      return std::nullopt;
  }
  return std::nullopt;
}

bool evaluate_condition(const ConditionNode& node, const json& item) {
  switch (node.kind) {
    case ConditionKind::and_op:
      return evaluate_condition(*node.children[0], item) &&
             evaluate_condition(*node.children[1], item);
    case ConditionKind::or_op:
      return evaluate_condition(*node.children[0], item) ||
             evaluate_condition(*node.children[1], item);
    case ConditionKind::not_op:
      return !evaluate_condition(*node.children[0], item);
    case ConditionKind::comparison:
      return compare(node.comparator, condition_operand_value(node.operands[0], item),
                     condition_operand_value(node.operands[1], item));
    case ConditionKind::between: {
      const auto subject = condition_operand_value(node.operands[0], item);
      return compare(Comparator::ge, subject, condition_operand_value(node.operands[1], item)) &&
             compare(Comparator::le, subject, condition_operand_value(node.operands[2], item));
    }
    case ConditionKind::in: {
      const auto subject = condition_operand_value(node.operands[0], item);
      return std::any_of(node.operands.begin() + 1, node.operands.end(), [&](const Operand& o) {
        return compare(Comparator::eq, subject, condition_operand_value(o, item));
      });
    }
    case ConditionKind::function:
      return evaluate_function(node.operands[0], item);
    case ConditionKind::always:
      return true;
  }
  return false;
}

}  // namespace eddy::services::dynamodb
