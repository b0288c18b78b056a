// Update::apply: the right-hand sides read the item as it was before the update; then each action
// changes its path. Paths never overlap, so the order of actions matters only within a list: every
// index names an element of the list as it was, elements set past its end are appended in index
// order, and elements are removed from the highest index down.
#include <algorithm>

#include "services/dynamodb/expressions/expression_error.hpp"
#include "services/dynamodb/expressions/update.hpp"
#include "services/dynamodb/expressions/update_action.hpp"
#include "services/dynamodb/values/attribute_value.hpp"
#include "services/dynamodb/values/decimal.hpp"

namespace eddy::services::dynamodb {

namespace {

AwsError invalid_document_path() {
  return validation_error(
      "The document path provided in the update expression is invalid for update");
}

AwsError incorrect_operand_type() {
  return validation_error("An operand in the update expression has an incorrect data type");
}

AwsError legacy_type_mismatch() {
  return validation_error("Type mismatch for attribute to update");
}

json resolve_update_operand(const Operand& operand, const json& item) {
  switch (operand.kind) {
    case Operand::Kind::value:
      return operand.value;
    case Operand::Kind::path:
      if (const json* found = find_path(item, operand.path)) return *found;
      throw validation_error(
          "The provided expression refers to an attribute that does not exist in the item");
    case Operand::Kind::plus:
    case Operand::Kind::minus: {
      const auto left = resolve_update_operand(operand.arguments[0], item);
      const auto right = resolve_update_operand(operand.arguments[1], item);
      if (attribute_type(left) != "N" || attribute_type(right) != "N") {
        throw incorrect_operand_type();
      }
      const auto a = Decimal::parse(left.at("N").get<std::string>());
      const auto b = Decimal::parse(right.at("N").get<std::string>());
      return json{{"N", (operand.kind == Operand::Kind::plus ? a + b : a - b).to_string()}};
    }
    case Operand::Kind::function:
      break;
  }
  if (operand.function == "if_not_exists") {
    if (const json* found = find_path(item, operand.arguments[0].path)) return *found;
    return resolve_update_operand(operand.arguments[1], item);
  }
  // list_append, the only other function an update accepts.
  auto first = resolve_update_operand(operand.arguments[0], item);
  const auto second = resolve_update_operand(operand.arguments[1], item);
  if (attribute_type(first) != "L" || attribute_type(second) != "L") throw incorrect_operand_type();
  for (const auto& element : second.at("L")) first["L"].push_back(element);
  return first;
}

// Where a path's last element lives: the container (the item, a map's members or a list's
// elements) and the last element itself.
struct PathSlot {
  json* container;  // an object (item or map members) or an array (list elements)
  PathElement last;
};

PathSlot locate_slot(json& item, const DocumentPath& path) {
  if (path.size() == 1) return PathSlot{&item, path.front()};
  json* parent = const_cast<json*>(find_path(item, DocumentPath(path.begin(), path.end() - 1)));
  const bool wants_list = std::holds_alternative<std::size_t>(path.back());
  if (parent == nullptr || !parent->contains(wants_list ? "L" : "M")) throw invalid_document_path();
  return PathSlot{&(*parent)[wants_list ? "L" : "M"], path.back()};
}

json* slot_value(const PathSlot& slot) {
  if (const auto* key = std::get_if<std::string>(&slot.last)) {
    const auto found = slot.container->find(*key);
    return found == slot.container->end() ? nullptr : &*found;
  }
  const auto index = std::get<std::size_t>(slot.last);
  return index < slot.container->size() ? &(*slot.container)[index] : nullptr;
}

// Sets the slot's value; a list index past the end appends.
void store_in_slot(const PathSlot& slot, json value) {
  if (json* existing = slot_value(slot)) {
    *existing = std::move(value);
  } else if (const auto* key = std::get_if<std::string>(&slot.last)) {
    (*slot.container)[*key] = std::move(value);
  } else {
    slot.container->push_back(std::move(value));
  }
}

void erase_slot(const PathSlot& slot) {
  if (const auto* key = std::get_if<std::string>(&slot.last)) {
    slot.container->erase(*key);
    return;
  }
  const auto index = std::get<std::size_t>(slot.last);
  if (index < slot.container->size()) slot.container->erase(index);
}

bool set_has_member_value(const json& members, std::string_view type, const json& candidate) {
  const auto element_type = type.substr(0, 1);
  return std::any_of(members.begin(), members.end(), [&](const json& member) {
    return attribute_values_equal(json{{element_type, member}}, json{{element_type, candidate}});
  });
}

void apply_add_action(const PathSlot& slot, const json& operand, bool legacy) {
  json* existing = slot_value(slot);
  if (existing == nullptr) {
    store_in_slot(slot, operand);
    return;
  }
  const auto type = attribute_type(operand);
  if (attribute_type(*existing) != type) {
    throw legacy ? legacy_type_mismatch() : incorrect_operand_type();
  }
  if (type == "N") {
    const auto sum = Decimal::parse(existing->at("N").get<std::string>()) +
                     Decimal::parse(operand.at("N").get<std::string>());
    *existing = json{{"N", sum.to_string()}};
  } else if (type == "L") {
    for (const auto& element : operand.at("L")) (*existing)["L"].push_back(element);
  } else {
    auto& members = (*existing)[std::string(type)];
    for (const auto& member : operand.at(std::string(type))) {
      if (!set_has_member_value(members, type, member)) members.push_back(member);
    }
  }
}

void apply_delete_action(const PathSlot& slot, const json& operand, bool legacy) {
  json* existing = slot_value(slot);
  if (existing == nullptr) return;
  const auto type = std::string(attribute_type(operand));
  if (attribute_type(*existing) != type) {
    throw legacy ? legacy_type_mismatch() : incorrect_operand_type();
  }
  auto& members = (*existing)[type];
  json kept = json::array();
  for (const auto& member : members) {
    if (!set_has_member_value(operand.at(type), type, member)) kept.push_back(member);
  }
  if (kept.empty()) {
    erase_slot(slot);  // DynamoDB has no empty sets: the attribute goes
  } else {
    members = std::move(kept);
  }
}

// The list index an action's path ends with (0 for a map key or attribute name).
std::size_t list_index_of(const UpdateAction& action) {
  const auto* index = std::get_if<std::size_t>(&action.path.back());
  return index == nullptr ? 0 : *index;
}

}  // namespace

json Update::apply(json item) const {
  std::vector<json> new_values(actions_.size());
  for (std::size_t i = 0; i < actions_.size(); ++i) {
    const auto& action = *actions_[i];
    if (action.clause != UpdateClause::remove) {
      new_values[i] = resolve_update_operand(action.value, item);
    }
  }
  json result = std::move(item);
  // Elements set past the end of a list are appended in the order of their indexes.
  std::vector<std::size_t> writes;
  std::vector<const UpdateAction*> removals;
  for (std::size_t i = 0; i < actions_.size(); ++i) {
    if (actions_[i]->clause == UpdateClause::remove) {
      removals.push_back(actions_[i].get());
    } else {
      writes.push_back(i);
    }
  }
  std::stable_sort(writes.begin(), writes.end(), [&](std::size_t a, std::size_t b) {
    return list_index_of(*actions_[a]) < list_index_of(*actions_[b]);
  });
  for (const auto i : writes) {
    const auto& action = *actions_[i];
    const auto slot = locate_slot(result, action.path);
    switch (action.clause) {
      case UpdateClause::set:
        store_in_slot(slot, std::move(new_values[i]));
        break;
      case UpdateClause::add:
        apply_add_action(slot, new_values[i], action.legacy);
        break;
      case UpdateClause::del:
        apply_delete_action(slot, new_values[i], action.legacy);
        break;
      case UpdateClause::remove:
        break;
    }
  }
  std::stable_sort(removals.begin(), removals.end(), [](const auto* a, const auto* b) {
    return list_index_of(*a) > list_index_of(*b);
  });
  for (const auto* action : removals) erase_slot(locate_slot(result, action->path));
  return result;
}

}  // namespace eddy::services::dynamodb
