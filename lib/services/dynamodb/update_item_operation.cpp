// UpdateItem: UpdateExpression (or legacy AttributeUpdates) applied to the current item, or to
// the key alone when there is none, under an optional condition. Plain SETs of top-level
// attributes under no condition or a presence check, answering nothing, are done on the stored
// item's text (stored_text_update.hpp) when the table needs no json of the item.
//
// The item is read, updated and stored inside one store write. Reading it first on a read
// connection and storing the result only if unchanged kept the serialized write shorter, but
// cost each update more CPU in all (a read transaction, and the writer's commits waiting for
// readers), and on a machine the load keeps busy the CPU per request is what sets throughput.
#include <memory>

#include "protocol/json_input.hpp"
#include "services/dynamodb/dynamodb_errors.hpp"
#include "services/dynamodb/dynamodb_service.hpp"
#include "services/dynamodb/expressions/update.hpp"
#include "services/dynamodb/item_request.hpp"
#include "services/dynamodb/item_request_text.hpp"
#include "services/dynamodb/item_table.hpp"
#include "services/dynamodb/item_writer.hpp"
#include "services/dynamodb/request_options_cache.hpp"
#include "services/dynamodb/stored_text_update.hpp"
#include "services/dynamodb/values/attribute_value.hpp"
#include "services/dynamodb/values/stored_item_text.hpp"
#include "services/dynamodb/write_expressions.hpp"

namespace eddy::services::dynamodb {

// The request's members other than TableName and Key, in AWS's order of their errors.
struct UpdateItemOptions {
  WriteExpressions expressions;
  ReturnValues return_values;
  bool old_on_failure;
  CapacityDetail detail;

  // The update done on the stored text, when it is of that shape and answers nothing. Shared:
  // options kept for a request text are copied out for each request.
  std::shared_ptr<const StoredTextUpdate> text_update;

  explicit UpdateItemOptions(const json& members)
      : expressions(read_write_expressions(members, true)),
        return_values(read_return_values(members, true)),
        old_on_failure(read_return_old_on_failure(members)),
        detail(read_capacity_detail(members)) {
    if (return_values != ReturnValues::none || detail != CapacityDetail::none) return;
    if (auto plan = StoredTextUpdate::plan(expressions.update.get(), expressions.condition.get()))
      text_update = std::make_shared<const StoredTextUpdate>(std::move(*plan));
  }
};

// The request's Key: its json, or what item_request_text read of its text (valid and normal).
struct UpdateItemKey {
  const json* member = nullptr;
  const ItemText* text = nullptr;

  EncodedKey encoded(const Table& table) const {
    if (member) return checked_encoded_key(table, *member);
    if (std::optional<EncodedKey> key = checked_encoded_key_text(table, *text)) return *key;
    // Not the table's key: the same Key as json gives the error.
    return checked_encoded_key(table, parse_stored_item(text->stored_text));
  }

