#pragma once
// A table's definition as DynamoDB describes it: keys, attribute types, secondary indexes,
// capacity, streams, TTL, tags. Immutable once built: a change makes a new Table, so a request
// holding a TablePtr sees one consistent version.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "eddy/json.hpp"
#include "services/dynamodb/expressions/key_condition.hpp"

namespace eddy::services::dynamodb {

// What a secondary index copies from the item: KEYS_ONLY, INCLUDE (with NonKeyAttributes) or ALL.
struct IndexProjection {
  std::string type = "ALL";
  std::vector<std::string> non_key_attributes;
};

struct SecondaryIndex {
  std::string name;
  bool global = false;
  KeySchemaNames keys;
  IndexProjection projection;
  std::int64_t read_capacity = 0;  // GSIs of PROVISIONED tables
  std::int64_t write_capacity = 0;
};

struct Table {
  std::int64_t id = 0;  // the store's key for the table's rows
  std::string account;
  std::string region;
  std::string name;
  std::string arn;
  std::string table_id;  // the UUID DescribeTable shows
  std::int64_t created_ms = 0;
  KeySchemaNames keys;
  std::map<std::string, std::string> attribute_types;  // name -> S, N or B
  std::vector<SecondaryIndex> indexes;
  std::string billing_mode = "PROVISIONED";
  std::int64_t read_capacity = 0;
  std::int64_t write_capacity = 0;
  std::int64_t last_billing_change_ms = 0;
  bool stream_enabled = false;
  std::string stream_view_type;
  std::string stream_label;  // the latest stream's, kept after streams are turned off
  std::optional<std::string> ttl_attribute;  // set while TTL is enabled
  json tags = json::array();                 // [{Key, Value}]
  bool deletion_protection = false;
  std::string table_class = "STANDARD";

  const SecondaryIndex* find_index(std::string_view index_name) const;
  // The type of a key attribute (the table's or an index's).
  const std::string& type_of(const std::string& attribute) const;
  std::string stream_arn() const { return arn + "/stream/" + stream_label; }
};

using TablePtr = std::shared_ptr<const Table>;

// The stored form of a definition, and back.
json table_to_json(const Table& table);
Table table_from_json(const json& stored);

}  // namespace eddy::services::dynamodb
