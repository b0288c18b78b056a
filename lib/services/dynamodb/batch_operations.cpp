// BatchGetItem (up to 100 keys) and BatchWriteItem (up to 25 puts and deletes). Every request is
// processed, so UnprocessedKeys and UnprocessedItems are empty, except that a BatchGetItem answer
// stops at 16 MB and hands the rest back as UnprocessedKeys, as AWS does.
#include <map>
#include <set>

#include "services/dynamodb/dynamodb_errors.hpp"
#include "services/dynamodb/dynamodb_service.hpp"
#include "services/dynamodb/item_request.hpp"
#include "services/dynamodb/item_table.hpp"
#include "services/dynamodb/item_writer.hpp"
#include "services/dynamodb/read_answer_text.hpp"
#include "services/dynamodb/values/attribute_value.hpp"
#include "services/dynamodb/values/stored_item_text.hpp"
#include "store/transaction.hpp"

namespace eddy::services::dynamodb {
namespace {

constexpr std::size_t kMaxBatchGetKeys = 100;
constexpr std::size_t kMaxBatchWrites = 25;
constexpr std::size_t kMaxBatchGetBytes = 16 * 1024 * 1024;

const json& request_items(const json& input) {
  const json& items = required_member(input, "RequestItems", "requestItems");
  if (!items.is_object() || items.empty())
    throw errors::validation(
        "1 validation error detected: Value '{}' at 'requestItems' failed to satisfy constraint: "
        "Member must have length greater than or equal to 1");
  return items;
}

AwsError duplicate_keys() {
  return errors::validation("Provided list of item keys contains duplicates");
}

// One table's part of a BatchWriteItem: its puts and deletes, checked.
struct TableWrites {
  std::string table_name;
  std::vector<std::pair<bool, json>> requests;  // (is_put, item or key)
};

// A table's writes checked against the table and ready to store: a put's key and row, a
// delete's key (`item` null, the row empty).
struct PreparedBatchChange {
  ItemToStore put;
  const json* item = nullptr;
};
struct PreparedTableWrites {
  TablePtr table;
  std::vector<PreparedBatchChange> changes;
};

PreparedTableWrites prepare_batch_writes(TablePtr table, const TableWrites& writes) {
  PreparedTableWrites out{std::move(table), {}};
  const Table& checked = *out.table;
  // Check every request of the table before writing any.
  std::set<EncodedKey> seen;
  for (const auto& [put, body] : writes.requests) {
    if (put)
      out.changes.push_back({prepare_item_to_store(checked, body, item_size(body)), &body});
    else
      out.changes.push_back({{encode_key(checked, checked_key(checked, body)), {}}, nullptr});
    if (!seen.insert(out.changes.back().put.key).second) throw duplicate_keys();
  }
  return out;
}

}  // namespace

json DynamoDbService::BatchGetItem(const Call& call) {
  const json& items = request_items(call.input);
  CapacityDetail detail = read_capacity_detail(call.input);
  std::size_t total_keys = 0;
  for (const auto& [name, request] : items.items())
    if (request.is_object() && request.contains("Keys") && request["Keys"].is_array())
      total_keys += request["Keys"].size();
  if (total_keys > kMaxBatchGetKeys)
    throw errors::validation("Too many items requested for the BatchGetItem call");

  struct TableRead {
    std::string name;
    const json* request;
    ExpressionAttributes attributes;
    std::optional<Projection> projection;
  };
  std::vector<TableRead> reads;
  for (const auto& [name, request] : items.items()) {
    // find, not value(), which would copy every key (and answers end() for a non-object).
    auto found = request.find("Keys");
    if (found == request.end() || !found->is_array() || found->empty())
      throw errors::validation(
          "1 validation error detected: Value null at 'requestItems." + name +
          ".member.keys' failed to satisfy constraint: Member must not be null");
    check_expression_parameters(request, {"ProjectionExpression"}, {"AttributesToGet"});
    TableRead read{name, &request, ExpressionAttributes(request), std::nullopt};
    read.projection = read_projection(request, read.attributes);
    read.attributes.check_all_used();
    reads.push_back(std::move(read));
  }

  auto reader = context_.store.reader();
  auto& db = reader.db();
  // One read transaction for every key: each read outside one takes and gives the database's
  // shared lock and looks for a journal (~2.5k instructions a key). AWS promises no snapshot
  // across a batch; this one is a side effect, not a contract.
  store::ReadTransaction snapshot(db);
  // Each table's items as their stored text (or the text of their projection), joined.
  std::map<std::string, std::string> responses;
  json unprocessed = json::object();
  json capacities = json::array();
  std::size_t bytes = 0;
  for (auto& read : reads) {
    TablePtr table = table_for_data(call, json(read.name));
    bool consistent = read_consistent(*read.request);
    std::set<EncodedKey> seen;
    std::vector<std::pair<const json*, EncodedKey>> keys;
    for (const auto& key_member : (*read.request)["Keys"]) {
      EncodedKey encoded = checked_encoded_key(*table, key_member);
      if (!seen.insert(encoded).second) throw duplicate_keys();
      keys.emplace_back(&key_member, std::move(encoded));
    }
    std::string found;
    json left = json::array();
    std::size_t table_bytes = 0;
    for (auto& [key_member, encoded] : keys) {
      if (bytes >= kMaxBatchGetBytes) {
        left.push_back(checked_key(*table, *key_member));
        continue;
      }
      auto stored = item_table::get_text(db, table->id, encoded);
      if (!stored) continue;
      bytes += static_cast<std::size_t>(stored->size);
      table_bytes += static_cast<std::size_t>(stored->size);
      if (!found.empty()) found += ',';
      found += read.projection
                   ? stored_item_text(read.projection->apply(parse_stored_item(stored->text)))
                   : stored->text;
    }
    responses[table->name] = std::move(found);
    if (!left.empty()) {
      json request = *read.request;
      request["Keys"] = left;
      unprocessed[table->name] = request;
    }
    if (detail != CapacityDetail::none) {
      ConsumedCapacity capacity;
      capacity.add_table(read_units(table_bytes, consistent));
      capacities.push_back(capacity.to_json(*table, detail));
    }
  }
  return batch_get_answer_text(responses, unprocessed,
                               detail != CapacityDetail::none ? &capacities : nullptr);
}

Awaitable<json> DynamoDbService::BatchWriteItem(const Call& call) {
  const json& items = request_items(call.input);
  CapacityDetail detail = read_capacity_detail(call.input);
  std::size_t total = 0;
  std::vector<TableWrites> writes;
  for (const auto& [name, requests] : items.items()) {
    if (!requests.is_array() || requests.empty())
      throw errors::validation(
          "1 validation error detected: Value '{" + name +
          "=[]}' at 'requestItems' failed to satisfy constraint: Map value must satisfy "
          "constraint: [Member must have length less than or equal to 25, Member must have length "
          "greater than or equal to 1]");
    if (requests.size() > kMaxBatchWrites)
      throw errors::validation(
          "1 validation error detected: Value at 'requestItems' failed to satisfy constraint: Map "
          "value must satisfy constraint: [Member must have length less than or equal to 25, "
          "Member must have length greater than or equal to 1]");
    total += requests.size();
    if (total > kMaxBatchWrites)
      throw errors::validation("Too many items requested for the BatchWriteItem call");
    TableWrites table_writes{name, {}};
    for (const auto& request : requests) {
      bool put = request.is_object() && request.contains("PutRequest");
      bool remove = request.is_object() && request.contains("DeleteRequest");
      if (put == remove)
        throw errors::validation(
            "Supplied AttributeValue has more than one datatypes set, must contain exactly one of "
            "the supported datatypes");
      if (put)
        table_writes.requests.emplace_back(
            true, normalize_item(required_member(request["PutRequest"], "Item",
                                                 "requestItems.member.putRequest.item")));
      else
        table_writes.requests.emplace_back(
            false, required_member(request["DeleteRequest"], "Key",
                                   "requestItems.member.deleteRequest.key"));
    }
    writes.push_back(std::move(table_writes));
  }

  // Keys and item texts are built before the store write, which runs one write at a time; inside
  // it only a table changed meanwhile has them built again.
  std::vector<PreparedTableWrites> prepared;
  for (const auto& table_writes : writes)
    prepared.push_back(
        prepare_batch_writes(table_for_data(call, json(table_writes.table_name)), table_writes));

  co_return co_await write([&](store::Database& db) {
    json capacities = json::array();
    for (std::size_t t = 0; t < writes.size(); ++t) {
      TablePtr current = table_for_data(call, json(writes[t].table_name));
      if (current != prepared[t].table)
        prepared[t] = prepare_batch_writes(std::move(current), writes[t]);
      const Table& table = *prepared[t].table;
      // As PutItem and DeleteItem: a write needs the item it replaces only for capacity, indexes
      // and streams.
      bool needs_old =
          detail != CapacityDetail::none || !table.indexes.empty() || table.stream_enabled;
      ConsumedCapacity capacity;
      for (const auto& [put, new_item] : prepared[t].changes) {
        if (!needs_old) {
          if (new_item)
            put_item_unread(db, stats_, table, put);
          else
            delete_item_unread(db, stats_, table, put.key);
          continue;
        }
        auto old = item_table::get(db, table.id, put.key);
        const json* old_item = old ? &old->item : nullptr;
        if (new_item)
          write_item_change(db, stats_, table, put, old ? &*old : nullptr, *new_item,
                            context_.clock.now_ms());
        else if (old)
          write_item_change(db, stats_, table, put.key, &*old, nullptr, context_.clock.now_ms());
        ConsumedCapacity one = write_capacity(table, old_item, new_item);
        capacity.add_table(
            one.to_json(table, CapacityDetail::total)["CapacityUnits"].get<double>());
      }
      if (detail != CapacityDetail::none) capacities.push_back(capacity.to_json(table, detail));
    }
    json out = {{"UnprocessedItems", json::object()}};
    if (detail != CapacityDetail::none) out["ConsumedCapacity"] = capacities;
    return out;
  });
}

}  // namespace eddy::services::dynamodb
