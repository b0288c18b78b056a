#pragma once
// The outbox of deliveries that leave the process: HTTP/S posts and Lambda invocations. Rows are
// written in the transaction that causes them (a publish, a Subscribe) and removed once delivered
// or dead-lettered, so a restart with --data-dir resumes whatever was pending.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "services/sns/notification.hpp"
#include "store/database.hpp"

namespace eddy::services::sns::outbox {

enum class Kind { http, lambda };
std::string_view kind_name(Kind kind);

struct Delivery {
  std::int64_t id = 0;
  Kind kind = Kind::http;
  std::string subscription_arn;
  std::string endpoint;  // kept here: an UnsubscribeConfirmation outlives its subscription
  Notification notification;
  int attempts = 0;  // failed attempts so far
};

// Callers hold the store lock; `due_ms` is when the first attempt may run.
void add(store::Database& db, Kind kind, const std::string& subscription_arn,
         const std::string& endpoint, const Notification& notification, std::int64_t due_ms);
// Up to `limit` deliveries of `kind` due at `now_ms`, oldest first.
std::vector<Delivery> due(store::Database& db, Kind kind, std::int64_t now_ms, int limit);
// When the next delivery of `kind` after `now_ms` falls due.
std::optional<std::int64_t> next_due_ms(store::Database& db, Kind kind, std::int64_t now_ms);
void remove(store::Database& db, std::int64_t id);
void reschedule(store::Database& db, std::int64_t id, int attempts, std::int64_t due_ms);
std::int64_t pending_count(store::Database& db);

}  // namespace eddy::services::sns::outbox
