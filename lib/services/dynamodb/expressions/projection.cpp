#include "services/dynamodb/expressions/projection.hpp"

#include <map>
#include <optional>
#include <set>

#include "services/dynamodb/expressions/expression_error.hpp"
#include "services/dynamodb/expressions/expression_limits.hpp"
#include "services/dynamodb/expressions/expression_parser.hpp"
#include "services/dynamodb/expressions/path_overlap.hpp"

namespace eddy::services::dynamodb {

namespace {

using PathTail = std::vector<PathElement>;

// The parts of `value` the relative paths select; nullopt when none of them is there. Lists keep
// the selected elements in index order, without gaps, as AWS returns them.
std::optional<json> project_attribute_value(const json& value, const std::vector<PathTail>& tails) {
  std::map<PathElement, std::vector<PathTail>> groups;
  for (const auto& tail : tails) {
    if (tail.empty()) return value;
    groups[tail.front()].emplace_back(tail.begin() + 1, tail.end());
  }
  const bool is_map = value.contains("M");
  const bool is_list = value.contains("L");
  json selected = is_map ? json::object() : json::array();
  for (const auto& [step, rest] : groups) {
    if (const auto* key = std::get_if<std::string>(&step)) {
      if (!is_map) continue;
      const auto& members = value.at("M");
      if (const auto child = members.find(*key); child != members.end()) {
        if (auto part = project_attribute_value(*child, rest)) selected[*key] = std::move(*part);
      }
    } else {
      const auto index = std::get<std::size_t>(step);
      if (!is_list || index >= value.at("L").size()) continue;
      if (auto part = project_attribute_value(value.at("L")[index], rest)) {
        selected.push_back(std::move(*part));
      }
    }
  }
  if (selected.empty()) return std::nullopt;
  return json{{is_map ? "M" : "L", std::move(selected)}};
}

}  // namespace

Projection Projection::parse(std::string_view text, ExpressionAttributes& attributes) {
  constexpr std::string_view kParameter = "ProjectionExpression";
  if (text.empty()) throw invalid_expression(kParameter, "The expression can not be empty;");
  Projection projection;
  try {
    check_expression_size(kParameter, text);
    ExpressionParser parser(text, attributes);
    projection.paths_ = parser.parse_projection();
    check_path_overlaps(projection.paths_, parser.issues());
    if (auto issue =
            parser.issues().first_of({IssueKind::reserved_word, IssueKind::undefined_name,
                                      IssueKind::path_overlap, IssueKind::path_conflict})) {
      throw validation_error(std::move(*issue));
    }
  } catch (const AwsError& e) {
    throw invalid_expression(kParameter, e.message());
  }
  return projection;
}

Projection Projection::from_attributes_to_get(const json& names) {
  Projection projection;
  std::set<std::string> seen;
  for (const auto& name : names) {
    const auto& text = name.get_ref<const std::string&>();
    if (!seen.insert(text).second) {
      throw validation_error(
          "One or more parameter values were invalid: Duplicate value in attribute name: " + text);
    }
    projection.paths_.push_back({text});
  }
  return projection;
}

json Projection::apply(const json& item) const {
  std::map<std::string, std::vector<PathTail>> by_attribute;
  for (const auto& path : paths_) {
    by_attribute[std::get<std::string>(path.front())].emplace_back(path.begin() + 1, path.end());
  }
  json result = json::object();
  for (const auto& [name, tails] : by_attribute) {
    const auto found = item.find(name);
    if (found == item.end()) continue;
    if (auto part = project_attribute_value(*found, tails)) result[name] = std::move(*part);
  }
  return result;
}

}  // namespace eddy::services::dynamodb
