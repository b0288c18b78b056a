// PutItem: an item stored whole, under an optional condition, answering the item it replaced if
// asked. A request arriving as JSON text is read by item_request_text without a json value of it,
// and a put that needs nothing of the item it replaces stores the text that reader wrote: no json
// item at all. Anything that reader does not take goes the json way, as in-process calls do.
#include "protocol/json_input.hpp"
#include "services/dynamodb/dynamodb_errors.hpp"
#include "services/dynamodb/dynamodb_service.hpp"
#include "services/dynamodb/item_request.hpp"
#include "services/dynamodb/item_request_text.hpp"
#include "services/dynamodb/item_table.hpp"
#include "services/dynamodb/item_writer.hpp"
#include "services/dynamodb/request_options_cache.hpp"
#include "services/dynamodb/values/attribute_value.hpp"
#include "services/dynamodb/values/stored_item_text.hpp"
#include "services/dynamodb/write_expressions.hpp"

namespace eddy::services::dynamodb {

struct DynamoDbService::PutOptions {
  std::shared_ptr<const Condition> condition;
  ReturnValues return_values = ReturnValues::none;
  bool old_on_failure = false;
  CapacityDetail detail = CapacityDetail::none;

  // The request's members other than TableName and Item, in AWS's order of their errors.
  explicit PutOptions(const json& input)
      : condition(read_write_expressions(input, false).condition),
        return_values(read_return_values(input, false)),
        old_on_failure(read_return_old_on_failure(input)),
        detail(read_capacity_detail(input)) {}

  // Only a condition, ReturnValues, capacity, indexes and streams need the item replaced.
  bool needs_old(const Table& table) const {
    return condition || return_values != ReturnValues::none || needs_item(table);
  }
  // Only capacity, indexes and streams read the item stored as json.
  bool needs_item(const Table& table) const {
    return detail != CapacityDetail::none || !table.indexes.empty() || table.stream_enabled;
  }
};

Awaitable<json> DynamoDbService::PutItem(const Call& call) {
  if (!call.json_text) co_return co_await put_item(call, call.input);
  if (std::optional<ItemRequestText> request =
          read_item_request_text(*call.json_text, kPutItemTextShape))
    co_return co_await put_item(call, *request);
  json input = protocol::parse_json_input(*call.json_text);
  co_return co_await put_item(call, input);
}

Awaitable<json> DynamoDbService::put_item(const Call& call, const json& input) {
  const json& table_name = required_member(input, "TableName", "tableName");
  const json& request_item = required_member(input, "Item", "item");
  std::size_t item_bytes = 0;
  std::optional<json> normalised = normalize_item_if_changed(request_item, &item_bytes);
  const json& item = normalised ? *normalised : request_item;
  PutOptions options(input);

  // The item's key and text are built before the store write, which runs one write at a time;
  // inside it only a changed table (a TTL attribute, an index, a stream) builds them again.
  SeenTable seen = see_table(call, table_name);
  ItemToStore put = prepare_item_to_store(*seen.table, item, item_bytes);

  co_return co_await write([&](store::Database& db) {
    if (table_changed(seen, call, table_name))
      put = prepare_item_to_store(*seen.table, item, item_bytes);
    return store_put(db, *seen.table, options, put, &item);
  });
}

Awaitable<json> DynamoDbService::put_item(const Call& call, const ItemRequestText& request) {
  static OptionsByText<PutOptions> kept_options;
  PutOptions options = kept_options.get(request.others_text, [&] {
    return PutOptions(other_members_json(request, *call.json_text));
  });
  SeenTable seen = see_table(call, request.table_name);
  // The item as json, built only when the put needs it (or its key needs checking on it).
  std::optional<json> item;
  std::optional<ItemToStore> put;
  auto prepare = [&] {
    put.reset();
    if (!options.needs_item(*seen.table))
      put = prepare_text_item_to_store(*seen.table, request.item);
    if (put) return;
    if (!item) item = parse_stored_item(request.item.stored_text);
    put = prepare_item_to_store(*seen.table, *item, request.item.size);
  };
  prepare();

  co_return co_await write([&](store::Database& db) {
    if (table_changed(seen, call, request.table_name)) prepare();
    return store_put(db, *seen.table, options, *put, item ? &*item : nullptr);
  });
}

json DynamoDbService::store_put(store::Database& db, const Table& table, const PutOptions& options,
                                const ItemToStore& put, const json* item) {
  if (!options.needs_old(table)) {
    put_item_unread(db, stats_, table, put);
    return json::object();
  }
  std::optional<item_table::StoredItem> old = item_table::get(db, table.id, put.key);
  const json* old_item = old ? &old->item : nullptr;
  if (options.condition && !options.condition->matches(old_item ? *old_item : no_item()))
    throw errors::conditional_check_failed(options.old_on_failure ? old_item : nullptr);
  if (item)
    write_item_change(db, stats_, table, put, old ? &*old : nullptr, *item,
                      context_.clock.now_ms());
  else
    write_item_change_without_json(db, stats_, table, put, old ? &*old : nullptr);
  json out = json::object();
  if (options.return_values == ReturnValues::all_old && old_item) out["Attributes"] = *old_item;
  if (options.detail != CapacityDetail::none)
    out["ConsumedCapacity"] = write_capacity(table, old_item, item).to_json(table, options.detail);
  return out;
}

}  // namespace eddy::services::dynamodb
