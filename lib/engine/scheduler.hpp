#pragma once
// Background work on the emulator's clock: sweeps and workers that run every so often, or as soon
// as someone pokes them. Each task is a coroutine on its own strand; none holds a thread idle.
#include <chrono>
#include <functional>
#include <string>

#include "core/asio.hpp"
#include "engine/notifier.hpp"

namespace eddy::engine {

class Scheduler {
 public:
  Scheduler(asio::io_context& io, Clock& clock, Notifier& notifier);

  // Runs `task` every `interval` of clock time, and also whenever notify(wake_key) is called.
  // `task` returns the clock time it next wants to run at, or nullopt for "one interval". It is a
  // coroutine so that it can write through the store's write path, and wait, without a thread.
  using Task = std::function<Awaitable<std::optional<TimePoint>>()>;
  void every(std::string wake_key, std::chrono::milliseconds interval, Task task);

 private:
  asio::io_context& io_;
  Clock& clock_;
  Notifier& notifier_;
};

}  // namespace eddy::engine
