// UpdateItem: UpdateExpression (or legacy AttributeUpdates) applied to the current item, or to
// the key alone when there is none, under an optional condition.
#include "services/dynamodb/dynamodb_errors.hpp"
#include "services/dynamodb/dynamodb_service.hpp"
#include "services/dynamodb/expressions/update.hpp"
#include "services/dynamodb/item_request.hpp"
#include "services/dynamodb/item_table.hpp"
#include "services/dynamodb/item_writer.hpp"
#include "services/dynamodb/values/attribute_value.hpp"
#include "services/dynamodb/write_expressions.hpp"

namespace eddy::services::dynamodb {

Awaitable<json> DynamoDbService::UpdateItem(const Call& call) {
  const json& input = call.input;
  const json& table_name = required_member(input, "TableName", "tableName");
  const json& key_member = required_member(input, "Key", "key");
  WriteExpressions expressions = read_write_expressions(input, true);
  const Update* update = expressions.update.get();
  const Condition* condition = expressions.condition.get();
  ReturnValues return_values = read_return_values(input, true);
  bool old_on_failure = read_return_old_on_failure(input);
  CapacityDetail detail = read_capacity_detail(input);

  co_return co_await write([&](store::Database& db) {
    TablePtr table = table_for_data(call, table_name);
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
    auto old = item_table::get(db, table->id, encoded);
    const json* old_item = old ? &old->item : nullptr;
    if (condition && !condition->matches(old_item ? *old_item : no_item()))
      throw errors::conditional_check_failed(old_on_failure ? old_item : nullptr);
    const json& current = old_item ? *old_item : key;
    // The old item is updated in place when nothing reads it afterwards.
    bool old_read_after =
        return_values == ReturnValues::all_old || return_values == ReturnValues::updated_old ||
        detail != CapacityDetail::none || !table->indexes.empty() || table->stream_enabled;
    json item = !update                  ? current
                : old && !old_read_after ? update->apply(std::move(old->item))
                                         : update->apply(current);
    check_updated_item_size(item);
    check_item_keys(*table, item);
    write_item_change(db, stats_, *table, encoded, old ? &*old : nullptr, &item,
                      context_.clock.now_ms());

    json out = json::object();
    json attributes_out;
    switch (return_values) {
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
      out["Attributes"] = std::move(attributes_out);
    if (detail != CapacityDetail::none)
      out["ConsumedCapacity"] = write_capacity(*table, old_item, &item).to_json(*table, detail);
    return out;
  });
}

}  // namespace eddy::services::dynamodb
