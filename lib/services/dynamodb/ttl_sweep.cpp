// Time to live: items whose TTL attribute (epoch seconds) has passed on the emulator's clock are
// deleted by a background sweep, through the same write path as a DeleteItem. As in AWS, an
// expiry more than five years in the past is not honoured. The same sweep forgets expired
// TransactWriteItems client request tokens.
#include "services/dynamodb/dynamodb_service.hpp"
#include "services/dynamodb/item_table.hpp"
#include "services/dynamodb/item_writer.hpp"

namespace eddy::services::dynamodb {
namespace {
constexpr std::int64_t kFiveYearsSeconds = 5LL * 365 * 24 * 3600;
constexpr int kSweepBatch = 500;
}  // namespace

Awaitable<std::optional<TimePoint>> DynamoDbService::sweep_expired_items() {
  // Most seconds there is nothing to delete: look first, and write only when there is.
  {
    auto lock = context_.store.lock();
    auto& db = context_.store.db();
    std::int64_t now_ms = context_.clock.now_ms();
    std::int64_t now_s = now_ms / 1000;
    bool due = db.query("SELECT 1 FROM ddb_transaction_tokens WHERE expires_ms <= ? LIMIT 1")
                   ->bind(1, now_ms)
                   .step();
    for (const TablePtr& table : catalog_.all())
      due =
          due || (table->ttl_attribute &&
                  !item_table::expired(db, table->id, now_s, now_s - kFiveYearsSeconds, 1).empty());
    if (!due) co_return std::nullopt;
  }
  bool more = co_await write([&](store::Database& db) {
    std::int64_t now_ms = context_.clock.now_ms();
    std::int64_t now_s = now_ms / 1000;
    // Transaction tokens past their ten minutes go too.
    db.query("DELETE FROM ddb_transaction_tokens WHERE expires_ms <= ?")->bind(1, now_ms).run();
    bool full_batch = false;
    for (const TablePtr& table : catalog_.all()) {
      if (!table->ttl_attribute) continue;
      auto keys = item_table::expired(db, table->id, now_s, now_s - kFiveYearsSeconds, kSweepBatch);
      full_batch = full_batch || keys.size() == static_cast<std::size_t>(kSweepBatch);
      for (const auto& key : keys) {
        auto stored = item_table::get(db, table->id, key);
        if (stored)
          write_item_change(db, stats_, *table, key, &*stored, nullptr, now_ms,
                            dynamodbstreams::ChangeCause::TimeToLive);
      }
    }
    return full_batch;
  });
  // A full batch means more may be waiting: run again at once rather than in a second.
  if (more) co_return context_.clock.now();
  co_return std::nullopt;
}

}  // namespace eddy::services::dynamodb
