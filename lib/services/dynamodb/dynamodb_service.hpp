#pragma once
// Amazon DynamoDB: tables and their indexes, items, queries and scans, batches, transactions and
// TTL. Tables are cached in a TableCatalog; items live in ddb_items keyed by encoded keys, and
// every change to an item goes through write_item_change.
#include <optional>
#include <string>

#include "services/dynamodb/item_stats.hpp"
#include "services/dynamodb/table_catalog.hpp"
#include "services/service.hpp"
#include "services/service_context.hpp"

namespace eddy::services::dynamodb {

namespace partiql {
struct Statement;
}
struct ItemRequestText;
struct ItemToStore;
struct EncodedKey;
struct UpdateItemKey;
struct UpdateItemOptions;

class DynamoDbService final : public Service {
 public:
  explicit DynamoDbService(const ServiceContext& context);

  const protocol::ServiceDescription& description() const override;
  Awaitable<json> call(const Call& call) override;
  void start() override;
  void prepare(store::Database& db) override;
  void reset(store::Database& db) override;

 private:
  static const OperationTable<DynamoDbService>& operations();

  // Tables (table_operations.cpp)
  Awaitable<json> CreateTable(const Call& call);
  json DescribeTable(const Call& call);
  json ListTables(const Call& call);
  Awaitable<json> UpdateTable(const Call& call);
  Awaitable<json> DeleteTable(const Call& call);
  // TTL, tags, limits, endpoints (table_settings_operations.cpp)
  Awaitable<json> UpdateTimeToLive(const Call& call);
  json DescribeTimeToLive(const Call& call);
  Awaitable<json> TagResource(const Call& call);
  Awaitable<json> UntagResource(const Call& call);
  json ListTagsOfResource(const Call& call);
  json DescribeLimits(const Call& call);
  json DescribeEndpoints(const Call& call);
  // Items (put_item_operation.cpp, item_operations.cpp, update_item_operation.cpp). PutItem,
  // GetItem and UpdateItem read a request that arrives as JSON text from the text when they can
  // (item_request_text.hpp), else from its json.
  Awaitable<json> PutItem(const Call& call);
  json GetItem(const Call& call);
  Awaitable<json> DeleteItem(const Call& call);
  Awaitable<json> UpdateItem(const Call& call);
  struct PutOptions;
  Awaitable<json> put_item(const Call& call, const json& input);
  Awaitable<json> put_item(const Call& call, const ItemRequestText& request);
  // Inside the store write: stores `put`, prepared from `item` for `table`, as `options` ask.
  // `item` may be null when neither `options` nor `table` need it (PutOptions::needs_item).
  json store_put(store::Database& db, const Table& table, const PutOptions& options,
                 const ItemToStore& put, const json* item);
  json get_item(const Call& call, const json& input);
  json get_item(const Call& call, const ItemRequestText& request);
  struct GetOptions;
  Awaitable<json> update_item(const Call& call, const json& input);
  // UpdateItem with the request's TableName, Key and other members.
  Awaitable<json> update_item(const Call& call, const json& table_name, const UpdateItemKey& key,
                              const UpdateItemOptions& options);
  // GetItem's answer for the item at `key`.
  json read_item(const Table& table, const EncodedKey& key, const GetOptions& options);
  // Reads of many items (query_operations.cpp)
  json Query(const Call& call);
  json Scan(const Call& call);
  // Batches (batch_operations.cpp)
  json BatchGetItem(const Call& call);
  Awaitable<json> BatchWriteItem(const Call& call);
  // Transactions (transaction_operations.cpp)
  Awaitable<json> TransactWriteItems(const Call& call);
  json TransactGetItems(const Call& call);
  // PartiQL (partiql_operations.cpp, partiql_select.cpp)
  Awaitable<json> ExecuteStatement(const Call& call);
  Awaitable<json> BatchExecuteStatement(const Call& call);
  Awaitable<json> ExecuteTransaction(const Call& call);
  // ExecuteStatement's SELECT: one page; `request_hash` binds its NextToken to the request.
  json select_statement(const Call& call, const partiql::Statement& statement,
                        const std::string& request_hash);

  // The table a request names (its TableName). Data-plane operations answer a missing table with
  // "Requested resource not found", the control plane names the table.
  TablePtr table_for_data(const Call& call, const json& table_name) const;
  TablePtr table_for_control(const Call& call) const;
  // table_for_data for reads outside any write.
  TablePtr find_table(const Call& call, const json& table_name);
  // A table a write request found before its store write, with the catalog's version then.
  struct SeenTable {
    TablePtr table;
    std::uint64_t catalog_version = 0;
  };
  SeenTable see_table(const Call& call, const json& table_name) const;
  // Inside the store write: whether the table `seen` found has changed since (then `seen` holds
  // the table as it is now), looked up again only if the catalog changed.
  bool table_changed(SeenTable& seen, const Call& call, const json& table_name) const;
  // DescribeTable's TableDescription, with counts from the store; lock held.
  json describe(const Table& table);

  // context_.store.write for this service's operations: a request member of the wrong JSON type
  // met inside the write fails that request alone (SerializationException), never its group.
  template <class Write>
  auto write(Write body) {
    return context_.store.write([body = std::move(body)](store::Database& db) mutable {
      try {
        return body(db);
      } catch (const json::exception&) {
        throw serialization_error();
      }
    });
  }
  static AwsError serialization_error();

  // Deletes expired items of tables with TTL on (ttl_sweep.cpp).
  Awaitable<std::optional<TimePoint>> sweep_expired_items();

  ServiceContext context_;
  TableCatalog catalog_{context_.clock};
  ItemStats stats_;
};

}  // namespace eddy::services::dynamodb