  // The key as an item, once checked.
  json item(const Table& table) const {
    return member ? checked_key(table, *member) : parse_stored_item(text->stored_text);
  }
};

namespace {

// The request's members an update needs, read once.
struct UpdateRequest {
  const Update* update;
  const Condition* condition;
  ReturnValues return_values;
  bool old_on_failure;
  CapacityDetail detail;
  const StoredTextUpdate* text_update;  // null: the update goes the json way
};

// The item to update, by its checked key, for one version of the table.
struct UpdateTarget {
  TablePtr table;
  UpdateItemKey key;  // checked
  EncodedKey encoded;
};

UpdateTarget update_target_of(TablePtr table, const UpdateItemKey& key, const Update* update) {
  EncodedKey encoded = key.encoded(*table);
  if (update) {
    for (const auto& path : update->paths()) {
      const auto& top = std::get<std::string>(path.front());
      if (top == table->keys.hash || (table->keys.range && top == *table->keys.range))
        throw errors::invalid_parameter("Cannot update attribute " + top +
                                        ". This attribute is part of the key");
    }
  }
  return {std::move(table), key, std::move(encoded)};
}

// What the update makes of the item `old` (null: none): the new item ready to store, and the
// answer. Throws the condition's failure and what the update finds wrong with the data.
struct UpdateOutcome {
  json item;
  ItemToStore put;
  json answer;
};

UpdateOutcome work_out_update(const UpdateTarget& target, item_table::StoredItem* old,
                              const UpdateRequest& request) {
  const Table& table = *target.table;
  const json* old_item = old ? &old->item : nullptr;
  if (request.condition && !request.condition->matches(old_item ? *old_item : no_item()))
    throw errors::conditional_check_failed(request.old_on_failure ? old_item : nullptr);
  // Without an item the update starts from the key alone, built only then.
  json key_only;
  if (!old_item) key_only = target.key.item(table);
  const json& current = old_item ? *old_item : key_only;
  // The old item is updated in place when nothing reads it afterwards.
  bool old_read_after = request.return_values == ReturnValues::all_old ||
                        request.return_values == ReturnValues::updated_old ||
                        request.detail != CapacityDetail::none || !table.indexes.empty() ||
                        table.stream_enabled;
  const Update* update = request.update;
  json item = !update                  ? current
              : old && !old_read_after ? update->apply(std::move(old->item))
                                       : update->apply(current);
  std::size_t size = item_size(item);
  check_updated_item_size(size);
  // An update never changes the key (update_target_of): only index keys need checking.
  ItemToStore put = prepare_item_to_store(table, item, size, target.encoded);

  json answer = json::object();
  json attributes_out;
  switch (request.return_values) {
    case ReturnValues::none:
      break;
    case ReturnValues::all_old:
      if (old_item) attributes_out = *old_item;
      break;
    case ReturnValues::all_new:
      attributes_out = item;
      break;
    case ReturnValues::updated_old:
      if (old_item && update)
        attributes_out = Projection::from_paths(update->paths()).apply(*old_item);
      break;
    case ReturnValues::updated_new:
      if (update) attributes_out = Projection::from_paths(update->paths()).apply(item);
      break;
  }
  if (attributes_out.is_object() && !attributes_out.empty())
    answer["Attributes"] = std::move(attributes_out);
  if (request.detail != CapacityDetail::none)
    answer["ConsumedCapacity"] =
        write_capacity(table, old_item, &item).to_json(table, request.detail);
  return {std::move(item), std::move(put), std::move(answer)};
}

// The update of an item that exists done on its stored text, on a table whose writes read no
// json of the item (no index, stream or TTL attribute): the answer, or nothing when the item is
// not there or its text not in the stored form (the json way then reads it again and answers).
std::optional<json> update_stored_text(store::Database& db, ItemStats& stats,
                                       const UpdateTarget& target, const UpdateRequest& request) {
  const Table& table = *target.table;
  if (!table.indexes.empty() || table.stream_enabled || table.ttl_attribute) return std::nullopt;
  std::optional<item_table::StoredItemText> old =
      item_table::get_text(db, table.id, target.encoded);
  if (!old) return std::nullopt;
  std::optional<StoredTextUpdate::Result> updated =
      request.text_update->apply(old->text, old->size);
  if (!updated) return std::nullopt;
  if (!updated->condition_holds) {
    if (!request.old_on_failure) throw errors::conditional_check_failed();
    json old_item = parse_stored_item(old->text);
    throw errors::conditional_check_failed(&old_item);
  }
  check_updated_item_size(static_cast<std::size_t>(updated->size));
  replace_item_without_json(
      db, stats, table, {target.encoded, {std::move(updated->text), updated->size, std::nullopt}},
      old->size);
  return json::object();
}

}  // namespace

Awaitable<json> DynamoDbService::UpdateItem(const Call& call) {
  if (!call.json_text) co_return co_await update_item(call, call.input);
  if (std::optional<ItemRequestText> request =
          read_item_request_text(*call.json_text, kUpdateItemTextShape)) {
    static OptionsByText<UpdateItemOptions> kept_options;
    UpdateItemOptions options = kept_options.get(request->others_text, [&] {
      return UpdateItemOptions(other_members_json(*request, *call.json_text));
    });
    co_return co_await update_item(call, request->table_name, UpdateItemKey{.text = &request->item},
                                   options);
  }
  json input = protocol::parse_json_input(*call.json_text);
  co_return co_await update_item(call, input);
}

Awaitable<json> DynamoDbService::update_item(const Call& call, const json& input) {
  const json& table_name = required_member(input, "TableName", "tableName");
  const json& key_member = required_member(input, "Key", "key");
  co_return co_await update_item(call, table_name, UpdateItemKey{.member = &key_member},
                                 UpdateItemOptions(input));
}

Awaitable<json> DynamoDbService::update_item(const Call& call, const json& table_name,
                                             const UpdateItemKey& key,
                                             const UpdateItemOptions& options) {
  UpdateRequest request{options.expressions.update.get(),
                        options.expressions.condition.get(),
                        options.return_values,
                        options.old_on_failure,
                        options.detail,
                        options.text_update.get()};

  SeenTable seen = see_table(call, table_name);
  UpdateTarget target = update_target_of(seen.table, key, request.update);
  co_return co_await write([&](store::Database& db) {
    if (table_changed(seen, call, table_name))
      target = update_target_of(seen.table, key, request.update);
    if (request.text_update)
      if (std::optional<json> answer = update_stored_text(db, stats_, target, request))
        return std::move(*answer);
    auto old = item_table::get(db, target.table->id, target.encoded);
    UpdateOutcome outcome = work_out_update(target, old ? &*old : nullptr, request);
    write_item_change(db, stats_, *target.table, outcome.put, old ? &*old : nullptr, outcome.item,
                      context_.clock.now_ms());
    return std::move(outcome.answer);
  });
}

}  // namespace eddy::services::dynamodb
