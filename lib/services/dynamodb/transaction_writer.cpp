#include "services/dynamodb/transaction_writer.hpp"

#include <map>
#include <set>

#include "services/dynamodb/dynamodb_errors.hpp"
#include "services/dynamodb/item_request.hpp"
#include "services/dynamodb/item_table.hpp"
#include "services/dynamodb/item_writer.hpp"

namespace eddy::services::dynamodb {
namespace {

constexpr std::int64_t kTransactionTokenLifetimeMs = 10 * 60 * 1000;

std::string cancellation_code_list(const json& reasons) {
  std::string out = "[";
  for (std::size_t i = 0; i < reasons.size(); ++i)
    out += (i ? ", " : "") + reasons[i]["Code"].get<std::string>();
  return out + "]";
}

json cancellation_reason_of(const AwsError& error) {
  json reason = {{"Code", short_error_code(error)}, {"Message", error.message()}};
  if (error.details().contains("Item")) reason["Item"] = error.details()["Item"];
  return reason;
}

}  // namespace

std::string short_error_code(const AwsError& error) {
  const std::string& code = error.code();
  if (code == "ValidationException") return "ValidationError";
  constexpr std::string_view kSuffix = "Exception";
  if (code.ends_with(kSuffix)) return code.substr(0, code.size() - kSuffix.size());
  return code;
}

AwsError repeated_transaction_item() {
  return errors::validation("Transaction request cannot include multiple operations on one item");
}

ConsumedCapacity run_item_write(store::Database& db, ItemStats& stats, const ItemWrite& write,
                                std::int64_t now_ms, ItemImages* images) {
  const Table& table = *write.table;
  auto old = item_table::get(db, table.id, write.key);
  const json* old_item = old ? &old->item : nullptr;
  std::optional<json> new_item = write.apply(old_item);
  if (images) *images = {old ? std::optional<json>(old->item) : std::nullopt, new_item};
  if (write.kind == ItemWrite::Kind::check) {
    ConsumedCapacity capacity;
    capacity.add_table(read_units(old ? static_cast<std::size_t>(old->size) : 0, true));
    return capacity;
  }
  const json* written = new_item ? &*new_item : nullptr;
  if (old_item || written)
    write_item_change(db, stats, table, write.key, old ? &*old : nullptr, written, now_ms);
  return write_capacity(table, old_item, written);
}

json run_write_transaction(store::Database& db, ItemStats& stats,
                           const std::vector<ItemWrite>& writes, std::int64_t now_ms,
                           CapacityDetail detail) {
  std::set<std::pair<std::int64_t, EncodedKey>> seen;
  for (const auto& write : writes)
    if (!seen.insert({write.table->id, write.key}).second) throw repeated_transaction_item();

  // Every write is evaluated against the items as they are before anything is written.
  std::vector<std::optional<item_table::StoredItem>> olds;
  std::vector<std::optional<json>> news;
  json reasons = json::array();
  bool cancelled = false;
  for (const auto& write : writes) {
    olds.push_back(item_table::get(db, write.table->id, write.key));
    const json* old_item = olds.back() ? &olds.back()->item : nullptr;
    json reason = {{"Code", "None"}};
    try {
      news.push_back(write.apply(old_item));
    } catch (const AwsError& error) {
      news.emplace_back();
      reason = cancellation_reason_of(error);
      cancelled = true;
    }
    reasons.push_back(std::move(reason));
  }
  if (cancelled)
    throw AwsError("TransactionCanceledException",
                   "Transaction cancelled, please refer cancellation reasons for specific "
                   "reasons " +
                       cancellation_code_list(reasons))
        .with_details({{"CancellationReasons", reasons}});

  // A transaction costs twice the units of the same reads and writes outside one.
  std::map<std::string, ConsumedCapacity> capacity;
  for (std::size_t i = 0; i < writes.size(); ++i) {
    const Table& table = *writes[i].table;
    const json* old_item = olds[i] ? &olds[i]->item : nullptr;
    if (writes[i].kind == ItemWrite::Kind::check) {
      capacity[table.name].add_table(
          2 * read_units(olds[i] ? static_cast<std::size_t>(olds[i]->size) : 0, true));
      continue;
    }
    const json* new_item = news[i] ? &*news[i] : nullptr;
    if (old_item || new_item)
      write_item_change(db, stats, table, writes[i].key, olds[i] ? &*olds[i] : nullptr, new_item,
                        now_ms);
    json units = write_capacity(table, old_item, new_item).to_json(table, CapacityDetail::total);
    capacity[table.name].add_table(2 * units["CapacityUnits"].get<double>());
  }
  if (detail == CapacityDetail::none) return nullptr;
  json list = json::array();
  for (const auto& write : writes) {
    auto it = capacity.find(write.table->name);
    if (it == capacity.end()) continue;
    list.push_back(it->second.to_json(*write.table, detail));
    capacity.erase(it);
  }
  return list;
}

bool TransactionToken::seen(store::Database& db, std::int64_t now_ms) const {
  auto q = db.query(
      "SELECT request_hash FROM ddb_transaction_tokens WHERE account = ? AND region = ? AND "
      "token = ? AND expires_ms > ?");
  q->bind(1, account).bind(2, region).bind(3, token).bind(4, now_ms);
  if (!q->step()) return false;
  if (q->text(0) != request_hash)
    throw AwsError("IdempotentParameterMismatchException",
                   "Request parameters do not match the parameters of the previous request with "
                   "the same client request token.");
  return true;
}

void TransactionToken::remember(store::Database& db, std::int64_t now_ms) const {
  db.query(
        "INSERT OR REPLACE INTO ddb_transaction_tokens (account, region, token, request_hash, "
        "expires_ms) VALUES (?, ?, ?, ?, ?)")
      ->bind(1, account)
      .bind(2, region)
      .bind(3, token)
      .bind(4, request_hash)
      .bind(5, now_ms + kTransactionTokenLifetimeMs)
      .run();
}

}  // namespace eddy::services::dynamodb
