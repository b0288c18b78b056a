#pragma once
// How many of the services are ready, in registration order: their tables created and their state
// loaded (Service::prepare), their background work started. An in-memory eddy server prepares
// them on one of the emulator's threads while it starts listening, so a health check is answered
// from its first moment; any other request waits here, holding no thread, until its own service
// and those registered before it (what it may call) are ready: a few milliseconds at most.
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <mutex>

#include "core/asio.hpp"
#include "engine/notifier.hpp"

namespace eddy {

class Readiness {
 public:
  Readiness(engine::Notifier& notifier, Clock& clock) : notifier_(notifier), clock_(clock) {}

  // Whether the first `count` services are ready.
  bool ready(std::size_t count) const {
    return ready_count_.load(std::memory_order_acquire) >= count;
  }
  // Returns once the first `count` are. On a strand, as every notifier wait. Throws AwsError
  // (ServiceUnavailable) when the emulator shuts down first.
  Awaitable<void> wait(std::size_t count);
  // The same for a thread of the embedding program's own, never for one of the emulator's.
  void wait_blocking(std::size_t count);
  // The first `count` services are ready.
  void mark_ready(std::size_t count);

 private:
  engine::Notifier& notifier_;
  Clock& clock_;
  std::atomic<std::size_t> ready_count_{0};
  std::mutex mutex_;
  std::condition_variable count_grew_;
};

}  // namespace eddy
