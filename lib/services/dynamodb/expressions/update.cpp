#include "services/dynamodb/expressions/update.hpp"

#include "services/dynamodb/expressions/expression_error.hpp"
#include "services/dynamodb/expressions/expression_limits.hpp"
#include "services/dynamodb/expressions/expression_parser.hpp"
#include "services/dynamodb/expressions/legacy_comparison.hpp"
#include "services/dynamodb/expressions/path_overlap.hpp"
#include "services/dynamodb/expressions/update_action.hpp"
#include "services/dynamodb/values/attribute_value.hpp"
#include "services/dynamodb/values/decimal.hpp"

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

namespace {

bool is_top_level_path(const Operand& operand, const std::string& name) {
  return operand.kind == Operand::Kind::path && operand.path.size() == 1 &&
         std::get<std::string>(operand.path.front()) == name;
}

bool is_number_value(const Operand& operand) {
  return operand.kind == Operand::Kind::value && attribute_type(operand.value) == "N";
}

// if_not_exists(name, :v): the value :v; null for any other operand.
const Operand* if_not_exists_default(const Operand& operand, const std::string& name) {
  if (operand.kind != Operand::Kind::function || operand.function != "if_not_exists" ||
      operand.arguments.size() != 2 || !is_top_level_path(operand.arguments[0], name) ||
      operand.arguments[1].kind != Operand::Kind::value)
    return nullptr;
  return &operand.arguments[1];
}

// The attribute itself (the item's own value, or `when_absent` from an if_not_exists) as the
// left side of a sum; false for any other operand.
bool reads_own_number(const Operand& operand, const std::string& name,
                      std::optional<json>& when_absent) {
  if (is_top_level_path(operand, name)) return true;
  const Operand* fallback = if_not_exists_default(operand, name);
  if (!fallback || !is_number_value(*fallback)) return false;
  when_absent = fallback->value;
  return true;
}

json negated_number(const json& value) {
  return json{{"N", (-Decimal::parse(value.at("N").get<std::string>())).to_string()}};
}

std::optional<Update::TopLevelWrite> top_level_write(const UpdateAction& action) {
  using Kind = Update::TopLevelWrite::Kind;
  if (action.legacy || action.path.size() != 1) return std::nullopt;
  Update::TopLevelWrite write;
  write.name = std::get<std::string>(action.path.front());
  const Operand& value = action.value;
  if (action.clause == UpdateClause::add) {
    if (!is_number_value(value)) return std::nullopt;
    write.kind = Kind::add;
    write.value = value.value;
    write.when_absent = json{{"N", "0"}};
    return write;
  }
  if (action.clause != UpdateClause::set) return std::nullopt;
  if (value.kind == Operand::Kind::value) {
    write.value = value.value;
    return write;
  }
  if (const Operand* fallback = if_not_exists_default(value, write.name)) {
    write.kind = Kind::set_if_absent;
    write.value = fallback->value;
    return write;
  }
  if (value.kind != Operand::Kind::plus && value.kind != Operand::Kind::minus) return std::nullopt;
  write.kind = Kind::add;
  const Operand& left = value.arguments[0];
  const Operand& right = value.arguments[1];
  if (is_number_value(right) && reads_own_number(left, write.name, write.when_absent)) {
    write.value = value.kind == Operand::Kind::plus ? right.value : negated_number(right.value);
    return write;
  }
  if (value.kind == Operand::Kind::plus && is_number_value(left) &&
      reads_own_number(right, write.name, write.when_absent)) {
    write.value = left.value;
    return write;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::vector<Update::TopLevelWrite>> Update::top_level_writes() const {
  std::vector<TopLevelWrite> writes;
  for (const auto& action : actions_) {
    std::optional<TopLevelWrite> write = top_level_write(*action);
    if (!write) return std::nullopt;
    writes.push_back(std::move(*write));
  }
  return writes;
}

Update::Update(Update&&) noexcept = default;
Update& Update::operator=(Update&&) noexcept = default;
Update::~Update() = default;

}  // namespace eddy::services::dynamodb
