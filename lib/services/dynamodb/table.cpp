#include "services/dynamodb/table.hpp"

namespace eddy::services::dynamodb {
namespace {

json keys_to_json(const KeySchemaNames& keys) {
  json out = {{"hash", keys.hash}};
  if (keys.range) out["range"] = *keys.range;
  return out;
}

KeySchemaNames keys_from_json(const json& stored) {
  KeySchemaNames keys{stored.at("hash").get<std::string>(), std::nullopt};
  if (stored.contains("range")) keys.range = stored["range"].get<std::string>();
  return keys;
}

}  // namespace

const SecondaryIndex* Table::find_index(std::string_view index_name) const {
  for (const auto& index : indexes)
    if (index.name == index_name) return &index;
  return nullptr;
}

const std::string& Table::type_of(const std::string& attribute) const {
  static const std::string none;
  auto it = attribute_types.find(attribute);
  return it == attribute_types.end() ? none : it->second;
}

json table_to_json(const Table& table) {
  json indexes = json::array();
  for (const auto& index : table.indexes) {
    indexes.push_back({{"name", index.name},
                       {"global", index.global},
                       {"keys", keys_to_json(index.keys)},
                       {"projection", index.projection.type},
                       {"non_key", index.projection.non_key_attributes},
                       {"rcu", index.read_capacity},
                       {"wcu", index.write_capacity}});
  }
  json out = {{"table_id", table.table_id},
              {"created_ms", table.created_ms},
              {"keys", keys_to_json(table.keys)},
              {"attribute_types", table.attribute_types},
              {"indexes", indexes},
              {"billing_mode", table.billing_mode},
              {"rcu", table.read_capacity},
              {"wcu", table.write_capacity},
              {"billing_change_ms", table.last_billing_change_ms},
              {"stream_enabled", table.stream_enabled},
              {"stream_view_type", table.stream_view_type},
              {"stream_label", table.stream_label},
              {"tags", table.tags},
              {"deletion_protection", table.deletion_protection},
              {"table_class", table.table_class}};
  if (table.ttl_attribute) out["ttl_attribute"] = *table.ttl_attribute;
  return out;
}

Table table_from_json(const json& stored) {
  Table table;
  table.table_id = stored.at("table_id").get<std::string>();
  table.created_ms = stored.at("created_ms").get<std::int64_t>();
  table.keys = keys_from_json(stored.at("keys"));
  table.attribute_types = stored.at("attribute_types").get<std::map<std::string, std::string>>();
  for (const auto& entry : stored.at("indexes")) {
    SecondaryIndex index;
    index.name = entry.at("name").get<std::string>();
    index.global = entry.at("global").get<bool>();
    index.keys = keys_from_json(entry.at("keys"));
    index.projection.type = entry.at("projection").get<std::string>();
    index.projection.non_key_attributes = entry.at("non_key").get<std::vector<std::string>>();
    index.read_capacity = entry.at("rcu").get<std::int64_t>();
    index.write_capacity = entry.at("wcu").get<std::int64_t>();
    table.indexes.push_back(std::move(index));
  }
  table.billing_mode = stored.at("billing_mode").get<std::string>();
  table.read_capacity = stored.at("rcu").get<std::int64_t>();
  table.write_capacity = stored.at("wcu").get<std::int64_t>();
  table.last_billing_change_ms = stored.at("billing_change_ms").get<std::int64_t>();
  table.stream_enabled = stored.at("stream_enabled").get<bool>();
  table.stream_view_type = stored.at("stream_view_type").get<std::string>();
  table.stream_label = stored.at("stream_label").get<std::string>();
  table.tags = stored.at("tags");
  table.deletion_protection = stored.at("deletion_protection").get<bool>();
  table.table_class = stored.at("table_class").get<std::string>();
  if (stored.contains("ttl_attribute"))
    table.ttl_attribute = stored["ttl_attribute"].get<std::string>();
  return table;
}

}  // namespace eddy::services::dynamodb
