#pragma once
// The durable queue of accepted Event invocations (lambda_async_invocations). Rows are written
// when Invoke accepts an event and removed once it succeeded or was given up on, so a restart
// with --data-dir resumes whatever was pending. Callers hold the store lock or are in a write.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "services/lambda/function_name.hpp"
#include "store/database.hpp"

namespace eddy::services::lambda::async_queue {

struct QueuedInvocation {
  std::int64_t id = 0;
  FunctionRef function;  // as the caller named it: a qualifier stays an alias
  std::string payload;
  std::string request_id;
  int attempts = 0;  // invocations made so far
  std::int64_t enqueued_ms = 0;
};

void add(store::Database& db, const FunctionRef& function, const std::string& payload,
         const std::string& request_id, std::int64_t now_ms);
std::vector<QueuedInvocation> due(store::Database& db, std::int64_t now_ms, int limit);
std::optional<std::int64_t> next_due_ms(store::Database& db, std::int64_t now_ms);
void remove(store::Database& db, std::int64_t id);
void reschedule(store::Database& db, std::int64_t id, int attempts, std::int64_t due_ms);

}  // namespace eddy::services::lambda::async_queue
