#include "emulator/readiness.hpp"

#include "eddy/aws_error.hpp"

namespace eddy {
namespace {
const std::string kReadyKey = "eddy:ready";
}  // namespace

Awaitable<void> Readiness::wait(std::size_t count) {
  while (!ready(count)) {
    if (notifier_.stopping())
      throw AwsError("ServiceUnavailable", "Eddy is shutting down.", 503, false);
    // The ticket first: a mark_ready() between the check and the wait then ends the wait at once.
    auto ticket = notifier_.ticket(kReadyKey);
    if (ready(count)) break;
    // Any deadline: the loop looks again (a manual clock's moves also wake it).
    co_await notifier_.wait(kReadyKey, clock_.now() + std::chrono::minutes(1), ticket);
  }
}

void Readiness::wait_blocking(std::size_t count) {
  std::unique_lock lock(mutex_);
  count_grew_.wait(lock, [this, count] { return ready(count); });
}

void Readiness::mark_ready(std::size_t count) {
  {
    std::lock_guard lock(mutex_);
    ready_count_.store(count, std::memory_order_release);
  }
  count_grew_.notify_all();
  notifier_.notify(kReadyKey);
}

}  // namespace eddy
