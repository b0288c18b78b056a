#pragma once
// Wake-ups without threads: a coroutine waits for a named event ("a message arrived in queue 7")
// or a clock deadline, whichever comes first, holding no thread while it waits.
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/asio.hpp"
#include "eddy/clock.hpp"

namespace eddy::engine {

class Notifier {
 public:
  explicit Notifier(Clock& clock);
  Notifier(const Notifier&) = delete;
  Notifier& operator=(const Notifier&) = delete;

  // What has been notified so far for a key. Take one before checking a condition and pass it
  // to wait(): a notify that lands between the check and the wait then ends the wait at once
  // instead of being lost.
  struct Ticket {
    std::uint64_t key_notifications = 0;
    std::uint64_t all_notifications = 0;
  };
  Ticket ticket(const std::string& key) const;

  // Suspends until notify(key), notify_all(), shutdown(), or the clock reaching `deadline`
  // (returns at once when `since` is given and a notification happened after it was taken).
  // Callers re-check their condition afterwards: a wake-up is a hint, not a promise.
  // The calling coroutine must run on a strand (its executor serialises its handlers).
  Awaitable<void> wait(std::string key, TimePoint deadline,
                       std::optional<Ticket> since = std::nullopt);
  void notify(const std::string& key);
  // Wakes everyone: a manual clock moved, so every deadline must be looked at again.
  void notify_all();
  // Wakes everyone and makes every later wait return at once.
  void shutdown();
  bool stopping() const;

 private:
  struct Waiter;
  using WaiterList = std::list<std::shared_ptr<Waiter>>;
  void wake(const std::shared_ptr<Waiter>& waiter);

  Clock& clock_;
  mutable std::mutex mutex_;
  bool stopping_ = false;
  std::unordered_map<std::string, WaiterList> waiters_;
  std::unordered_map<std::string, std::uint64_t> notifications_;  // per key, for tickets
  std::uint64_t all_notifications_ = 0;
};

}  // namespace eddy::engine
