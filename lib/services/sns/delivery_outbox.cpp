#include "services/sns/delivery_outbox.hpp"

namespace eddy::services::sns::outbox {

std::string_view kind_name(Kind kind) {
  return kind == Kind::http ? "http" : "lambda";
}

void add(store::Database& db, Kind kind, const std::string& subscription_arn,
         const std::string& endpoint, const Notification& notification, std::int64_t due_ms) {
  json row = {{"Endpoint", endpoint}, {"Notification", notification.to_json()}};
  auto q = db.query(
      "INSERT INTO sns_deliveries (kind, subscription_arn, notification, due_ms) "
      "VALUES (?, ?, ?, ?)");
  q->bind(1, kind_name(kind)).bind(2, subscription_arn);
  q->bind(3, row.dump(-1, ' ', false, json::error_handler_t::replace)).bind(4, due_ms).run();
}

std::vector<Delivery> due(store::Database& db, Kind kind, std::int64_t now_ms, int limit) {
  auto q = db.query(
      "SELECT id, subscription_arn, notification, attempts FROM sns_deliveries "
      "WHERE kind = ? AND due_ms <= ? ORDER BY due_ms, id LIMIT ?");
  q->bind(1, kind_name(kind)).bind(2, now_ms).bind(3, limit);
  std::vector<Delivery> out;
  while (q->step()) {
    Delivery d;
    d.id = q->int64(0);
    d.kind = kind;
    d.subscription_arn = q->string(1);
    json row = json::parse(q->text(2), nullptr, false);
    if (row.is_object()) {
      d.endpoint = row.value("Endpoint", "");
      d.notification = Notification::from_json(row.value("Notification", json::object()));
    }
    d.attempts = static_cast<int>(q->int64(3));
    out.push_back(std::move(d));
  }
  return out;
}

std::optional<std::int64_t> next_due_ms(store::Database& db, Kind kind, std::int64_t now_ms) {
  auto q = db.query("SELECT MIN(due_ms) FROM sns_deliveries WHERE kind = ? AND due_ms > ?");
  q->bind(1, kind_name(kind)).bind(2, now_ms);
  if (!q->step() || q->is_null(0)) return std::nullopt;
  return q->int64(0);
}

void remove(store::Database& db, std::int64_t id) {
  auto q = db.query("DELETE FROM sns_deliveries WHERE id = ?");
  q->bind(1, id).run();
}

void reschedule(store::Database& db, std::int64_t id, int attempts, std::int64_t due_ms) {
  auto q = db.query("UPDATE sns_deliveries SET attempts = ?, due_ms = ? WHERE id = ?");
  q->bind(1, attempts).bind(2, due_ms).bind(3, id).run();
}

std::int64_t pending_count(store::Database& db) {
  auto q = db.query("SELECT COUNT(*) FROM sns_deliveries");
  return q->step() ? q->int64(0) : 0;
}

}  // namespace eddy::services::sns::outbox
