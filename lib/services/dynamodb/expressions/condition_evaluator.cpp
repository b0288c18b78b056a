#include "services/dynamodb/expressions/condition_evaluator.hpp"

#include <algorithm>
#include <string>

#include "core/base64.hpp"
#include "services/dynamodb/values/attribute_value.hpp"

namespace eddy::services::dynamodb {

namespace {

// Strings count as Java counts them (UTF-16 code units), which is what DynamoDB reports.
std::size_t utf16_code_units(const std::string& text) {
  std::size_t units = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if ((byte & 0xC0) == 0x80) continue;  // continuation byte
    units += byte >= 0xF0 ? 2 : 1;        // four-byte sequences are surrogate pairs
  }
  return units;
}

std::string decoded_binary(const json& value, std::string_view type) {
  return base64::decode(value.at(type).get<std::string>()).value_or(std::string());
}

std::optional<json> attribute_size_value(const json& value) {
  const auto type = attribute_type(value);
  std::size_t size = 0;
  if (type == "S") {
    size = utf16_code_units(value.at("S").get<std::string>());
  } else if (type == "B") {
    size = decoded_binary(value, "B").size();
  } else if (type == "SS" || type == "NS" || type == "BS" || type == "L" || type == "M") {
    size = value.at(type).size();
  } else {
    return std::nullopt;
  }
  return json{{"N", std::to_string(size)}};
}

bool has_ordering_where(const json& left, const json& right, bool (*accept)(std::strong_ordering)) {
  const auto order = compare_attribute_values(left, right);
  return order.has_value() && accept(*order);
}

bool compare_operands(Comparator comparator, const json* left, const json* right) {
  if (comparator == Comparator::ne) {
    return !(left && right && attribute_values_equal(*left, *right));
  }
  if (!left || !right) return false;
  switch (comparator) {
    case Comparator::eq:
      return attribute_values_equal(*left, *right);
    case Comparator::lt:
      return has_ordering_where(*left, *right, [](std::strong_ordering o) { return o < 0; });
    case Comparator::le:
      return has_ordering_where(*left, *right, [](std::strong_ordering o) { return o <= 0; });
    case Comparator::gt:
      return has_ordering_where(*left, *right, [](std::strong_ordering o) { return o > 0; });
    case Comparator::ge:
      return has_ordering_where(*left, *right, [](std::strong_ordering o) { return o >= 0; });
    case Comparator::ne:
      break;
  }
  return false;
}

bool value_begins_with(const json& subject, const json& prefix) {
  const auto type = attribute_type(subject);
  if (type != attribute_type(prefix)) return false;
  if (type == "S") {
    return subject.at("S").get<std::string>().starts_with(prefix.at("S").get<std::string>());
  }
  if (type == "B") return decoded_binary(subject, "B").starts_with(decoded_binary(prefix, "B"));
  return false;
}

bool value_contains(const json& subject, const json& operand) {
  const auto type = attribute_type(subject);
  const auto operand_type = attribute_type(operand);
  if (type == "S" && operand_type == "S") {
    return subject.at("S").get<std::string>().find(operand.at("S").get<std::string>()) !=
           std::string::npos;
  }
  if (type == "B" && operand_type == "B") {
    return decoded_binary(subject, "B").find(decoded_binary(operand, "B")) != std::string::npos;
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
  const auto subject_value = condition_operand_value(call.arguments[0], item);
  const json* subject = subject_value.get();
  if (name == "attribute_exists") return subject != nullptr;
  if (name == "attribute_not_exists") return subject == nullptr;
  const auto operand_value = condition_operand_value(call.arguments[1], item);
  const json* operand = operand_value.get();
  if (subject == nullptr || operand == nullptr) return false;
  if (name == "attribute_type") {
    return attribute_type(*operand) == "S" &&
           attribute_type(*subject) == operand->at("S").get<std::string>();
  }
  if (name == "begins_with") return value_begins_with(*subject, *operand);
  if (name == "contains") return value_contains(*subject, *operand);
  return false;
}

}  // namespace

OperandValue condition_operand_value(const Operand& operand, const json& item) {
  switch (operand.kind) {
    case Operand::Kind::value:
      return OperandValue(&operand.value);
    case Operand::Kind::path:
      return OperandValue(find_path(item, operand.path));
    case Operand::Kind::function:
      if (operand.function == "size" && operand.arguments.size() == 1) {
        const auto argument = condition_operand_value(operand.arguments[0], item);
        if (const json* value = argument.get()) {
          if (auto size = attribute_size_value(*value)) return OperandValue(std::move(*size));
        }
      }
      return OperandValue();
    case Operand::Kind::plus:
    case Operand::Kind::minus:
      return OperandValue();
  }
  return OperandValue();
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
      return compare_operands(node.comparator,
                              condition_operand_value(node.operands[0], item).get(),
                              condition_operand_value(node.operands[1], item).get());
    case ConditionKind::between: {
      const auto subject = condition_operand_value(node.operands[0], item);
      return compare_operands(Comparator::ge, subject.get(),
                              condition_operand_value(node.operands[1], item).get()) &&
             compare_operands(Comparator::le, subject.get(),
                              condition_operand_value(node.operands[2], item).get());
    }
    case ConditionKind::in: {
      const auto subject = condition_operand_value(node.operands[0], item);
      return std::any_of(node.operands.begin() + 1, node.operands.end(), [&](const Operand& o) {
        return compare_operands(Comparator::eq, subject.get(),
                                condition_operand_value(o, item).get());
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
