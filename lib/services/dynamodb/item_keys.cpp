#include "services/dynamodb/item_keys.hpp"

#include "services/dynamodb/dynamodb_errors.hpp"
#include "services/dynamodb/values/attribute_value.hpp"
#include "services/dynamodb/values/key_encoding.hpp"

namespace eddy::services::dynamodb {
namespace {

bool is_empty_key_value(const json& value) {
  if (!value.is_object()) return false;
  for (const auto& [type, content] : value.get_ref<const json::object_t&>())
    if ((type == "S" || type == "B") && content.is_string() &&
        content.get_ref<const std::string&>().empty())
      return true;
  return false;
}

void check_key_attribute(const Table& table, const std::string& name, const json& value) {
  const std::string& expected = table.type_of(name);
  std::string_view actual = attribute_type(value);
  if (actual != expected)
    throw errors::invalid_parameter("Type mismatch for key " + name + " expected: " + expected +
                                    " actual: " + std::string(actual));
  if (is_empty_key_value(value))
    throw errors::validation(
        "One or more parameter values are not valid. The AttributeValue for a key attribute "
        "cannot contain an empty string value. Key: " +
        name);
}

std::vector<std::string> key_names(const KeySchemaNames& keys) {
  std::vector<std::string> out = {keys.hash};
  if (keys.range) out.push_back(*keys.range);
  return out;
}

// The partition key's name, then the sort key's: without key_names' copies, for every write.
template <class Visit>
void for_each_key_name(const KeySchemaNames& keys, Visit visit) {
  visit(keys.hash);
  if (keys.range) visit(*keys.range);
}

// Checks a request's Key member, handing each attribute's name and normalised value to `take`.
template <class Take>
void check_key_member(const Table& table, const json& key, Take take) {
  if (!key.is_object()) throw errors::key_schema_mismatch();
  if (key.size() != (table.keys.range ? 2U : 1U)) throw errors::key_schema_mismatch();
  for_each_key_name(table.keys, [&](const std::string& name) {
    auto it = key.find(name);
    if (it == key.end()) throw errors::key_schema_mismatch();
    // Keys come normal from most clients: checked where they are, copied only by checked_key.
    std::optional<json> changed = normalize_attribute_value_if_changed(*it, name);
    const json& value = changed ? *changed : *it;
    check_key_attribute(table, name, value);
    take(name, value);
  });
}

}  // namespace

json checked_key(const Table& table, const json& key) {
  json out = json::object();
  check_key_member(table, key,
                   [&](const std::string& name, const json& value) { out[name] = value; });
  return out;
}

EncodedKey checked_encoded_key(const Table& table, const json& key) {
  EncodedKey out;
  check_key_member(table, key, [&](const std::string& name, const json& value) {
    (name == table.keys.hash ? out.hash : out.range) = encode_key_value(value);
  });
  return out;
}

std::optional<EncodedKey> checked_encoded_key_text(const Table& table, const ItemText& key) {
  if (key.attributes.size() != (table.keys.range ? 2U : 1U)) return std::nullopt;
  return encoded_item_key_text(table, key);
}

std::optional<EncodedKey> encoded_item_key_text(const Table& table, const ItemText& item) {
  EncodedKey out;
  bool valid = true;
  for_each_key_name(table.keys, [&](const std::string& name) {
    const AttributeText* attribute = valid ? item.find(name) : nullptr;
    // As check_key_attribute: the defined type, and an S or B not empty.
    if (!attribute || attribute->type != table.type_of(name) ||
        (attribute->type != "N" && attribute->value.empty())) {
      valid = false;
      return;
    }
    (name == table.keys.hash ? out.hash : out.range) =
        encode_key_text(attribute->type, attribute->value);
  });
  if (!valid) return std::nullopt;
  return out;
}

void check_item_keys(const Table& table, const json& item) {
  for_each_key_name(table.keys, [&](const std::string& name) {
    auto it = item.find(name);
    if (it == item.end())
      throw errors::invalid_parameter("Missing the key " + name + " in the item");
    check_key_attribute(table, name, *it);
  });
  check_index_keys(table, item);
}

void check_index_keys(const Table& table, const json& item) {
  for (const auto& index : table.indexes) {
    for_each_key_name(index.keys, [&](const std::string& name) {
      auto it = item.find(name);
      if (it == item.end()) return;
      const std::string& expected = table.type_of(name);
      std::string_view actual = attribute_type(*it);
      if (actual != expected)
        throw errors::invalid_parameter(
            "Type mismatch for Index Key " + name + " Expected: " + expected +
            " Actual: " + std::string(actual) + " IndexName: " + index.name);
      if (is_empty_key_value(*it))
        throw errors::validation(
            "One or more parameter values are not valid. A value specified for a secondary index "
            "key is not supported. The AttributeValue for a key attribute cannot contain an empty "
            "string value. IndexName: " +
            index.name + ", IndexKey: " + name);
    });
  }
}

json key_of(const Table& table, const json& item) {
  json out = {{table.keys.hash, item.at(table.keys.hash)}};
  if (table.keys.range) out[*table.keys.range] = item.at(*table.keys.range);
  return out;
}

EncodedKey encode_key(const Table& table, const json& item) {
  EncodedKey key{encode_key_value(item.at(table.keys.hash)), {}};
  if (table.keys.range) key.range = encode_key_value(item.at(*table.keys.range));
  return key;
}

json checked_start_key(const Table& table, const SecondaryIndex* index, const json& start_key) {
  std::vector<std::string> names = key_names(table.keys);
  if (index)
    for (const auto& name : key_names(index->keys))
      if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  auto invalid = [](std::string detail) {
    return errors::validation("The provided starting key is invalid: " + detail);
  };
  if (!start_key.is_object() || start_key.size() != names.size())
    throw invalid("The provided key element does not match the schema");
  json out = json::object();
  for (const auto& name : names) {
    auto it = start_key.find(name);
    if (it == start_key.end()) throw invalid("The provided key element does not match the schema");
    json value = normalize_attribute_value(*it, name);
    if (attribute_type(value) != table.type_of(name))
      throw invalid("The provided key element does not match the schema");
    out[name] = std::move(value);
  }
  return out;
}

}  // namespace eddy::services::dynamodb
