// TransactWriteItems and TransactGetItems. A write transaction checks every action's condition
// first and writes nothing unless all pass; it is one store write, so it commits whole or not at
// all. A ClientRequestToken makes a retry within ten minutes succeed without running again.
#include <set>

#include "core/hashing.hpp"
#include "services/dynamodb/dynamodb_errors.hpp"
#include "services/dynamodb/dynamodb_service.hpp"
#include "services/dynamodb/expressions/update.hpp"
#include "services/dynamodb/item_request.hpp"
#include "services/dynamodb/item_table.hpp"
#include "services/dynamodb/transaction_writer.hpp"
#include "services/dynamodb/values/attribute_value.hpp"
#include "store/transaction.hpp"

namespace eddy::services::dynamodb {
namespace {

constexpr std::size_t kMaxTransactionActions = 100;

using ActionKind = ItemWrite::Kind;

// One action of a TransactWriteItems, parsed before the write.
struct WriteAction {
  ActionKind kind;
  const json* body;  // the Put, Update, Delete or ConditionCheck member
  json item;         // Put: the normalised item
  std::optional<Condition> condition;
  std::optional<Update> update;
  bool old_on_failure = false;
};

WriteAction parse_action(const json& entry) {
  static constexpr std::pair<const char*, ActionKind> kKinds[] = {
      {"Put", ActionKind::put},
      {"Update", ActionKind::update},
      {"Delete", ActionKind::remove},
      {"ConditionCheck", ActionKind::check}};
  const json* body = nullptr;
  ActionKind kind = ActionKind::check;
  int found = 0;
  for (const auto& [name, candidate] : kKinds) {
    if (entry.is_object() && entry.contains(name) && !entry[name].is_null()) {
      body = &entry[name];
      kind = candidate;
      ++found;
    }
  }
  if (found != 1)
    throw errors::validation("TransactItems can only contain one of Check, Put, Update or Delete");
  WriteAction action{kind, body, json(), std::nullopt, std::nullopt, false};
  required_member(*body, "TableName", "transactItems.member.tableName");
  ExpressionAttributes attributes(*body);
  if (kind == ActionKind::put) {
    action.item = normalize_item(required_member(*body, "Item", "transactItems.member.put.item"));
  } else {
    required_member(*body, "Key", "transactItems.member.key");
  }
  if (kind == ActionKind::update) {
    const json& text =
        required_member(*body, "UpdateExpression", "transactItems.member.update.updateExpression");
    action.update =
        Update::parse(text.is_string() ? text.get_ref<const std::string&>() : "", attributes);
  }
  if (kind == ActionKind::check)
    required_member(*body, "ConditionExpression",
                    "transactItems.member.conditionCheck.conditionExpression");
  action.condition = read_condition(*body, attributes);
  attributes.check_all_used();
  action.old_on_failure = read_return_old_on_failure(*body);
  return action;
}

// The action bound to its table and item. Refusing to update a key attribute fails the whole
// request, not the action.
ItemWrite bind_write_action(TablePtr table, const WriteAction& action) {
  json key;
  if (action.kind == ActionKind::put) {
    check_item_keys(*table, action.item);
    key = key_of(*table, action.item);
  } else {
    key = checked_key(*table, (*action.body)["Key"]);
  }
  if (action.update) {
    for (const auto& path : action.update->paths()) {
      const auto& top = std::get<std::string>(path.front());
      if (top == table->keys.hash || (table->keys.range && top == *table->keys.range))
        throw errors::invalid_parameter("Cannot update attribute " + top +
                                        ". This attribute is part of the key");
    }
  }
  ItemWrite write{action.kind, table, encode_key(*table, key), {}};
  write.apply = [&action, table, key = std::move(key)](const json* current) -> std::optional<json> {
    if (action.condition && !action.condition->matches(current ? *current : no_item()))
      throw errors::conditional_check_failed(action.old_on_failure ? current : nullptr);
    switch (action.kind) {
      case ActionKind::put:
        return action.item;
      case ActionKind::update: {
        json updated = action.update->apply(current ? *current : key);
        check_updated_item_size(updated);
        check_item_keys(*table, updated);
        return updated;
      }
      case ActionKind::remove:
        return std::nullopt;
      case ActionKind::check:
        break;
    }
    return current ? std::optional<json>(*current) : std::nullopt;
  };
  return write;
}

}  // namespace

Awaitable<json> DynamoDbService::TransactWriteItems(const Call& call) {
  const json& entries = required_member(call.input, "TransactItems", "transactItems");
  if (!entries.is_array() || entries.empty() || entries.size() > kMaxTransactionActions)
    throw errors::validation(
        "1 validation error detected: Value at 'transactItems' failed to satisfy constraint: "
        "Member must have length " +
        std::string(entries.is_array() && entries.size() > kMaxTransactionActions
                        ? "less than or equal to 100"
                        : "greater than or equal to 1"));
  CapacityDetail detail = read_capacity_detail(call.input);
  std::vector<WriteAction> actions;
  actions.reserve(entries.size());
  for (const auto& entry : entries) actions.push_back(parse_action(entry));
  std::optional<TransactionToken> token;
  if (call.input.contains("ClientRequestToken") && call.input["ClientRequestToken"].is_string())
    token = TransactionToken{call.account, call.region,
                             call.input["ClientRequestToken"].get<std::string>(),
                             hashing::sha256_hex(entries.dump())};

  co_return co_await write([&](store::Database& db) {
    std::int64_t now = context_.clock.now_ms();
    if (token && token->seen(db, now)) return json::object();
    std::vector<ItemWrite> writes;
    writes.reserve(actions.size());
    for (const auto& action : actions)
      writes.push_back(
          bind_write_action(table_for_data(call, (*action.body)["TableName"]), action));
    json capacity = run_write_transaction(db, stats_, writes, now, detail);
    if (token) token->remember(db, now);
    json out = json::object();
    if (!capacity.is_null()) out["ConsumedCapacity"] = std::move(capacity);
    return out;
  });
}

json DynamoDbService::TransactGetItems(const Call& call) {
  const json& entries = required_member(call.input, "TransactItems", "transactItems");
  if (!entries.is_array() || entries.empty() || entries.size() > kMaxTransactionActions)
    throw errors::validation(
        "1 validation error detected: Value at 'transactItems' failed to satisfy constraint: "
        "Member must have length " +
        std::string(entries.is_array() && entries.size() > kMaxTransactionActions
                        ? "less than or equal to 100"
                        : "greater than or equal to 1"));
  CapacityDetail detail = read_capacity_detail(call.input);
  std::vector<std::optional<Projection>> projections;
  for (const auto& entry : entries) {
    const json& get = required_member(entry, "Get", "transactItems.member.get");
    required_member(get, "TableName", "transactItems.member.get.tableName");
    required_member(get, "Key", "transactItems.member.get.key");
    ExpressionAttributes attributes(get);
    projections.push_back(read_projection(get, attributes));
    attributes.check_all_used();
  }
  // Every Get reads the same snapshot: one read transaction on a read connection.
  auto reader = context_.store.reader();
  store::ReadTransaction snapshot(reader.db());
  json responses = json::array();
  std::map<std::string, std::pair<TablePtr, ConsumedCapacity>> capacity;
  std::set<std::pair<std::int64_t, EncodedKey>> seen;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const json& get = entries[i]["Get"];
    TablePtr table = table_for_data(call, get["TableName"]);
    EncodedKey key = encode_key(*table, checked_key(*table, get["Key"]));
    if (!seen.insert({table->id, key}).second)
      throw errors::validation(
          "Transaction request cannot include multiple operations on one item");
    auto stored = item_table::get(reader.db(), table->id, key);
    json response = json::object();
    if (stored)
      response["Item"] = projections[i] ? projections[i]->apply(stored->item) : stored->item;
    responses.push_back(std::move(response));
    auto& [entry_table, units] = capacity[table->name];
    entry_table = table;
    units.add_table(2 * read_units(stored ? static_cast<std::size_t>(stored->size) : 0, true));
  }
  json out = {{"Responses", responses}};
  if (detail != CapacityDetail::none) {
    json list = json::array();
    for (const auto& [name, entry] : capacity)
      list.push_back(entry.second.to_json(*entry.first, detail));
    out["ConsumedCapacity"] = list;
  }
  return out;
}

}  // namespace eddy::services::dynamodb
