#include "engine/scheduler.hpp"

#include "eddy/log.hpp"

namespace eddy::engine {

Scheduler::Scheduler(asio::io_context& io, Clock& clock, Notifier& notifier)
    : io_(io), clock_(clock), notifier_(notifier) {}

void Scheduler::every(std::string wake_key, std::chrono::milliseconds interval, Task task) {
  auto loop = [this, wake_key = std::move(wake_key), interval,
               task = std::move(task)]() -> Awaitable<void> {
    while (!notifier_.stopping()) {
      std::optional<TimePoint> next;
      // A poke while the task runs must not be lost: it ends the wait below at once.
      auto ticket = notifier_.ticket(wake_key);
      try {
        next = co_await task();
      } catch (const std::exception& e) {
        log::write(log::Level::error, std::string("background task failed: ") + e.what());
      }
      TimePoint deadline = clock_.now() + interval;
      if (next && *next < deadline) deadline = *next;
      co_await notifier_.wait(wake_key, deadline, ticket);
    }
  };
  asio::co_spawn(asio::make_strand(io_), std::move(loop), asio::detached);
}

}  // namespace eddy::engine
