// CreateTable, DescribeTable, ListTables, UpdateTable, DeleteTable. Tables are ACTIVE at once:
// there is no provisioning to wait for, and the waiters see ACTIVE on their first call.
#include "core/ids.hpp"
#include "core/time_format.hpp"
#include "services/dynamodb/dynamodb_errors.hpp"
#include "services/dynamodb/dynamodb_service.hpp"
#include "services/dynamodb/item_table.hpp"
#include "services/dynamodb/item_writer.hpp"
#include "services/dynamodb/table_definition.hpp"

namespace eddy::services::dynamodb {
namespace {

json key_schema_json(const KeySchemaNames& keys) {
  json out = json::array({{{"AttributeName", keys.hash}, {"KeyType", "HASH"}}});
  if (keys.range) out.push_back({{"AttributeName", *keys.range}, {"KeyType", "RANGE"}});
  return out;
}

json projection_json(const IndexProjection& projection) {
  json out = {{"ProjectionType", projection.type}};
  if (projection.type == "INCLUDE") out["NonKeyAttributes"] = projection.non_key_attributes;
  return out;
}

double seconds_of(std::int64_t ms) {
  return static_cast<double>(ms) / 1000.0;
}

// 2024-11-18T14:36:44.149, the form AWS gives stream labels.
std::string stream_label_at(std::int64_t ms) {
  std::string text = time_format::iso8601_ms(time_format::from_epoch_ms(ms));
  if (!text.empty() && text.back() == 'Z') text.pop_back();
  return text;
}

}  // namespace

json DynamoDbService::describe(const Table& table) {
  json definitions = json::array();
  for (const auto& [name, type] : table.attribute_types)
    definitions.push_back({{"AttributeName", name}, {"AttributeType", type}});
  ItemStats::Counts stats = stats_.table(table.id);
  json out = {
      {"AttributeDefinitions", definitions},
      {"TableName", table.name},
      {"KeySchema", key_schema_json(table.keys)},
      {"TableStatus", "ACTIVE"},
      {"CreationDateTime", seconds_of(table.created_ms)},
      {"ProvisionedThroughput",
       {{"NumberOfDecreasesToday", 0},
        {"ReadCapacityUnits", table.read_capacity},
        {"WriteCapacityUnits", table.write_capacity}}},
      {"TableSizeBytes", stats.bytes},
      {"ItemCount", stats.count},
      {"TableArn", table.arn},
      {"TableId", table.table_id},
      {"DeletionProtectionEnabled", table.deletion_protection},
  };
  if (table.billing_mode == "PAY_PER_REQUEST" || table.last_billing_change_ms) {
    json summary = {{"BillingMode", table.billing_mode}};
    if (table.last_billing_change_ms)
      summary["LastUpdateToPayPerRequestDateTime"] = seconds_of(table.last_billing_change_ms);
    out["BillingModeSummary"] = summary;
  }
  json locals = json::array();
  json globals = json::array();
  for (const auto& index : table.indexes) {
    ItemStats::Counts index_stats = stats_.index(table.id, index.name);
    json entry = {{"IndexName", index.name},
                  {"KeySchema", key_schema_json(index.keys)},
                  {"Projection", projection_json(index.projection)},
                  {"IndexSizeBytes", index_stats.bytes},
                  {"ItemCount", index_stats.count},
                  {"IndexArn", table.arn + "/index/" + index.name}};
    if (index.global) {
      entry["IndexStatus"] = "ACTIVE";
      entry["ProvisionedThroughput"] = {{"NumberOfDecreasesToday", 0},
                                        {"ReadCapacityUnits", index.read_capacity},
                                        {"WriteCapacityUnits", index.write_capacity}};
      globals.push_back(std::move(entry));
    } else {
      locals.push_back(std::move(entry));
    }
  }
  if (!locals.empty()) out["LocalSecondaryIndexes"] = locals;
  if (!globals.empty()) out["GlobalSecondaryIndexes"] = globals;
  if (table.stream_enabled)
    out["StreamSpecification"] = {{"StreamEnabled", true},
                                  {"StreamViewType", table.stream_view_type}};
  if (!table.stream_label.empty()) {
    out["LatestStreamLabel"] = table.stream_label;
    out["LatestStreamArn"] = table.stream_arn();
  }
  if (table.table_class != "STANDARD")
    out["TableClassSummary"] = {{"TableClass", table.table_class}};
  return out;
}

Awaitable<json> DynamoDbService::CreateTable(const Call& call) {
  Table table = table_from_create_request(call.input);
  table.account = call.account;
  table.region = call.region;
  table.table_id = ids::uuid();
  co_return co_await write([&](store::Database& db) {
    if (catalog_.find(call.account, call.region, table.name))
      throw errors::resource_in_use("Table already exists: " + table.name);
    table.created_ms = context_.clock.now_ms();
    if (table.stream_enabled) table.stream_label = stream_label_at(table.created_ms);
    TablePtr created = catalog_.create(db, std::move(table));
    json description = describe(*created);
    return json{{"TableDescription", description}};
  });
}

json DynamoDbService::DescribeTable(const Call& call) {
  auto lock = context_.store.lock();
  TablePtr table = table_for_control(call);
  return {{"Table", describe(*table)}};
}

json DynamoDbService::ListTables(const Call& call) {
  const json& limit_member = call.input.value("Limit", json());
  std::int64_t limit = 100;
  if (limit_member.is_number_integer()) {
    limit = limit_member.get<std::int64_t>();
    errors::ConstraintErrors constraints;
    if (limit < 1)
      constraints.add("'" + std::to_string(limit) + "'", "limit",
                      "Member must have value greater than or equal to 1");
    if (limit > 100)
      constraints.add("'" + std::to_string(limit) + "'", "limit",
                      "Member must have value less than or equal to 100");
    constraints.throw_if_any();
  }
  std::string start = call.input.value("ExclusiveStartTableName", "");
  auto lock = context_.store.lock();
  auto tables = catalog_.list(call.account, call.region, start);
  json names = json::array();
  for (std::size_t i = 0; i < tables.size() && static_cast<std::int64_t>(i) < limit; ++i)
    names.push_back(tables[i]->name);
  json out = {{"TableNames", names}};
  if (static_cast<std::int64_t>(tables.size()) > limit)
    out["LastEvaluatedTableName"] = names.back();
  return out;
}

Awaitable<json> DynamoDbService::DeleteTable(const Call& call) {
  co_return co_await write([&](store::Database& db) {
    TablePtr table = table_for_control(call);
    if (table->deletion_protection)
      throw errors::validation(
          "Resource cannot be deleted as it is currently protected against "
          "deletion. Disable deletion protection first.");
    json description = describe(*table);
    description["TableStatus"] = "DELETING";
    catalog_.remove(db, *table);
    stats_.forget_table(db, table->id);
    return json{{"TableDescription", description}};
  });
}

Awaitable<json> DynamoDbService::UpdateTable(const Call& call) {
  const json& input = call.input;
  co_return co_await write([&](store::Database& db) {
    TablePtr current = table_for_control(call);
    Table table = *current;
    bool changed = false;
    if (input.contains("AttributeDefinitions")) {
      for (const auto& definition : input["AttributeDefinitions"]) {
        std::string name = definition.value("AttributeName", "");
        std::string type = definition.value("AttributeType", "");
        auto existing = table.attribute_types.find(name);
        if (existing != table.attribute_types.end() && existing->second != type)
          throw errors::invalid_parameter("Cannot change the type of attribute " + name);
        table.attribute_types[name] = type;
      }
    }
    if (input.contains("BillingMode")) {
      std::string mode =
          input["BillingMode"].is_string() ? input["BillingMode"].get<std::string>() : "";
      if (mode != "PROVISIONED" && mode != "PAY_PER_REQUEST")
        throw errors::validation("1 validation error detected: Value '" + mode +
                                 "' at 'billingMode' failed to satisfy constraint: Member must "
                                 "satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]");
      if (mode != table.billing_mode) {
        table.billing_mode = mode;
        table.last_billing_change_ms = context_.clock.now_ms();
        changed = true;
        if (mode == "PAY_PER_REQUEST") {
          table.read_capacity = table.write_capacity = 0;
          for (auto& index : table.indexes) index.read_capacity = index.write_capacity = 0;
        } else if (!input.contains("ProvisionedThroughput")) {
          throw errors::invalid_parameter(
              "ProvisionedThroughput must be specified when BillingMode is PROVISIONED");
        }
      }
    }
    if (input.contains("ProvisionedThroughput")) {
      if (table.billing_mode == "PAY_PER_REQUEST")
        throw errors::invalid_parameter(
            "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode "
            "is PAY_PER_REQUEST");
      std::tie(table.read_capacity, table.write_capacity) =
          read_throughput(input["ProvisionedThroughput"]);
      if (table.billing_mode == "PROVISIONED" && current->billing_mode == "PAY_PER_REQUEST")
        for (auto& index : table.indexes)
          if (index.global) {
            index.read_capacity = table.read_capacity;
            index.write_capacity = table.write_capacity;
          }
      changed = true;
    }
    if (input.contains("DeletionProtectionEnabled") &&
        input["DeletionProtectionEnabled"].is_boolean()) {
      table.deletion_protection = input["DeletionProtectionEnabled"].get<bool>();
      changed = true;
    }
    if (input.contains("StreamSpecification")) {
      const json& stream = input["StreamSpecification"];
      bool enabled = stream.value("StreamEnabled", false);
      if (enabled && table.stream_enabled)
        throw errors::validation("Table already has an enabled stream: " + table.arn + "/stream/" +
                                 table.stream_label);
      if (!enabled && !table.stream_enabled)
        throw errors::validation("Table already has no stream enabled");
      if (enabled) {
        std::string view = stream.value("StreamViewType", "");
        if (view != "KEYS_ONLY" && view != "NEW_IMAGE" && view != "OLD_IMAGE" &&
            view != "NEW_AND_OLD_IMAGES")
          throw errors::validation(
              "One or more parameter values were invalid: You must specify a StreamViewType when "
              "enabling a stream");
        table.stream_view_type = view;
        table.stream_label = stream_label_at(context_.clock.now_ms());
      } else {
        table.stream_view_type.clear();
      }
      table.stream_enabled = enabled;
      changed = true;
    }
    if (input.contains("GlobalSecondaryIndexUpdates")) {
      for (const auto& update : input["GlobalSecondaryIndexUpdates"]) {
        if (update.contains("Create")) {
          SecondaryIndex index = global_index_from_request(update["Create"], table);
          if (table.find_index(index.name))
            throw errors::validation(
                "One or more parameter values were invalid: Index already exists: " + index.name);
          table.indexes.push_back(std::move(index));
        } else if (update.contains("Delete")) {
          std::string name = update["Delete"].value("IndexName", "");
          auto it = std::find_if(
              table.indexes.begin(), table.indexes.end(),
              [&](const SecondaryIndex& index) { return index.global && index.name == name; });
          if (it == table.indexes.end())
            throw AwsError("ResourceNotFoundException",
                           "Requested resource not found: Index: " + name + " not found in table " +
                               table.name);
          table.indexes.erase(it);
          item_table::remove_index(db, table.id, name);
          stats_.forget_index(db, table.id, name);
        } else if (update.contains("Update")) {
          std::string name = update["Update"].value("IndexName", "");
          auto it = std::find_if(
              table.indexes.begin(), table.indexes.end(),
              [&](const SecondaryIndex& index) { return index.global && index.name == name; });
          if (it == table.indexes.end())
            throw AwsError("ResourceNotFoundException",
                           "Requested resource not found: Index: " + name + " not found in table " +
                               table.name);
          std::tie(it->read_capacity, it->write_capacity) =
              read_throughput(update["Update"].value("ProvisionedThroughput", json()));
        }
      }
      changed = true;
    }
    if (!changed)
      throw errors::validation(
          "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
          "GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required");
    TablePtr updated = catalog_.update(db, std::move(table));
    for (const auto& index : updated->indexes)
      if (index.global && !current->find_index(index.name))
        backfill_index(db, stats_, *updated, index);
    return json{{"TableDescription", describe(*updated)}};
  });
}

}  // namespace eddy::services::dynamodb
