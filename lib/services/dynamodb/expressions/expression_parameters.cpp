#include "services/dynamodb/expressions/expression_parameters.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "services/dynamodb/expressions/expression_error.hpp"

namespace eddy::services::dynamodb {

namespace {

// The request's members that are present and not null, found in one pass over the request
// rather than a look-up per member asked about (a dozen for a Query).
class PresentMembers {
 public:
  explicit PresentMembers(const json& request) {
    if (!request.is_object()) return;
    names_.reserve(request.size());
    for (const auto& [name, value] : request.items())
      if (!value.is_null()) names_.emplace_back(name);
  }
  bool has(std::string_view member) const {
    return std::find(names_.begin(), names_.end(), member) != names_.end();
  }

 private:
  std::vector<std::string_view> names_;
};

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
  const PresentMembers present(request);
  std::vector<std::string_view> expressions_given;
  for (const auto member : expression_members) {
    if (present.has(member)) expressions_given.push_back(member);
  }
  if (!expressions_given.empty()) {
    // KeyConditions may go with a FilterExpression as long as there is no
    // KeyConditionExpression: AWS lets a query mix those two.
    const bool key_conditions_allowed = !present.has("KeyConditionExpression");
    std::vector<std::string_view> legacy_given;
    for (const auto member : legacy_members) {
      if (member == "KeyConditions" && key_conditions_allowed) continue;
      if (present.has(member)) legacy_given.push_back(member);
    }
    if (!legacy_given.empty()) {
      throw validation_error(fmt::format(
          "Can not use both expression and non-expression parameters in the same request: "
          "Non-expression parameters: {{{}}} Expression parameters: {{{}}}",
          join_member_names(legacy_given, ", "), join_member_names(expressions_given, ", ")));
    }
  }
  if (present.has("ExpressionAttributeNames") && expressions_given.empty()) {
    throw validation_error("ExpressionAttributeNames can only be specified when using expressions");
  }
  std::vector<std::string_view> value_expressions;
  for (const auto member : expression_members) {
    if (member != "ProjectionExpression") value_expressions.push_back(member);
  }
  const bool any_value_expression =
      std::any_of(value_expressions.begin(), value_expressions.end(),
                  [&](std::string_view member) { return present.has(member); });
  if (!value_expressions.empty() && present.has("ExpressionAttributeValues") &&
      !any_value_expression) {
    throw validation_error(fmt::format(
        "ExpressionAttributeValues can only be specified when using expressions: {} {} null",
        join_member_names(value_expressions, " and "),
        value_expressions.size() > 1 ? "are" : "is"));
  }
}

}  // namespace eddy::services::dynamodb
