#include "services/dynamodb/expressions/update.hpp"

#include "services/dynamodb/expressions/expression_error.hpp"
#include "services/dynamodb/expressions/expression_limits.hpp"
#include "services/dynamodb/expressions/expression_parser.hpp"
#include "services/dynamodb/expressions/legacy_comparison.hpp"
#include "services/dynamodb/expressions/path_overlap.hpp"
#include "services/dynamodb/expressions/update_action.hpp"
#include "services/dynamodb/values/attribute_value.hpp"

namespace eddy::services::dynamodb {

Update Update::parse(std::string_view text, ExpressionAttributes& attributes) {
  constexpr std::string_view kParameter = "UpdateExpression";
  if (text.empty()) throw invalid_expression(kParameter, "The expression can not be empty;");
  Update update;
  try {
    check_expression_size(kParameter, text);
    ExpressionParser parser(text, attributes);
    for (auto& action : parser.parse_update()) {
      update.paths_.push_back(action.path);
      update.actions_.push_back(std::make_unique<UpdateAction>(std::move(action)));
    }
    check_operator_count(parser.operator_count());
    check_path_overlaps(update.paths_, parser.issues());
    // The order in which AWS reports the problems of an update expression that parses.
    if (auto issue = parser.issues().first_of(
            {IssueKind::reserved_word, IssueKind::unknown_function, IssueKind::misused_function,
             IssueKind::repeated_section, IssueKind::undefined_name, IssueKind::undefined_value,
             IssueKind::path_overlap, IssueKind::path_conflict, IssueKind::clause_operand,
             IssueKind::operand_count, IssueKind::operand_type})) {
      throw validation_error(std::move(*issue));
    }
  } catch (const AwsError& e) {
    throw invalid_expression(kParameter, e.message());
  }
  return update;
}

Update Update::from_attribute_updates(const json& attribute_updates) {
  const auto invalid = [](std::string_view detail) {
    return validation_error("One or more parameter values were invalid: " + std::string(detail));
  };
  Update update;
  for (const auto& [name, change] : attribute_updates.items()) {
    const auto action_name = legacy_string_member(change, "Action", "PUT");
    const auto value = change.find("Value");
    const bool has_value = value != change.end() && !value->is_null();
    UpdateAction action{UpdateClause::set, {name}, {}, true};
    if (has_value) {
      action.value.kind = Operand::Kind::value;
      action.value.value = normalize_attribute_value(*value);
    }
    const auto type = has_value ? std::string(attribute_type(action.value.value)) : std::string();
    const bool is_set = type == "SS" || type == "NS" || type == "BS";
    if (!has_value && action_name != "DELETE") {
      throw invalid("Only DELETE action is allowed when no attribute value is specified");
    }
    if (action_name == "DELETE") {
      if (has_value && !is_set) {
        throw invalid("DELETE action with value is not supported for the type " + type);
      }
      action.clause = has_value ? UpdateClause::del : UpdateClause::remove;
    } else if (action_name == "ADD") {
      if (!is_set && type != "N" && type != "L") {
        throw invalid("ADD action is not supported for the type " + type);
      }
      action.clause = UpdateClause::add;
    }
    update.paths_.push_back(action.path);
    update.actions_.push_back(std::make_unique<UpdateAction>(std::move(action)));
  }
  return update;
}

std::optional<std::vector<std::pair<std::string, json>>> Update::top_level_sets() const {
  std::vector<std::pair<std::string, json>> sets;
  for (const auto& action : actions_) {
    if (action->clause != UpdateClause::set || action->legacy || action->path.size() != 1 ||
        action->value.kind != Operand::Kind::value)
      return std::nullopt;
    sets.emplace_back(std::get<std::string>(action->path.front()), action->value.value);
  }
  return sets;
}

Update::Update(Update&&) noexcept = default;
Update& Update::operator=(Update&&) noexcept = default;
Update::~Update() = default;

}  // namespace eddy::services::dynamodb
