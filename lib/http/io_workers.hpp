#pragma once
// The threads that serve connections: one io_context per thread, each run by that thread alone.
// A connection lives on one of them for its whole life, so its handlers never run at the same
// time and need no strand (no strand lock, no shared_ptr copies per handler), and each
// io_context is told it has one thread (concurrency hint 1): Asio then keeps completions on the
// thread's private queue instead of the shared, locked one, and never wakes another thread to
// run a connection's next step.
#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "core/asio.hpp"

namespace eddy {

class IoWorkers {
 public:
  // `count` threads, 0 for one per core.
  explicit IoWorkers(unsigned count);
  ~IoWorkers();
  IoWorkers(const IoWorkers&) = delete;
  IoWorkers& operator=(const IoWorkers&) = delete;

  // One executor per thread, in a fixed order.
  std::vector<asio::any_io_executor> executors() const;
  // Stops every thread, then destroys what is still queued (handlers, suspended coroutines) while
  // whatever they point into still exists. Safe to call more than once.
  void shut_down();

 private:
  using WorkGuard = asio::executor_work_guard<asio::io_context::executor_type>;
  std::vector<std::unique_ptr<asio::io_context>> contexts_;
  std::vector<WorkGuard> guards_;
  std::vector<std::thread> threads_;
};

}  // namespace eddy
