// GetItem and DeleteItem: one item by its key, with conditions and ReturnValues.
#include "protocol/json_input.hpp"
#include "services/dynamodb/dynamodb_errors.hpp"
#include "services/dynamodb/dynamodb_service.hpp"
#include "services/dynamodb/item_request.hpp"
#include "services/dynamodb/item_request_text.hpp"
#include "services/dynamodb/item_table.hpp"
#include "services/dynamodb/item_writer.hpp"
#include "services/dynamodb/read_answer_text.hpp"
#include "services/dynamodb/request_options_cache.hpp"
#include "services/dynamodb/values/attribute_value.hpp"
#include "services/dynamodb/values/stored_item_text.hpp"
#include "services/dynamodb/write_expressions.hpp"

namespace eddy::services::dynamodb {

struct DynamoDbService::GetOptions {
  std::optional<Projection> projection;
  bool consistent = false;
  CapacityDetail detail = CapacityDetail::none;

  // The request's members other than TableName and Key, in AWS's order of their errors.
  explicit GetOptions(const json& input) {
    // Most reads name no attributes: nothing to check, nothing to project.
    if (has_any_member(input, {"ProjectionExpression", "AttributesToGet",
                               "ExpressionAttributeNames", "ExpressionAttributeValues"})) {
      check_expression_parameters(input, {"ProjectionExpression"}, {"AttributesToGet"});
      ExpressionAttributes attributes(input);
      projection = read_projection(input, attributes);
      attributes.check_all_used();
    }
    consistent = read_consistent(input);
    detail = read_capacity_detail(input);
  }
};

json DynamoDbService::GetItem(const Call& call) {
  if (!call.json_text) return get_item(call, call.input);
  if (std::optional<ItemRequestText> request =
          read_item_request_text(*call.json_text, kGetItemTextShape))
    return get_item(call, *request);
  return get_item(call, protocol::parse_json_input(*call.json_text));
}

json DynamoDbService::get_item(const Call& call, const json& input) {
  const json& table_name = required_member(input, "TableName", "tableName");
  const json& key_member = required_member(input, "Key", "key");
  GetOptions options(input);
  TablePtr table = find_table(call, table_name);
  return read_item(*table, checked_encoded_key(*table, key_member), options);
}

json DynamoDbService::get_item(const Call& call, const ItemRequestText& request) {
  static OptionsByText<GetOptions> kept_options;
  GetOptions options = kept_options.get(request.others_text, [&] {
    return GetOptions(other_members_json(request, *call.json_text));
  });
  TablePtr table = find_table(call, request.table_name);
  std::optional<EncodedKey> key = checked_encoded_key_text(*table, request.item);
  // A key that is not the table's: the json Key gives the error, as the request's json would.
  if (!key) return get_item(call, protocol::parse_json_input(*call.json_text));
  return read_item(*table, *key, options);
}

json DynamoDbService::read_item(const Table& table, const EncodedKey& key,
                                const GetOptions& options) {
  std::optional<item_table::StoredItemText> stored;
  {
    auto reader = context_.store.reader();
    stored = item_table::get_text(reader.db(), table.id, key);
  }
  std::optional<json> capacity;
  if (options.detail != CapacityDetail::none) {
    ConsumedCapacity units;
    units.add_table(
        read_units(stored ? static_cast<std::size_t>(stored->size) : 0, options.consistent));
    capacity = units.to_json(table, options.detail);
  }
  if (!options.projection) {
    // The item goes out as it is stored, never parsed.
    std::optional<std::string> text;
    if (stored) text = std::move(stored->text);
    return get_item_answer_text(text, capacity ? &*capacity : nullptr);
  }
  json out = json::object();
  if (stored) out["Item"] = options.projection->apply(parse_stored_item(stored->text));
  if (capacity) out["ConsumedCapacity"] = std::move(*capacity);
  return out;
}

Awaitable<json> DynamoDbService::DeleteItem(const Call& call) {
  const json& input = call.input;
  const json& table_name = required_member(input, "TableName", "tableName");
  const json& key_member = required_member(input, "Key", "key");
  std::shared_ptr<const Condition> condition = read_write_expressions(input, false).condition;
  ReturnValues return_values = read_return_values(input, false);
  bool old_on_failure = read_return_old_on_failure(input);
  CapacityDetail detail = read_capacity_detail(input);

  // As PutItem: the key is checked and encoded before the store write, again inside only if the
  // table changed meanwhile.
  SeenTable seen = see_table(call, table_name);
  EncodedKey key = checked_encoded_key(*seen.table, key_member);

  co_return co_await write([&](store::Database& db) {
    if (table_changed(seen, call, table_name)) key = checked_encoded_key(*seen.table, key_member);
    const TablePtr& table = seen.table;
    // Only a condition, ReturnValues, capacity, indexes and streams need the item read.
    bool needs_old = condition || return_values != ReturnValues::none ||
                     detail != CapacityDetail::none || !table->indexes.empty() ||
                     table->stream_enabled;
    if (!needs_old) {
      delete_item_unread(db, stats_, *table, key);
      return json::object();
    }
    auto old = item_table::get(db, table->id, key);
    const json* old_item = old ? &old->item : nullptr;
    if (condition && !condition->matches(old_item ? *old_item : no_item()))
      throw errors::conditional_check_failed(old_on_failure ? old_item : nullptr);
    if (old) write_item_change(db, stats_, *table, key, &*old, nullptr, context_.clock.now_ms());
    json out = json::object();
    if (return_values == ReturnValues::all_old && old_item) out["Attributes"] = *old_item;
    if (detail != CapacityDetail::none)
      out["ConsumedCapacity"] = write_capacity(*table, old_item, nullptr).to_json(*table, detail);
    return out;
  });
}

}  // namespace eddy::services::dynamodb
