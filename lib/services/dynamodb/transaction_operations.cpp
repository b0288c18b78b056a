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
#include "services/dynamodb/item_writer.hpp"
#include "services/dynamodb/values/attribute_value.hpp"

namespace eddy::services::dynamodb {
namespace {

constexpr std::size_t kMaxTransactionActions = 100;
constexpr std::int64_t kTokenLifetimeMs = 10 * 60 * 1000;

enum class ActionKind { put, update, remove, check };

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

std::string reason_code_list(const json& reasons) {
  std::string out = "[";
  for (std::size_t i = 0; i < reasons.size(); ++i)
    out += (i ? ", " : "") + reasons[i]["Code"].get<std::string>();
  return out + "]";
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
  std::optional<std::string> token;
  if (call.input.contains("ClientRequestToken") && call.input["ClientRequestToken"].is_string())
    token = call.input["ClientRequestToken"].get<std::string>();
  std::string request_hash = hashing::sha256_hex(entries.dump());

  co_return co_await write([&](store::Database& db) {
    std::int64_t now = context_.clock.now_ms();
    if (token) {
      auto q = db.query(
          "SELECT request_hash FROM ddb_transaction_tokens WHERE account = ? AND region = ? AND "
          "token = ? AND expires_ms > ?");
      q->bind(1, call.account).bind(2, call.region).bind(3, *token).bind(4, now);
      if (q->step()) {
        if (q->text(0) != request_hash)
          throw AwsError("IdempotentParameterMismatchException",
                         "Request parameters do not match the parameters of the previous "
                         "request with the same client request token.");
        return json::object();
      }
    }
    struct Resolved {
      TablePtr table;
      EncodedKey key;
      std::optional<item_table::StoredItem> old;
      std::optional<json> new_item;
    };
    std::vector<Resolved> resolved;
    std::set<std::pair<std::int64_t, EncodedKey>> seen;
    for (const auto& action : actions) {
      TablePtr table = table_for_data(call, (*action.body)["TableName"]);
      json key;
      if (action.kind == ActionKind::put) {
        check_item_keys(*table, action.item);
        key = key_of(*table, action.item);
      } else {
        key = checked_key(*table, (*action.body)["Key"]);
      }
      EncodedKey encoded = encode_key(*table, key);
      if (!seen.insert({table->id, encoded}).second)
        throw errors::validation(
            "Transaction request cannot include multiple operations on one item");
      if (action.update) {
        for (const auto& path : action.update->paths()) {
          const auto& top = std::get<std::string>(path.front());
          if (top == table->keys.hash || (table->keys.range && top == *table->keys.range))
            throw errors::invalid_parameter("Cannot update attribute " + top +
                                            ". This attribute is part of the key");
        }
      }
      resolved.push_back({table, encoded, item_table::get(db, table->id, encoded), std::nullopt});
      resolved.back().new_item = key;
    }

    // Every condition and update is evaluated before anything is written.
    json reasons = json::array();
    bool cancelled = false;
    for (std::size_t i = 0; i < actions.size(); ++i) {
      const WriteAction& action = actions[i];
      Resolved& target = resolved[i];
      const json* old_item = target.old ? &target.old->item : nullptr;
      json reason = {{"Code", "None"}};
      try {
        if (action.condition && !action.condition->matches(old_item ? *old_item : json::object())) {
          reason = {{"Code", "ConditionalCheckFailed"},
                    {"Message", "The conditional request failed"}};
          if (action.old_on_failure && old_item) reason["Item"] = *old_item;
        } else if (action.kind == ActionKind::put) {
          target.new_item = action.item;
        } else if (action.kind == ActionKind::update) {
          json updated = action.update->apply(old_item ? *old_item : *target.new_item);
          check_updated_item_size(updated);
          check_item_keys(*target.table, updated);
          target.new_item = std::move(updated);
        } else {
          target.new_item.reset();
        }
      } catch (const AwsError& error) {
        reason = {{"Code", "ValidationError"}, {"Message", error.message()}};
      }
      if (reason["Code"] != "None") cancelled = true;
      reasons.push_back(std::move(reason));
    }
    if (cancelled)
      throw AwsError("TransactionCanceledException",
                     "Transaction cancelled, please refer cancellation reasons for specific "
                     "reasons " +
                         reason_code_list(reasons))
          .with_details({{"CancellationReasons", reasons}});

    std::map<std::string, ConsumedCapacity> capacity;
    for (std::size_t i = 0; i < actions.size(); ++i) {
      Resolved& target = resolved[i];
      const json* old_item = target.old ? &target.old->item : nullptr;
      if (actions[i].kind == ActionKind::check) {
        capacity[target.table->name].add_table(
            2 * read_units(target.old ? static_cast<std::size_t>(target.old->size) : 0, true));
        continue;
      }
      const json* new_item = target.new_item ? &*target.new_item : nullptr;
      if (old_item || new_item)
        write_item_change(db, *target.table, target.key, old_item, new_item,
                          context_.clock.now_ms());
      json units = write_capacity(*target.table, old_item, new_item)
                       .to_json(*target.table, CapacityDetail::total);
      capacity[target.table->name].add_table(2 * units["CapacityUnits"].get<double>());
    }
    if (token) {
      db.query(
            "INSERT OR REPLACE INTO ddb_transaction_tokens (account, region, token, "
            "request_hash, expires_ms) VALUES (?, ?, ?, ?, ?)")
          ->bind(1, call.account)
          .bind(2, call.region)
          .bind(3, *token)
          .bind(4, request_hash)
          .bind(5, now + kTokenLifetimeMs)
          .run();
    }
    json out = json::object();
    if (detail != CapacityDetail::none) {
      json list = json::array();
      for (const auto& r : resolved) {
        auto it = capacity.find(r.table->name);
        if (it == capacity.end()) continue;
        list.push_back(it->second.to_json(*r.table, detail));
        capacity.erase(it);
      }
      out["ConsumedCapacity"] = list;
    }
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
  auto lock = context_.store.lock();
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
    auto stored = item_table::get(context_.store.db(), table->id, key);
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
