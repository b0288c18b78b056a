#include "services/dynamodb/partiql_writes.hpp"

#include "services/dynamodb/dynamodb_errors.hpp"
#include "services/dynamodb/item_keys.hpp"
#include "services/dynamodb/item_request.hpp"
#include "services/dynamodb/values/attribute_value.hpp"

namespace eddy::services::dynamodb {
namespace {

std::vector<std::string> key_attributes(const KeySchemaNames& keys) {
  std::vector<std::string> names{keys.hash};
  if (keys.range) names.push_back(*keys.range);
  return names;
}

// UPDATE may not set or remove a key attribute.
void refuse_key_updates(const Table& table, const partiql::Statement& statement) {
  auto refuse = [&](const DocumentPath& path) {
    const auto* top = std::get_if<std::string>(&path.front());
    if (top && (*top == table.keys.hash || (table.keys.range && *top == *table.keys.range)))
      throw errors::invalid_parameter("Cannot update attribute " + *top +
                                      ". This attribute is part of the key");
  };
  for (const auto& action : statement.set_actions) refuse(action.path);
  for (const auto& path : statement.remove_paths) refuse(path);
}

// INSERT's item must carry the table's key attributes, of their schema types.
void check_inserted_item(const Table& table, const json& item) {
  for (const auto& name : key_attributes(table.keys)) {
    auto it = item.find(name);
    if (it == item.end())
      throw errors::validation("Key attribute should be present in the item: Key " + name);
    if (attribute_type(*it) != table.type_of(name))
      throw errors::validation(
          "Key attribute's data type should match its data type in table's schema: Key " + name);
  }
  check_item_keys(table, item);
}

}  // namespace

bool pins_key(const KeySchemaNames& keys, const partiql::Statement& statement) {
  for (const auto& name : key_attributes(keys))
    if (statement.fixed_values(name).size() != 1) return false;
  return true;
}

json pinned_key(const Table& table, const partiql::Statement& statement) {
  json key = json::object();
  for (const auto& name : key_attributes(table.keys)) {
    std::vector<json> values = statement.fixed_values(name);
    if (values.size() != 1)
      throw errors::validation(
          "Where clause does not contain a mandatory equality on all key attributes");
    key[name] = std::move(values.front());
  }
  return checked_key(table, key);
}

bool is_partiql_read(const partiql::Statement& statement) {
  return statement.kind == partiql::StatementKind::select;
}

ItemWrite partiql_item_write(TablePtr table, const partiql::Statement& statement,
                             bool old_on_failure) {
  using partiql::StatementKind;
  ItemWrite write;
  write.table = table;
  json key;
  switch (statement.kind) {
    case StatementKind::insert:
      check_inserted_item(*table, statement.item);
      key = key_of(*table, statement.item);
      write.kind = ItemWrite::Kind::put;
      write.apply = [&statement](const json* current) -> std::optional<json> {
        if (current)
          throw AwsError("DuplicateItemException", "Duplicate primary key exists in table");
        return statement.item;
      };
      break;
    case StatementKind::update:
      key = pinned_key(*table, statement);
      refuse_key_updates(*table, statement);
      write.kind = ItemWrite::Kind::update;
      write.apply = [&statement, table, key,
                     old_on_failure](const json* current) -> std::optional<json> {
        if (!statement.where->matches(current ? *current : no_item()))
          throw errors::conditional_check_failed(old_on_failure ? current : nullptr);
        json updated = statement.apply_update(current ? *current : key);
        check_updated_item_size(updated);
        check_item_keys(*table, updated);
        return updated;
      };
      break;
    case StatementKind::delete_item:
    case StatementKind::exists:
      key = pinned_key(*table, statement);
      write.kind = statement.kind == StatementKind::exists ? ItemWrite::Kind::check
                                                           : ItemWrite::Kind::remove;
      write.apply = [&statement, old_on_failure, check = write.kind == ItemWrite::Kind::check](
                        const json* current) -> std::optional<json> {
        if (!statement.where->matches(current ? *current : no_item()))
          throw errors::conditional_check_failed(old_on_failure ? current : nullptr);
        if (check && current) return *current;
        return std::nullopt;
      };
      break;
    case StatementKind::select:
      throw errors::validation("A SELECT statement is not a write");
  }
  write.key = encode_key(*table, key);
  return write;
}

}  // namespace eddy::services::dynamodb
