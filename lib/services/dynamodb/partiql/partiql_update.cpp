// UPDATE's SET and REMOVE applied to an item: every operand reads the item as it was before the
// statement, as DynamoDB evaluates an update.
#include <set>

#include "eddy/aws_error.hpp"
#include "services/dynamodb/partiql/partiql_paths.hpp"
#include "services/dynamodb/partiql/partiql_statement.hpp"
#include "services/dynamodb/values/attribute_value.hpp"
#include "services/dynamodb/values/decimal.hpp"

namespace eddy::services::dynamodb::partiql {
namespace {

[[noreturn]] void throw_incorrect_operand_type() {
  throw AwsError("ValidationException",
                 "An operand in the update expression has an incorrect data type");
}

json operand_value(const Operand& operand, const json& item) {
  json scratch;
  const json* value = operand.evaluate(item, scratch);
  if (value == nullptr)
    throw AwsError(
        "ValidationException",
        "The provided expression refers to an attribute that does not exist in the item");
  return *value;
}

json arithmetic(const SetAction& action, const json& item) {
  const json left = operand_value(action.operands[0], item);
  const json right = operand_value(action.operands[1], item);
  if (attribute_type(left) != "N" || attribute_type(right) != "N") throw_incorrect_operand_type();
  const Decimal a = Decimal::parse(left["N"].get<std::string>());
  const Decimal b = Decimal::parse(right["N"].get<std::string>());
  return {{"N", (action.kind == SetAction::Kind::add ? a + b : a - b).to_string()}};
}

json appended_lists(const SetAction& action, const json& item) {
  json left = operand_value(action.operands[0], item);
  const json right = operand_value(action.operands[1], item);
  if (attribute_type(left) != "L" || attribute_type(right) != "L") throw_incorrect_operand_type();
  for (const json& element : right["L"]) left["L"].push_back(element);
  return left;
}

// set_add and set_delete; nullopt when set_delete leaves the set empty (the attribute goes, as
// DynamoDB stores no empty sets) or removes from a set that is not there.
std::optional<json> changed_set(const SetAction& action, const json& item) {
  const json change = action.operands[1].value;
  const std::string type(attribute_type(change));
  const json* current = find_path(item, action.path);
  if (current != nullptr && attribute_type(*current) != type) throw_incorrect_operand_type();
  if (current == nullptr)
    return action.kind == SetAction::Kind::set_add ? std::optional<json>(change) : std::nullopt;
  // Members are normalised text (numbers included), so text identity is value identity.
  std::set<std::string> members;
  json result = json::array();
  for (const json& member : (*current)[type]) members.insert(member.get<std::string>());
  std::set<std::string> changed;
  for (const json& member : change[type]) changed.insert(member.get<std::string>());
  for (const json& member : (*current)[type]) {
    if (action.kind == SetAction::Kind::set_delete && changed.count(member.get<std::string>()))
      continue;
    result.push_back(member);
  }
  if (action.kind == SetAction::Kind::set_add) {
    for (const json& member : change[type])
      if (!members.count(member.get<std::string>())) result.push_back(member);
  }
  if (result.empty()) return std::nullopt;
  return json{{type, std::move(result)}};
}

}  // namespace

json Statement::apply_update(const json& current) const {
  // Values first, all from the item as it was; then the writes.
  std::vector<std::optional<json>> values;
  for (const SetAction& action : set_actions) {
    switch (action.kind) {
      case SetAction::Kind::assign:
        values.emplace_back(operand_value(action.operands[0], current));
        break;
      case SetAction::Kind::add:
      case SetAction::Kind::subtract:
        values.emplace_back(arithmetic(action, current));
        break;
      case SetAction::Kind::list_append:
        values.emplace_back(appended_lists(action, current));
        break;
      case SetAction::Kind::set_add:
      case SetAction::Kind::set_delete:
        values.emplace_back(changed_set(action, current));
        break;
    }
  }
  json updated = current;
  for (std::size_t i = 0; i < set_actions.size(); ++i) {
    if (values[i]) {
      set_value_at(updated, set_actions[i].path, std::move(*values[i]));
    } else if (find_path(updated, set_actions[i].path) != nullptr) {
      remove_value_at(updated, set_actions[i].path);
    }
  }
  for (const DocumentPath& path : remove_paths) remove_value_at(updated, path);
  return updated;
}

}  // namespace eddy::services::dynamodb::partiql
