#include "services/dynamodb/table_definition.hpp"

#include <set>

#include "services/dynamodb/dynamodb_errors.hpp"

namespace eddy::services::dynamodb {
namespace {

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

const json& member_or_null(const json& object, const char* name) {
  static const json null_value;
  if (!object.is_object()) return null_value;
  auto it = object.find(name);
  return it == object.end() ? null_value : *it;
}

std::string string_member(const json& object, const char* name) {
  const json& value = member_or_null(object, name);
  return value.is_string() ? value.get<std::string>() : std::string();
}

// A KeySchema list: HASH first, then an optional RANGE.
KeySchemaNames read_key_schema(const json& schema, const std::vector<std::string>& defined) {
  if (!schema.is_array() || schema.empty() || schema.size() > 2)
    throw errors::validation(
        "1 validation error detected: Value null at 'keySchema' failed to satisfy constraint: "
        "Member must have length less than or equal to 2");
  std::vector<std::string> names;
  for (const auto& element : schema) names.push_back(string_member(element, "AttributeName"));
  for (const auto& name : names) {
    if (std::find(defined.begin(), defined.end(), name) == defined.end())
      throw errors::invalid_parameter(
          "Some index key attributes are not defined in AttributeDefinitions. Keys: [" +
          join_names(names) + "], AttributeDefinitions: [" + join_names(defined) + "]");
  }
  if (names.size() == 2 && names[0] == names[1])
    throw errors::validation(
        "Both the Hash Key and the Range Key element in the KeySchema have the same name");
  if (string_member(schema[0], "KeyType") != "HASH")
    throw errors::validation(
        "Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  if (names.size() == 2 && string_member(schema[1], "KeyType") != "RANGE")
    throw errors::validation(
        "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
  KeySchemaNames keys{names[0], std::nullopt};
  if (names.size() == 2) keys.range = names[1];
  return keys;
}

IndexProjection read_projection(const json& projection) {
  IndexProjection out;
  const json& type = member_or_null(projection, "ProjectionType");
  if (!type.is_string()) throw errors::invalid_parameter("Unknown ProjectionType: null");
  out.type = type.get<std::string>();
  if (out.type != "ALL" && out.type != "KEYS_ONLY" && out.type != "INCLUDE")
    throw errors::invalid_parameter("Unknown ProjectionType: " + out.type);
  const json& non_key = member_or_null(projection, "NonKeyAttributes");
  if (!non_key.is_null() && out.type != "INCLUDE")
    throw errors::invalid_parameter("ProjectionType is " + out.type +
                                    ", but NonKeyAttributes is specified");
  if (out.type == "INCLUDE") {
    if (!non_key.is_array() || non_key.empty())
      throw errors::invalid_parameter(
          "ProjectionType is INCLUDE, but NonKeyAttributes is not specified");
    for (const auto& name : non_key) out.non_key_attributes.push_back(name.get<std::string>());
  }
  return out;
}

std::vector<std::string> defined_names(const Table& table) {
  std::vector<std::string> out;
  for (const auto& [name, type] : table.attribute_types) out.push_back(name);
  return out;
}

SecondaryIndex read_index(const json& entry, bool global, const std::vector<std::string>& defined,
                          const Table& table) {
  SecondaryIndex index;
  index.global = global;
  index.name = string_member(entry, "IndexName");
  index.keys = read_key_schema(member_or_null(entry, "KeySchema"), defined);
  if (!global) {
    if (!index.keys.range)
      throw errors::invalid_parameter("Index KeySchema does not have a range key for index: " +
                                      index.name);
    if (index.keys.hash != table.keys.hash)
      throw errors::invalid_parameter(
          "Index KeySchema does not have the same leading hash key as table KeySchema for "
          "index: " +
          index.name + ". index hash key: " + index.keys.hash +
          ", table hash key: " + table.keys.hash);
  }
  index.projection = read_projection(member_or_null(entry, "Projection"));
  const json& throughput = member_or_null(entry, "ProvisionedThroughput");
  if (global) {
    if (table.billing_mode == "PAY_PER_REQUEST" && !throughput.is_null())
      throw errors::invalid_parameter("ProvisionedThroughput should not be specified for index: " +
                                      index.name + " when BillingMode is PAY_PER_REQUEST");
    if (table.billing_mode == "PROVISIONED") {
      if (throughput.is_null())
        throw errors::invalid_parameter("ProvisionedThroughput must be specified for index: " +
                                        index.name);
      std::tie(index.read_capacity, index.write_capacity) = read_throughput(throughput);
    }
  }
  return index;
}

void check_index_name(const json& entry, std::string_view member) {
  errors::ConstraintErrors constraints;
  constraints.check_name(
      entry.is_object() && entry.contains("IndexName") ? &entry["IndexName"] : nullptr, member);
  constraints.throw_if_any();
}

}  // namespace

std::pair<std::int64_t, std::int64_t> read_throughput(const json& throughput) {
  const json& read = member_or_null(throughput, "ReadCapacityUnits");
  const json& write = member_or_null(throughput, "WriteCapacityUnits");
  errors::ConstraintErrors constraints;
  if (!read.is_number_integer())
    constraints.add("null", "provisionedThroughput.readCapacityUnits", "Member must not be null");
  if (!write.is_number_integer())
    constraints.add("null", "provisionedThroughput.writeCapacityUnits", "Member must not be null");
  constraints.throw_if_any();
  auto r = read.get<std::int64_t>();
  auto w = write.get<std::int64_t>();
  if (r < 1) {
    errors::ConstraintErrors bound;
    bound.add("'" + std::to_string(r) + "'", "provisionedThroughput.readCapacityUnits",
              "Member must have value greater than or equal to 1");
    bound.throw_if_any();
  }
  if (w < 1) {
    errors::ConstraintErrors bound;
    bound.add("'" + std::to_string(w) + "'", "provisionedThroughput.writeCapacityUnits",
              "Member must have value greater than or equal to 1");
    bound.throw_if_any();
  }
  constexpr std::int64_t kMaxUnits = 1'000'000'000'000LL;
  if (r > kMaxUnits)
    throw errors::validation("Given value " + std::to_string(r) +
                             " for ReadCapacityUnits is out of bounds");
  if (w > kMaxUnits)
    throw errors::validation("Given value " + std::to_string(w) +
                             " for WriteCapacityUnits is out of bounds");
  return {r, w};
}

Table table_from_create_request(const json& input) {
  errors::ConstraintErrors constraints;
  constraints.check_name(input.contains("TableName") ? &input["TableName"] : nullptr, "tableName");
  if (!input.contains("KeySchema")) constraints.add("null", "keySchema", "Member must not be null");
  if (!input.contains("AttributeDefinitions"))
    constraints.add("null", "attributeDefinitions", "Member must not be null");
  const json& billing = member_or_null(input, "BillingMode");
  if (!billing.is_null() && billing != "PROVISIONED" && billing != "PAY_PER_REQUEST")
    constraints.add("'" + (billing.is_string() ? billing.get<std::string>() : billing.dump()) + "'",
                    "billingMode",
                    "Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]");
  constraints.throw_if_any();

  Table table;
  table.name = input["TableName"].get<std::string>();
  table.billing_mode = billing.is_string() ? billing.get<std::string>() : "PROVISIONED";
  const json& throughput = member_or_null(input, "ProvisionedThroughput");
  if (table.billing_mode == "PAY_PER_REQUEST") {
    if (!throughput.is_null())
      throw errors::invalid_parameter(
          "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is "
          "PAY_PER_REQUEST");
  } else {
    if (throughput.is_null())
      throw errors::invalid_parameter(
          "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is "
          "PROVISIONED");
    std::tie(table.read_capacity, table.write_capacity) = read_throughput(throughput);
  }

  std::vector<std::string> defined;
  for (const auto& definition : input["AttributeDefinitions"]) {
    std::string name = string_member(definition, "AttributeName");
    std::string type = string_member(definition, "AttributeType");
    if (type != "S" && type != "N" && type != "B")
      throw errors::validation(
          "1 validation error detected: Value '" + type +
          "' at 'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: "
          "Member must satisfy enum value set: [B, N, S]");
    if (table.attribute_types.count(name))
      throw errors::invalid_parameter("Duplicate AttributeName in AttributeDefinitions: " + name);
    table.attribute_types[name] = type;
    defined.push_back(name);
  }
  table.keys = read_key_schema(input["KeySchema"], defined);

  std::set<std::string> used = {table.keys.hash};
  if (table.keys.range) used.insert(*table.keys.range);
  std::set<std::string> index_names;
  const json& locals = member_or_null(input, "LocalSecondaryIndexes");
  if (!locals.is_null()) {
    if (!locals.is_array() || locals.empty())
      throw errors::invalid_parameter("List of LocalSecondaryIndexes is empty");
    if (!table.keys.range)
      throw errors::invalid_parameter(
          "Table KeySchema does not have a range key, which is required when specifying a "
          "LocalSecondaryIndex");
    for (const auto& entry : locals) {
      check_index_name(entry, "localSecondaryIndexes.1.member.indexName");
      table.indexes.push_back(read_index(entry, false, defined, table));
    }
    if (locals.size() > 5)
      throw errors::invalid_parameter(
          "Number of LocalSecondaryIndexes exceeds per-table limit of 5");
  }
  const json& globals = member_or_null(input, "GlobalSecondaryIndexes");
  if (!globals.is_null()) {
    if (!globals.is_array() || globals.empty())
      throw errors::invalid_parameter("List of GlobalSecondaryIndexes is empty");
    for (const auto& entry : globals) {
      check_index_name(entry, "globalSecondaryIndexes.1.member.indexName");
      table.indexes.push_back(read_index(entry, true, defined, table));
    }
    if (globals.size() > 20)
      throw errors::invalid_parameter(
          "GlobalSecondaryIndex count exceeds the per-table limit of 20");
  }
  for (const auto& index : table.indexes) {
    if (!index_names.insert(index.name).second)
      throw errors::invalid_parameter("Duplicate index name: " + index.name);
    used.insert(index.keys.hash);
    if (index.keys.range) used.insert(*index.keys.range);
  }
  if (used.size() != defined.size()) {
    if (table.indexes.empty())
      throw errors::invalid_parameter(
          "Number of attributes in KeySchema does not exactly match number of attributes defined "
          "in AttributeDefinitions");
    throw errors::invalid_parameter(
        "Some AttributeDefinitions are not used. AttributeDefinitions: [" + join_names(defined) +
        "], keys used: [" + join_names(std::vector<std::string>(used.begin(), used.end())) + "]");
  }

  const json& stream = member_or_null(input, "StreamSpecification");
  if (stream.is_object()) {
    bool enabled = member_or_null(stream, "StreamEnabled").is_boolean() && stream["StreamEnabled"];
    std::string view = string_member(stream, "StreamViewType");
    if (enabled) {
      if (view.empty())
        throw errors::validation(
            "One or more parameter values were invalid: You must specify a StreamViewType when "
            "enabling a stream");
      if (view != "KEYS_ONLY" && view != "NEW_IMAGE" && view != "OLD_IMAGE" &&
          view != "NEW_AND_OLD_IMAGES")
        throw errors::validation("1 validation error detected: Value '" + view +
                                 "' at 'streamSpecification.streamViewType' failed to satisfy "
                                 "constraint: Member must satisfy enum value set: [NEW_IMAGE, "
                                 "OLD_IMAGE, NEW_AND_OLD_IMAGES, KEYS_ONLY]");
      table.stream_enabled = true;
      table.stream_view_type = view;
    } else if (!view.empty()) {
      throw errors::validation(
          "One or more parameter values were invalid: StreamSpecification: StreamViewType "
          "cannot be specified when StreamEnabled is false");
    }
  }
  const json& tags = member_or_null(input, "Tags");
  if (tags.is_array()) table.tags = tags;
  const json& protection = member_or_null(input, "DeletionProtectionEnabled");
  if (protection.is_boolean()) table.deletion_protection = protection.get<bool>();
  const json& table_class = member_or_null(input, "TableClass");
  if (table_class.is_string()) table.table_class = table_class.get<std::string>();
  return table;
}

SecondaryIndex global_index_from_request(const json& entry, const Table& table) {
  check_index_name(entry, "globalSecondaryIndexUpdates.1.member.create.indexName");
  return read_index(entry, true, defined_names(table), table);
}

}  // namespace eddy::services::dynamodb
