// PartiQL: ExecuteStatement (one statement), BatchExecuteStatement (up to 25 reads of one item
// each, or up to 25 writes, each succeeding or failing alone) and ExecuteTransaction (up to 100
// reads, or up to 100 writes and EXISTS checks committed all or nothing). Writes run as the
// ItemWrites PutItem's and TransactWriteItems' paths run, so streams and indexes follow them.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "core/hashing.hpp"
#include "services/dynamodb/dynamodb_errors.hpp"
#include "services/dynamodb/dynamodb_service.hpp"
#include "services/dynamodb/item_request.hpp"
#include "services/dynamodb/item_table.hpp"
#include "services/dynamodb/partiql/partiql_statement.hpp"
#include "services/dynamodb/partiql_writes.hpp"
#include "services/dynamodb/transaction_writer.hpp"

namespace eddy::services::dynamodb {
namespace {

constexpr std::size_t kMaxStatementLength = 8192;
constexpr std::size_t kMaxBatchStatements = 25;
constexpr std::size_t kMaxTransactionStatements = 100;

AwsError member_constraint(const std::string& shown_value, const std::string& member,
                           const std::string& constraint) {
  return errors::validation("1 validation error detected: Value " + shown_value + " at '" + member +
                            "' failed to satisfy constraint: Member must " + constraint);
}

// A statement's table name follows CreateTable's rules.
void check_table_name(const std::string& name) {
  bool legal = name.size() >= 3 && name.size() <= 255 &&
               std::all_of(name.begin(), name.end(), [](unsigned char c) {
                 return std::isalnum(c) || c == '-' || c == '_' || c == '.';
               });
  if (!legal)
    throw errors::validation(
        "Table name should be within the length [3, 255] and only contain 'a-z', 'A-Z', '0-9', "
        "'-', '_', '.'.");
}

// A statement entry parsed: its Statement text (1 to 8192 characters) and its Parameters (absent,
// or at least one). `member` names the entry in errors ("" for ExecuteStatement's own members).
partiql::Statement parse_statement_entry(const json& entry, const std::string& member) {
  const json& text_member = required_member(entry, "Statement", (member + "statement").c_str());
  const std::string& text = text_member.get_ref<const std::string&>();
  if (text.empty())
    throw member_constraint("''", member + "statement", "have length greater than or equal to 1");
  if (text.size() > kMaxStatementLength)
    throw member_constraint("'" + text + "'", member + "statement",
                            "have length less than or equal to 8192");
  auto parameters = entry.find("Parameters");
  bool absent = parameters == entry.end() || parameters->is_null();
  if (!absent && !parameters->is_array()) throw errors::serialization();
  if (!absent && parameters->empty())
    throw member_constraint("'[]'", member + "parameters",
                            "have length greater than or equal to 1");
  partiql::Statement statement = partiql::parse_statement(text, absent ? json() : *parameters);
  check_table_name(statement.table);
  return statement;
}

// A list member of `min`..`max` entries.
const json& statement_list(const json& input, const char* name, const char* shown_name,
                           std::size_t max) {
  const json& list = required_member(input, name, shown_name);
  if (!list.is_array()) throw errors::serialization();
  if (list.empty())
    throw member_constraint("'[]'", shown_name, "have length greater than or equal to 1");
  if (list.size() > max)
    throw errors::validation(std::string("1 validation error detected: Value at '") + shown_name +
                             "' failed to satisfy constraint: Member must have length less than "
                             "or equal to " +
                             std::to_string(max));
  return list;
}

AwsError exists_outside_transaction() {
  return errors::validation("EXISTS can only be used in ExecuteTransaction write requests.");
}

// What UPDATE's or DELETE's RETURNING answers (null: nothing, or an empty image).
json returned_image(const partiql::Statement& statement, const ItemImages& images) {
  json returned = statement.returned(images.old_item ? &*images.old_item : nullptr,
                                     images.new_item ? &*images.new_item : nullptr);
  return returned.is_object() && !returned.empty() ? returned : json();
}

json batch_error(const AwsError& error) {
  return {{"Code", short_error_code(error)}, {"Message", error.message()}};
}

// The ConsumedCapacity list of a batch or transaction: one entry per table, in first-use order.
json capacity_list(const std::vector<std::pair<TablePtr, ConsumedCapacity>>& used,
                   CapacityDetail detail) {
  json list = json::array();
  std::map<std::string, std::pair<TablePtr, ConsumedCapacity>> by_table;
  std::vector<std::string> order;
  for (const auto& [table, capacity] : used) {
    auto [it, added] = by_table.try_emplace(table->name, table, ConsumedCapacity());
    if (added) order.push_back(table->name);
    it->second.second.add(capacity);
  }
  for (const auto& name : order) {
    const auto& [table, capacity] = by_table[name];
    list.push_back(capacity.to_json(*table, detail));
  }
  return list;
}

}  // namespace

Awaitable<json> DynamoDbService::ExecuteStatement(const Call& call) {
  const json& input = call.input;
  partiql::Statement statement = parse_statement_entry(input, "");
  if (statement.kind == partiql::StatementKind::exists) throw exists_outside_transaction();
  if (is_partiql_read(statement)) {
    std::string request_hash =
        hashing::sha256_hex(input["Statement"].dump() + input.value("Parameters", json()).dump());
    co_return select_statement(call, statement, request_hash);
  }
  bool old_on_failure = read_return_old_on_failure(input);
  CapacityDetail detail = read_capacity_detail(input);
  co_return co_await write([&](store::Database& db) {
    TablePtr table = table_for_data(call, json(statement.table));
    ItemImages images;
    ConsumedCapacity capacity =
        run_item_write(db, stats_, partiql_item_write(table, statement, old_on_failure),
                       context_.clock.now_ms(), &images);
    json out = {{"Items", json::array()}};
    json returned = returned_image(statement, images);
    if (!returned.is_null()) out["Items"].push_back(std::move(returned));
    if (detail != CapacityDetail::none) out["ConsumedCapacity"] = capacity.to_json(*table, detail);
    return out;
  });
}

Awaitable<json> DynamoDbService::BatchExecuteStatement(const Call& call) {
  const json& entries = statement_list(call.input, "Statements", "statements", kMaxBatchStatements);
  CapacityDetail detail = read_capacity_detail(call.input);
  // A statement that does not parse fails alone; the others decide whether the batch reads or
  // writes, and may not do both.
  std::vector<std::optional<partiql::Statement>> statements;
  json responses = json::array();
  bool reads = false, writes = false;
  for (const auto& entry : entries) {
    json response = json::object();
    try {
      partiql::Statement statement = parse_statement_entry(entry, "statements.member.");
      if (statement.kind == partiql::StatementKind::exists) throw exists_outside_transaction();
      (is_partiql_read(statement) ? reads : writes) = true;
      statements.emplace_back(std::move(statement));
    } catch (const AwsError& error) {
      if (error.code() != "ValidationException") throw;
      response["Error"] = batch_error(error);
      statements.emplace_back();
    }
    responses.push_back(std::move(response));
  }
  if (reads && writes)
    throw errors::validation(
        "Read and write requests together in the same batch is not supported.");

  std::vector<std::pair<TablePtr, ConsumedCapacity>> used;
  auto run = [&](store::Database& db, std::size_t i) {
    const partiql::Statement& statement = *statements[i];
    json& response = responses[i];
    TablePtr table;
    try {
      table = table_for_data(call, json(statement.table));
      if (is_partiql_read(statement)) {
        if (statement.index || !pins_key(table->keys, statement))
          throw errors::validation(
              "Select statements within BatchExecuteStatement must specify the primary key in "
              "the where clause.");
        auto stored =
            item_table::get(db, table->id, encode_key(*table, pinned_key(*table, statement)));
        response["TableName"] = table->name;
        if (stored && (!statement.where || statement.where->matches(stored->item)))
          response["Item"] = statement.project(stored->item);
        ConsumedCapacity capacity;
        capacity.add_table(read_units(stored ? static_cast<std::size_t>(stored->size) : 0,
                                      read_consistent(entries[i])));
        used.emplace_back(table, capacity);
      } else {
        bool old_on_failure = read_return_old_on_failure(entries[i]);
        ItemImages images;
        used.emplace_back(
            table, run_item_write(db, stats_, partiql_item_write(table, statement, old_on_failure),
                                  context_.clock.now_ms(), &images));
        response["TableName"] = table->name;
        json returned = returned_image(statement, images);
        if (!returned.is_null()) response["Item"] = std::move(returned);
      }
    } catch (const AwsError& error) {
      response = json::object();
      response["Error"] = batch_error(error);
      if (table && error.code() != "ValidationException") response["TableName"] = table->name;
    }
  };
  if (reads) {
    auto lock = context_.store.lock();
    for (std::size_t i = 0; i < statements.size(); ++i)
      if (statements[i]) run(context_.store.db(), i);
  } else {
    co_await write([&](store::Database& db) {
      for (std::size_t i = 0; i < statements.size(); ++i)
        if (statements[i]) run(db, i);
      return json();
    });
  }
  json out = {{"Responses", std::move(responses)}};
  if (detail != CapacityDetail::none && !used.empty())
    out["ConsumedCapacity"] = capacity_list(used, detail);
  co_return out;
}

Awaitable<json> DynamoDbService::ExecuteTransaction(const Call& call) {
  const json& entries = statement_list(call.input, "TransactStatements", "transactStatements",
                                       kMaxTransactionStatements);
  CapacityDetail detail = read_capacity_detail(call.input);
  std::vector<partiql::Statement> statements;
  std::size_t reads = 0;
  for (const auto& entry : entries) {
    statements.push_back(parse_statement_entry(entry, "transactStatements.member."));
    if (statements.back().returning)
      throw errors::validation("Validation failed in TransactStatements[" +
                               std::to_string(statements.size() - 1) +
                               "]: RETURNING clause is not supported in ExecuteTransaction.");
    if (is_partiql_read(statements.back())) ++reads;
  }
  if (reads != 0 && reads != statements.size())
    throw errors::validation(
        "ExecuteTransaction API does not support both read and write operations in the same "
        "request.");

  if (reads != 0) {
    auto lock = context_.store.lock();
    json responses = json::array();
    std::vector<std::pair<TablePtr, ConsumedCapacity>> used;
    std::set<std::pair<std::int64_t, EncodedKey>> seen;
    for (const auto& statement : statements) {
      TablePtr table = table_for_data(call, json(statement.table));
      if (statement.index)
        throw errors::validation("Reads on indices are not supported within transactions.");
      if (!pins_key(table->keys, statement))
        throw errors::validation(
            "Select statements within ExecuteTransaction must specify the primary key in the "
            "where clause.");
      EncodedKey key = encode_key(*table, pinned_key(*table, statement));
      if (!seen.insert({table->id, key}).second) throw repeated_transaction_item();
      auto stored = item_table::get(context_.store.db(), table->id, key);
      json response = json::object();
      if (stored && (!statement.where || statement.where->matches(stored->item)))
        response["Item"] = statement.project(stored->item);
      responses.push_back(std::move(response));
      ConsumedCapacity capacity;
      capacity.add_table(2 * read_units(stored ? static_cast<std::size_t>(stored->size) : 0, true));
      used.emplace_back(table, capacity);
    }
    json out = {{"Responses", std::move(responses)}};
    if (detail != CapacityDetail::none) out["ConsumedCapacity"] = capacity_list(used, detail);
    co_return out;
  }

  std::optional<TransactionToken> token;
  if (call.input.contains("ClientRequestToken") && call.input["ClientRequestToken"].is_string())
    token = TransactionToken{call.account, call.region,
                             call.input["ClientRequestToken"].get<std::string>(),
                             hashing::sha256_hex(entries.dump())};
  json responses = json::array();
  for (std::size_t i = 0; i < statements.size(); ++i) responses.push_back(json::object());
  co_return co_await write([&](store::Database& db) {
    std::int64_t now = context_.clock.now_ms();
    json out = {{"Responses", responses}};
    if (token && token->seen(db, now)) return out;
    std::vector<ItemWrite> writes;
    for (std::size_t i = 0; i < statements.size(); ++i) {
      const partiql::Statement& statement = statements[i];
      TablePtr table = table_for_data(call, json(statement.table));
      if (statement.index)
        throw errors::validation("Operations on indices are not supported in transactions");
      if (statement.kind == partiql::StatementKind::exists && !pins_key(table->keys, statement))
        throw errors::validation(
            "EXISTS() must contain a single item read with additional condition");
      writes.push_back(
          partiql_item_write(table, statement, read_return_old_on_failure(entries[i])));
    }
    json capacity = run_write_transaction(db, stats_, writes, now, detail);
    if (token) token->remember(db, now);
    if (!capacity.is_null()) out["ConsumedCapacity"] = std::move(capacity);
    return out;
  });
}

}  // namespace eddy::services::dynamodb
