#include "services/dynamodb/expressions/function_rules.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <utility>

#include "services/dynamodb/values/attribute_value.hpp"

namespace eddy::services::dynamodb {

namespace {

struct FunctionSignature {
  std::string_view name;
  std::size_t operands;
  FunctionContext context;
};

constexpr std::array<FunctionSignature, 8> kFunctions{{
    {"attribute_exists", 1, FunctionContext::condition},
    {"attribute_not_exists", 1, FunctionContext::condition},
    {"attribute_type", 2, FunctionContext::condition},
    {"begins_with", 2, FunctionContext::condition},
    {"contains", 2, FunctionContext::condition},
    {"size", 1, FunctionContext::condition},
    {"if_not_exists", 2, FunctionContext::update},
    {"list_append", 2, FunctionContext::update},
}};

constexpr std::array<std::string_view, 10> kTypeNames{"S",  "SS",   "N",    "NS", "B",
                                                      "BS", "BOOL", "NULL", "L",  "M"};

std::string operand_type_message(std::string_view function, std::string_view type) {
  return fmt::format(
      "Incorrect operand type for operator or function; operator or function: {}, operand type: {}",
      function, type);
}

// Only size() may stand where a value is expected in a condition.
void check_no_misused_function(const std::vector<Operand>& operands, ParseIssues& issues) {
  for (const auto& operand : operands) {
    if (operand.kind == Operand::Kind::function && operand.function != "size") {
      issues.record(IssueKind::misused_function,
                    "The function is not allowed to be used this way in an expression; function: " +
                        operand.function);
    }
  }
}

void check_distinct(std::string_view op, const std::vector<Operand>& operands,
                    ParseIssues& issues) {
  if (operands.size() != 2 || operands[0].kind != Operand::Kind::path ||
      operands[1].kind != Operand::Kind::path || operands[0].path != operands[1].path) {
    return;
  }
  issues.record(IssueKind::distinct_operands,
                fmt::format("The first operand must be distinct from the remaining operands for "
                            "this operator or function; operator: {}, first operand: {}",
                            op, path_list_string(operands[0].path)));
}

// {N:5} as AWS prints a value in BETWEEN messages.
std::string short_value_string(const json& value) {
  const auto type = std::string(attribute_type(value));
  const json& inner = value.at(type);
  return fmt::format("{{{}:{}}}", type,
                     inner.is_string() ? inner.get<std::string>() : inner.dump());
}

// Only strings, numbers and binaries have an order: <, <=, >, >= and BETWEEN refuse any other
// value they are given (an attribute of another type just makes them false).
void check_orderable_operands(std::string_view op, const std::vector<Operand>& operands,
                              ParseIssues& issues) {
  for (const auto& operand : operands) {
    if (operand.kind != Operand::Kind::value) continue;
    const auto type = static_operand_type(operand);
    if (type && *type != "S" && *type != "N" && *type != "B") {
      issues.record(IssueKind::operand_type, operand_type_message(op, *type));
      return;
    }
  }
}

void check_condition_function_operands(const Operand& call, ParseIssues& issues) {
  const auto& name = call.function;
  const auto& args = call.arguments;
  if (name == "attribute_exists" || name == "attribute_not_exists") {
    if (args[0].kind != Operand::Kind::path) {
      issues.record(IssueKind::operand_type,
                    "Operator or function requires a document path; operator or function: " + name);
    }
  } else if (name == "begins_with") {
    for (const auto& arg : args) {
      const auto type = static_operand_type(arg);
      if (type && *type != "S" && *type != "B") {
        issues.record(IssueKind::operand_type, operand_type_message(name, *type));
        return;
      }
    }
  } else if (name == "attribute_type") {
    const auto type = static_operand_type(args[1]);
    if (type != "S") {
      issues.record(IssueKind::operand_type,
                    operand_type_message(name, type ? *type : "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}"));
      return;
    }
    if (args[1].kind != Operand::Kind::value) return;
    const auto wanted = args[1].value.at("S").get<std::string>();
    if (std::find(kTypeNames.begin(), kTypeNames.end(), wanted) == kTypeNames.end()) {
      issues.record(IssueKind::operand_type, "Invalid attribute type name found; type: " + wanted +
                                                 ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
    }
  } else if (name == "size") {
    const auto type = static_operand_type(args[0]);
    if (type == "N" || type == "BOOL" || type == "NULL") {
      issues.record(IssueKind::operand_type, operand_type_message(name, *type));
    }
  }
}

void check_update_function_operands(const Operand& call, ParseIssues& issues) {
  const auto& args = call.arguments;
  if (call.function == "if_not_exists") {
    if (args[0].kind != Operand::Kind::path) {
      issues.record(IssueKind::operand_type,
                    "Operator or function requires a document path; operator or function: "
                    "if_not_exists");
    }
    return;
  }
  for (const auto& arg : args) {  // list_append
    if (arg.kind == Operand::Kind::function && arg.function == "list_append") {
      issues.record(IssueKind::misused_function,
                    "The function is not allowed to be used this way in an expression; function: "
                    "list_append");
    }
  }
  for (const auto& arg : args) {
    const auto type = static_operand_type(arg);
    if (type && *type != "L") {
      issues.record(IssueKind::operand_type, operand_type_message(call.function, *type));
      return;
    }
  }
}

}  // namespace

void check_function_call(const Operand& call, FunctionContext context, ParseIssues& issues) {
  const auto* signature =
      std::find_if(kFunctions.begin(), kFunctions.end(),
                   [&](const FunctionSignature& f) { return f.name == call.function; });
  if (signature == kFunctions.end()) {
    issues.record(IssueKind::unknown_function, "Invalid function name; function: " + call.function);
    return;
  }
  if (signature->context != context) {
    issues.record(IssueKind::unknown_function,
                  fmt::format("The function is not allowed in {} expression; function: {}",
                              context == FunctionContext::update ? "an update" : "a condition",
                              call.function));
    return;
  }
  if (context == FunctionContext::condition) check_no_misused_function(call.arguments, issues);
  if (call.arguments.size() != signature->operands) {
    issues.record(IssueKind::operand_count,
                  fmt::format("Incorrect number of operands for operator or function; operator or "
                              "function: {}, number of operands: {}",
                              call.function, call.arguments.size()));
    return;
  }
  if (context == FunctionContext::condition) {
    check_distinct(call.function, call.arguments, issues);
    check_condition_function_operands(call, issues);
  } else {
    check_update_function_operands(call, issues);
  }
}

void check_predicate_function(const Operand& call, ParseIssues& issues) {
  if (call.function == "size") {
    issues.record(
        IssueKind::misused_function,
        "The function is not allowed to be used this way in an expression; function: size");
  }
}

void check_comparison_operands(Comparator comparator, const std::vector<Operand>& operands,
                               ParseIssues& issues) {
  check_no_misused_function(operands, issues);
  check_distinct(comparator_symbol(comparator), operands, issues);
  if (comparator != Comparator::eq && comparator != Comparator::ne) {
    check_orderable_operands(comparator_symbol(comparator), operands, issues);
  }
}

void check_between_operands(const std::vector<Operand>& operands, ParseIssues& issues) {
  check_no_misused_function(operands, issues);
  check_orderable_operands("BETWEEN", operands, issues);
  const Operand& lower = operands[1];
  const Operand& upper = operands[2];
  if (lower.kind != Operand::Kind::value || upper.kind != Operand::Kind::value ||
      lower.value.is_null() || upper.value.is_null()) {
    return;
  }
  const auto bounds = fmt::format(
      "lower bound operand: AttributeValue: {}, upper bound operand: "
      "AttributeValue: {}",
      short_value_string(lower.value), short_value_string(upper.value));
  if (attribute_type(lower.value) != attribute_type(upper.value)) {
    issues.record(
        IssueKind::operand_type,
        "The BETWEEN operator requires same data type for lower and upper bounds; " + bounds);
    return;
  }
  const auto order = compare_attribute_values(lower.value, upper.value);
  if (order && *order == std::strong_ordering::greater) {
    issues.record(IssueKind::operand_type,
                  "The BETWEEN operator requires upper bound to be greater than or equal to lower "
                  "bound; " +
                      bounds);
  }
}

void check_in_operands(const std::vector<Operand>& operands, ParseIssues& issues) {
  check_no_misused_function(operands, issues);
}

void check_arithmetic_operands(const Operand& operation, ParseIssues& issues) {
  const std::string_view symbol = operation.kind == Operand::Kind::plus ? "+" : "-";
  for (const auto& arg : operation.arguments) {
    if (arg.kind != Operand::Kind::value) continue;
    const auto type = static_operand_type(arg);
    if (type && *type != "N") {
      issues.record(IssueKind::operand_type, operand_type_message(symbol, *type));
      return;
    }
  }
}

void check_add_delete_operand(std::string_view clause, const Operand& operand,
                              ParseIssues& issues) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kScalarNames{{
      {"S", "STRING"},
      {"N", "NUMBER"},
      {"B", "BINARY"},
      {"NULL", "NULL"},
      {"BOOL", "BOOLEAN"},
      {"L", "LIST"},
      {"M", "MAP"},
  }};
  const auto type = static_operand_type(operand);
  if (!type || (clause == "ADD" && *type == "N")) return;
  for (const auto& [short_name, long_name] : kScalarNames) {
    if (*type == short_name) {
      issues.record(IssueKind::clause_operand,
                    fmt::format("Incorrect operand type for operator or function; operator: {}, "
                                "operand type: {}",
                                clause, long_name));
      return;
    }
  }
}

std::optional<std::string> static_operand_type(const Operand& operand) {
  switch (operand.kind) {
    case Operand::Kind::value:
      if (operand.value.is_null()) return std::nullopt;  // an undefined placeholder
      return std::string(attribute_type(operand.value));
    case Operand::Kind::plus:
    case Operand::Kind::minus:
      return "N";
    case Operand::Kind::function:
      if (operand.function == "size") return "N";
      if (operand.function == "list_append") return "L";
      if (operand.function == "if_not_exists" && operand.arguments.size() == 2) {
        return static_operand_type(operand.arguments[1]);
      }
      return std::nullopt;
    case Operand::Kind::path:
      return std::nullopt;
  }
  return std::nullopt;
}

std::string_view comparator_symbol(Comparator comparator) {
  switch (comparator) {
    case Comparator::eq:
      return "=";
    case Comparator::ne:
      return "<>";
    case Comparator::lt:
      return "<";
    case Comparator::le:
      return "<=";
    case Comparator::gt:
      return ">";
    case Comparator::ge:
      return ">=";
  }
  return "=";
}

std::string path_list_string(const DocumentPath& path) {
  std::string text = "[";
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (i > 0) text += ", ";
    if (const auto* name = std::get_if<std::string>(&path[i])) {
      text += *name;
    } else {
      text += fmt::format("[{}]", std::get<std::size_t>(path[i]));
    }
  }
  return text + "]";
}

}  // namespace eddy::services::dynamodb
