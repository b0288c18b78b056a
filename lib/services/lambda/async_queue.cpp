#include "services/lambda/async_queue.hpp"

namespace eddy::services::lambda::async_queue {

void add(store::Database& db, const FunctionRef& function, const std::string& payload,
         const std::string& request_id, std::int64_t now_ms) {
  auto q = db.query(
      "INSERT INTO lambda_async_invocations (account, region, name, qualifier, payload, "
      "request_id, enqueued_ms, due_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  q->bind(1, function.account).bind(2, function.region).bind(3, function.name);
  q->bind(4, function.qualifier).bind(5, payload).bind(6, request_id).bind(7, now_ms);
  q->bind(8, now_ms).run();
}

std::vector<QueuedInvocation> due(store::Database& db, std::int64_t now_ms, int limit) {
  auto q = db.query(
      "SELECT id, account, region, name, qualifier, payload, request_id, attempts, enqueued_ms "
      "FROM lambda_async_invocations WHERE due_ms <= ? ORDER BY due_ms, id LIMIT ?");
  q->bind(1, now_ms).bind(2, limit);
  std::vector<QueuedInvocation> out;
  while (q->step()) {
    QueuedInvocation queued;
    queued.id = q->int64(0);
    queued.function = {q->string(1), q->string(2), q->string(3), q->optional_string(4)};
    queued.payload = q->string(5);
    queued.request_id = q->string(6);
    queued.attempts = static_cast<int>(q->int64(7));
    queued.enqueued_ms = q->int64(8);
    out.push_back(std::move(queued));
  }
  return out;
}

std::optional<std::int64_t> next_due_ms(store::Database& db, std::int64_t now_ms) {
  auto q = db.query("SELECT MIN(due_ms) FROM lambda_async_invocations WHERE due_ms > ?");
  q->bind(1, now_ms);
  if (!q->step() || q->is_null(0)) return std::nullopt;
  return q->int64(0);
}

void remove(store::Database& db, std::int64_t id) {
  db.query("DELETE FROM lambda_async_invocations WHERE id = ?")->bind(1, id).run();
}

void reschedule(store::Database& db, std::int64_t id, int attempts, std::int64_t due_ms) {
  auto q = db.query("UPDATE lambda_async_invocations SET attempts = ?, due_ms = ? WHERE id = ?");
  q->bind(1, attempts).bind(2, due_ms).bind(3, id).run();
}

}  // namespace eddy::services::lambda::async_queue
