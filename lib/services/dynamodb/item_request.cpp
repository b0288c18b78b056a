#include "services/dynamodb/item_request.hpp"

#include "services/dynamodb/dynamodb_errors.hpp"
#include "services/dynamodb/values/attribute_value.hpp"

namespace eddy::services::dynamodb {
namespace {

bool present(const json& input, const char* name) {
  auto it = input.find(name);
  return it != input.end() && !it->is_null();
}

}  // namespace

std::optional<Condition> read_condition(const json& input, ExpressionAttributes& attributes) {
  if (present(input, "ConditionExpression")) {
    const json& text = input["ConditionExpression"];
    return Condition::parse(text.is_string() ? text.get_ref<const std::string&>() : "", attributes,
                            "ConditionExpression");
  }
  if (present(input, "Expected"))
    return Condition::from_legacy(input["Expected"], input.value("ConditionalOperator", "AND"),
                                  "Expected");
  return std::nullopt;
}

std::optional<Projection> read_projection(const json& input, ExpressionAttributes& attributes) {
  if (present(input, "ProjectionExpression")) {
    const json& text = input["ProjectionExpression"];
    return Projection::parse(text.is_string() ? text.get_ref<const std::string&>() : "",
                             attributes);
  }
  if (present(input, "AttributesToGet")) {
    const json& names = input["AttributesToGet"];
    // The legacy builders read a malformed member as absent; here it is the request's error.
    if (!names.is_array()) throw errors::serialization();
    return Projection::from_attributes_to_get(names);
  }
  return std::nullopt;
}

ReturnValues read_return_values(const json& input, bool update) {
  if (!present(input, "ReturnValues")) return ReturnValues::none;
  const json& member = input["ReturnValues"];
  std::string value = member.is_string() ? member.get<std::string>() : member.dump();
  ReturnValues out;
  if (value == "NONE")
    out = ReturnValues::none;
  else if (value == "ALL_OLD")
    out = ReturnValues::all_old;
  else if (value == "UPDATED_OLD")
    out = ReturnValues::updated_old;
  else if (value == "ALL_NEW")
    out = ReturnValues::all_new;
  else if (value == "UPDATED_NEW")
    out = ReturnValues::updated_new;
  else
    throw errors::validation("1 validation error detected: Value '" + value +
                             "' at 'returnValues' failed to satisfy constraint: Member must "
                             "satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, "
                             "UPDATED_NEW]");
  if (!update && out != ReturnValues::none && out != ReturnValues::all_old)
    throw errors::validation("ReturnValues can only be ALL_OLD or NONE");
  return out;
}

bool read_return_old_on_failure(const json& input) {
  if (!present(input, "ReturnValuesOnConditionCheckFailure")) return false;
  const json& member = input["ReturnValuesOnConditionCheckFailure"];
  std::string value = member.is_string() ? member.get<std::string>() : member.dump();
  if (value == "ALL_OLD") return true;
  if (value == "NONE") return false;
  throw errors::validation("1 validation error detected: Value '" + value +
                           "' at 'returnValuesOnConditionCheckFailure' failed to satisfy "
                           "constraint: Member must satisfy enum value set: [ALL_OLD, NONE]");
}

const json& required_member(const json& input, const char* name, const char* shown_name) {
  auto it = input.find(name);
  if (it == input.end() || it->is_null())
    throw errors::validation(std::string("1 validation error detected: Value null at '") +
                             shown_name +
                             "' failed to satisfy constraint: Member must not be null");
  return *it;
}

ConsumedCapacity write_capacity(const Table& table, const json* old_item, const json* new_item) {
  ConsumedCapacity capacity;
  std::size_t old_size = old_item ? item_size(*old_item) : 0;
  std::size_t new_size = new_item ? item_size(*new_item) : 0;
  capacity.add_table(write_units(std::max(old_size, new_size)));
  for (const auto& index : table.indexes) {
    bool held = (old_item && old_item->contains(index.keys.hash)) ||
                (new_item && new_item->contains(index.keys.hash));
    if (held) capacity.add_index(index, write_units(std::max(old_size, new_size)));
  }
  return capacity;
}

void check_updated_item_size(const json& item) {
  check_updated_item_size(item_size(item));
}

void check_updated_item_size(std::size_t size) {
  constexpr std::size_t kMaxUpdatedItemBytes = 400 * 1024;
  if (size > kMaxUpdatedItemBytes)
    throw errors::validation("Item size to update has exceeded the maximum allowed size");
}

const json& no_item() {
  static const json empty = json::object();
  return empty;
}

bool has_any_member(const json& input, std::initializer_list<std::string_view> names) {
  if (!input.is_object()) return false;
  for (const auto& [member, value] : input.items())
    for (std::string_view name : names)
      if (member == name) return true;
  return false;
}

bool read_consistent(const json& input) {
  auto it = input.find("ConsistentRead");
  return it != input.end() && it->is_boolean() && it->get<bool>();
}

}  // namespace eddy::services::dynamodb
