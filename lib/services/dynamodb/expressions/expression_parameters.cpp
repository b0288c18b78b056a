#include "services/dynamodb/expressions/expression_parameters.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "services/dynamodb/expressions/expression_error.hpp"

namespace eddy::services::dynamodb {

namespace {

bool request_has_member(const json& request, std::string_view member) {
  const auto found = request.find(member);
  return found != request.end() && !found->is_null();
}

std::string join_member_names(const std::vector<std::string_view>& names,
                              std::string_view separator) {
  std::string text;
  for (const auto name : names) {
    if (!text.empty()) text += separator;
    text += name;
  }
  return text;
}

}  // namespace

void check_expression_parameters(const json& request,
                                 const std::vector<std::string_view>& expression_members,
                                 const std::vector<std::string_view>& legacy_members) {
  std::vector<std::string_view> expressions_given;
  for (const auto member : expression_members) {
    if (request_has_member(request, member)) expressions_given.push_back(member);
  }
  if (!expressions_given.empty()) {
    // KeyConditions may go with a FilterExpression as long as there is no
    // KeyConditionExpression: AWS lets a query mix those two.
    const bool key_conditions_allowed = !request_has_member(request, "KeyConditionExpression");
    std::vector<std::string_view> legacy_given;
    for (const auto member : legacy_members) {
      if (member == "KeyConditions" && key_conditions_allowed) continue;
      if (request_has_member(request, member)) legacy_given.push_back(member);
    }
    if (!legacy_given.empty()) {
      throw validation_error(fmt::format(
          "Can not use both expression and non-expression parameters in the same request: "
          "Non-expression parameters: {{{}}} Expression parameters: {{{}}}",
          join_member_names(legacy_given, ", "), join_member_names(expressions_given, ", ")));
    }
  }
  if (request_has_member(request, "ExpressionAttributeNames") && expressions_given.empty()) {
    throw validation_error("ExpressionAttributeNames can only be specified when using expressions");
  }
  std::vector<std::string_view> value_expressions;
  for (const auto member : expression_members) {
    if (member != "ProjectionExpression") value_expressions.push_back(member);
  }
  const bool any_value_expression =
      std::any_of(value_expressions.begin(), value_expressions.end(),
                  [&](std::string_view member) { return request_has_member(request, member); });
  if (!value_expressions.empty() && request_has_member(request, "ExpressionAttributeValues") &&
      !any_value_expression) {
    throw validation_error(fmt::format(
        "ExpressionAttributeValues can only be specified when using expressions: {} {} null",
        join_member_names(value_expressions, " and "),
        value_expressions.size() > 1 ? "are" : "is"));
  }
}

}  // namespace eddy::services::dynamodb
