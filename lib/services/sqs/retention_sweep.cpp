// The once-a-second sweep: messages past their queue's retention period, expired FIFO
// deduplication entries and receive attempts, and deleted queue names older than a minute.
#include "services/sqs/message_table.hpp"
#include "services/sqs/sqs_service.hpp"

namespace eddy::services::sqs {

Awaitable<std::optional<TimePoint>> SqsService::sweep_expired() {
  co_await context_.store.write([this](store::Database& db) {
    std::int64_t now = now_ms();
    for (const auto& queue : catalog_.all())
      message_table::expire(db, *queue, now - queue->settings.retention_seconds * 1000);
    db.query("DELETE FROM sqs_fifo_dedup WHERE expires_ms <= ?")->bind(1, now).run();
    db.query("DELETE FROM sqs_receive_attempts WHERE expires_ms <= ?")->bind(1, now).run();
    db.query("DELETE FROM sqs_deleted_queues WHERE deleted_ms <= ?")->bind(1, now - 60'000).run();
  });
  co_return std::nullopt;
}

}  // namespace eddy::services::sqs
