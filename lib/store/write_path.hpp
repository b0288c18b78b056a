#pragma once
// The one way a request writes to the store, with group commit: writes that arrive together share
// one transaction. Each request queues its write; the first to find no drain under way drains the
// queue itself, running every queued write under the store lock in one transaction that commits
// once, then resumes each other request, on its own executor, with its own result. Every answer
// still follows its commit, but SQLite journals each touched page once per group instead of once
// per write, and the store lock is taken once per group, not per request.
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <type_traits>
#include <vector>

#include "core/asio.hpp"
#include "store/database.hpp"

namespace eddy::store {

class Store;

class WritePath {
 public:
  explicit WritePath(Store& store);

  // Runs `write(db)` in the next group and returns what it returned once the group has committed.
  // The write runs with the store lock held, in its own savepoint inside the group's transaction:
  // an AwsError undoes that write alone and fails only its own caller; any other failure rolls
  // the whole group back and fails every write in it. Database::after_commit actions run once the
  // group commits. The calling coroutine must run on a strand.
  // Forgets writes still queued when the executor they would resume on is going away (the
  // emulator's shutdown): their timers must not outlive it.
  void abandon_queued();

  template <class Write>
  Awaitable<std::invoke_result_t<Write&, Database&>> write(Write write) {
    using Result = std::invoke_result_t<Write&, Database&>;
    if constexpr (std::is_void_v<Result>) {
      co_await run([&](Database& db) { write(db); });
    } else {
      std::optional<Result> result;
      co_await run([&](Database& db) { result.emplace(write(db)); });
      co_return std::move(*result);
    }
  }

 private:
  struct Pending;
  Awaitable<void> run(std::function<void(Database&)> write);
  // Runs the queued writes as one group; `caller`, when the drain runs inside a write's own
  // run(), is that write, which reads its result once drain returns.
  void drain(const Pending* caller);

  Store& store_;
  std::mutex mutex_;
  std::vector<std::shared_ptr<Pending>> queued_;
  bool drain_scheduled_ = false;
};

}  // namespace eddy::store
