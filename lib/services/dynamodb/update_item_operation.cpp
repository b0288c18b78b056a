// UpdateItem: UpdateExpression (or legacy AttributeUpdates) applied to the current item, or to
// the key alone when there is none, under an optional condition.
//
// The store write runs one write at a time, so the update is worked out before it, from the item
// a read connection finds; the write then stores the result only if the item is still exactly
// what was read (its stored text), and otherwise works the update out again inside, on the item
// as it is then. Either way the answer is the one a write that read the item inside would give.
#include "services/dynamodb/dynamodb_errors.hpp"
#include "services/dynamodb/dynamodb_service.hpp"
#include "services/dynamodb/expressions/update.hpp"
#include "services/dynamodb/item_request.hpp"
#include "services/dynamodb/item_table.hpp"
#include "services/dynamodb/item_writer.hpp"
#include "services/dynamodb/values/attribute_value.hpp"
#include "services/dynamodb/values/stored_item_text.hpp"
#include "services/dynamodb/write_expressions.hpp"

namespace eddy::services::dynamodb {
namespace {

// The request's members an update needs, read once.
struct UpdateRequest {
  const Update* update;
  const Condition* condition;
  ReturnValues return_values;
  bool old_on_failure;
  CapacityDetail detail;
};

// The item to update, by its checked key, for one version of the table.
struct UpdateTarget {
  TablePtr table;
  json key;
  EncodedKey encoded;
};

UpdateTarget update_target_of(TablePtr table, const json& key_member, const Update* update) {
  json key = checked_key(*table, key_member);
  if (update) {
    for (const auto& path : update->paths()) {
      const auto& top = std::get<std::string>(path.front());
      if (top == table->keys.hash || (table->keys.range && top == *table->keys.range))
        throw errors::invalid_parameter("Cannot update attribute " + top +
                                        ". This attribute is part of the key");
    }
  }
  EncodedKey encoded = encode_key(*table, key);
  return {std::move(table), std::move(key), std::move(encoded)};
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
  const json& current = old_item ? *old_item : target.key;
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
  ItemToStore put = prepare_item_to_store(table, item, size);

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

// The update worked out from the item a read connection found, kept for the write to store if
// that item is still there unchanged.
struct UpdateGuess {
  std::optional<std::string> seen_text;  // none: there was no item
  std::optional<item_table::StoredItem> seen;
  UpdateOutcome outcome;
};

}  // namespace

Awaitable<json> DynamoDbService::UpdateItem(const Call& call) {
  const json& input = call.input;
  const json& table_name = required_member(input, "TableName", "tableName");
  const json& key_member = required_member(input, "Key", "key");
  WriteExpressions expressions = read_write_expressions(input, true);
  UpdateRequest request{expressions.update.get(), expressions.condition.get(),
                        read_return_values(input, true), read_return_old_on_failure(input),
                        read_capacity_detail(input)};

  UpdateTarget target =
      update_target_of(table_for_data(call, table_name), key_member, request.update);
  std::optional<UpdateGuess> guess;
  {
    std::optional<item_table::StoredItemText> stored;
    {
      auto reader = context_.store.reader();
      stored = item_table::get_text(reader.db(), target.table->id, target.encoded);
    }
    std::optional<std::string> seen_text;
    std::optional<item_table::StoredItem> seen;
    if (stored) {
      seen.emplace(item_table::StoredItem{parse_stored_item(stored->text), stored->size});
      seen_text = std::move(stored->text);
    }
    try {
      UpdateOutcome outcome = work_out_update(target, seen ? &*seen : nullptr, request);
      guess.emplace(UpdateGuess{std::move(seen_text), std::move(seen), std::move(outcome)});
    } catch (const AwsError&) {
      // A failed condition or a bad update is decided inside, on the item as it is then.
    }
  }

  co_return co_await write([&](store::Database& db) {
    TablePtr table = table_for_data(call, table_name);
    if (table == target.table && guess) {
      UpdateOutcome& outcome = guess->outcome;
      if (write_item_change_if_unchanged(
              db, stats_, *table, outcome.put, guess->seen_text ? &*guess->seen_text : nullptr,
              guess->seen ? &*guess->seen : nullptr, outcome.item, context_.clock.now_ms()))
        return std::move(outcome.answer);
    }
    if (table != target.table)
      target = update_target_of(std::move(table), key_member, request.update);
    auto old = item_table::get(db, target.table->id, target.encoded);
    UpdateOutcome outcome = work_out_update(target, old ? &*old : nullptr, request);
    write_item_change(db, stats_, *target.table, outcome.put, old ? &*old : nullptr, outcome.item,
                      context_.clock.now_ms());
    return std::move(outcome.answer);
  });
}

}  // namespace eddy::services::dynamodb
