#include "services/dynamodb/dynamodb_service.hpp"

#include "services/dynamodb/dynamodb_errors.hpp"
#include "services/dynamodb/dynamodb_schema.hpp"
#include "store/clear_tables.hpp"

namespace eddy::services::dynamodb {

const OperationTable<DynamoDbService>& DynamoDbService::operations() {
  static const OperationTable<DynamoDbService> table{
      {"BatchExecuteStatement", &DynamoDbService::BatchExecuteStatement},
      {"BatchGetItem", &DynamoDbService::BatchGetItem},
      {"BatchWriteItem", &DynamoDbService::BatchWriteItem},
      {"CreateTable", &DynamoDbService::CreateTable},
      {"DeleteItem", &DynamoDbService::DeleteItem},
      {"DeleteTable", &DynamoDbService::DeleteTable},
      {"DescribeEndpoints", &DynamoDbService::DescribeEndpoints},
      {"DescribeLimits", &DynamoDbService::DescribeLimits},
      {"DescribeTable", &DynamoDbService::DescribeTable},
      {"DescribeTimeToLive", &DynamoDbService::DescribeTimeToLive},
      {"ExecuteStatement", &DynamoDbService::ExecuteStatement},
      {"ExecuteTransaction", &DynamoDbService::ExecuteTransaction},
      {"GetItem", &DynamoDbService::GetItem},
      {"ListTables", &DynamoDbService::ListTables},
      {"ListTagsOfResource", &DynamoDbService::ListTagsOfResource},
      {"PutItem", &DynamoDbService::PutItem},
      {"Query", &DynamoDbService::Query},
      {"Scan", &DynamoDbService::Scan},
      {"TagResource", &DynamoDbService::TagResource},
      {"TransactGetItems", &DynamoDbService::TransactGetItems},
      {"TransactWriteItems", &DynamoDbService::TransactWriteItems},
      {"UntagResource", &DynamoDbService::UntagResource},
      {"UpdateItem", &DynamoDbService::UpdateItem},
      {"UpdateTable", &DynamoDbService::UpdateTable},
      {"UpdateTimeToLive", &DynamoDbService::UpdateTimeToLive},
  };
  return table;
}

DynamoDbService::DynamoDbService(const ServiceContext& context) : context_(context) {}

void DynamoDbService::prepare(store::Database& db) {
  migrate_dynamodb_schema(db);
  catalog_.load(db);
  stats_.load(db);
}

const protocol::ServiceDescription& DynamoDbService::description() const {
  static const protocol::ServiceDescription description{
      .name = "dynamodb",
      .target_prefix = "DynamoDB_20120810",
      .json_version = "1.0",
      .error_namespace = "com.amazonaws.dynamodb.v20120810#",
      .operations = operations().names(),
      // The hot item operations read their request from its text (item_request_text.hpp).
      .json_text_operations = {"GetItem", "PutItem", "UpdateItem"},
      // BatchWriteItem may carry 16 MB of items; JSON escaping adds a little.
      .max_request_bytes = 20 * 1024 * 1024,
  };
  return description;
}

Awaitable<json> DynamoDbService::call(const Call& call) {
  std::optional<json> out;
  try {
    out = co_await operations().dispatch(*this, call);
  } catch (const json::exception&) {
    // A member of the wrong JSON type, met while reading the request.
  }
  if (!out) throw serialization_error();
  co_return std::move(*out);
}

AwsError DynamoDbService::serialization_error() {
  return errors::serialization();
}

void DynamoDbService::start() {
  context_.scheduler.every("dynamodb:ttl", std::chrono::milliseconds(1000),
                           [this] { return sweep_expired_items(); });
}

void DynamoDbService::reset(store::Database& db) {
  store::clear_tables(db, "ddb_");
  catalog_.clear();
  stats_.clear();
}

TablePtr DynamoDbService::table_for_data(const Call& call, const json& table_name) const {
  // Data-plane operations also take the table's ARN.
  if (table_name.is_string() && table_name.get_ref<const std::string&>().starts_with("arn:")) {
    const auto& arn = table_name.get_ref<const std::string&>();
    auto slash = arn.find(":table/");
    TablePtr table = slash == std::string::npos
                         ? nullptr
                         : catalog_.find(call.account, call.region, arn.substr(slash + 7));
    if (!table || table->arn != arn) throw errors::resource_not_found();
    return table;
  }
  // Every table's name is valid: only a name no table has needs checking.
  if (table_name.is_string())
    if (TablePtr table =
            catalog_.find(call.account, call.region, table_name.get_ref<const std::string&>()))
      return table;
  errors::ConstraintErrors constraints;
  constraints.check_name(table_name.is_null() ? nullptr : &table_name, "tableName");
  constraints.throw_if_any();
  throw errors::resource_not_found();
}

TablePtr DynamoDbService::find_table(const Call& call, const json& table_name) {
  return table_for_data(call, table_name);
}

DynamoDbService::SeenTable DynamoDbService::see_table(const Call& call,
                                                      const json& table_name) const {
  // The version before the look-up: a change after it, even one the look-up saw, reads as one.
  std::uint64_t version = catalog_.version();
  return {table_for_data(call, table_name), version};
}

bool DynamoDbService::table_changed(SeenTable& seen, const Call& call,
                                    const json& table_name) const {
  std::uint64_t version = catalog_.version();
  if (version == seen.catalog_version) return false;
  TablePtr current = table_for_data(call, table_name);
  seen.catalog_version = version;
  if (current == seen.table) return false;
  seen.table = std::move(current);
  return true;
}

TablePtr DynamoDbService::table_for_control(const Call& call) const {
  const json& name = call.input.contains("TableName") ? call.input["TableName"] : json();
  errors::ConstraintErrors constraints;
  constraints.check_name(call.input.contains("TableName") ? &name : nullptr, "tableName");
  constraints.throw_if_any();
  const auto& text = name.get_ref<const std::string&>();
  TablePtr table = catalog_.find(call.account, call.region, text);
  if (!table) throw errors::table_not_found(text);
  return table;
}

}  // namespace eddy::services::dynamodb
