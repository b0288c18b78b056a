#pragma once
// The one way a request writes to the store, with group commit: writes that arrive together share
// one transaction. Each request queues its write; the first to find no drain under way drains the
// queue itself, running every queued write under the store lock in one transaction that commits
// once, then resumes each other request, on its own executor, with its own result. Every answer
// still follows its commit, but SQLite journals each touched page once per group instead of once
// per write, and the store lock is taken once per group, not per request.
//
// Under two io threads a write usually finds nobody draining: it then costs one atomic exchange to
// start its drain and one to end it, on one word, and no allocation. A write that finds a drain
// under way hands its completion handler to the queue and is resumed by one post to its own
// executor; the drainer wakes the next group's drainer the same way, choosing one of its own
// thread's writes when it can, so that handing over a group needs no wake-up of the other thread.
#include <atomic>
#include <exception>
#include <memory>
#include <optional>
#include <type_traits>

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
  template <class Write>
  Awaitable<std::invoke_result_t<Write&, Database&>> write(Write write) {
    using Result = std::invoke_result_t<Write&, Database&>;
    if constexpr (std::is_void_v<Result>) {
      auto call = [&](Database& db) { write(db); };
      co_await run(borrow(call));
    } else {
      std::optional<Result> result;
      auto call = [&](Database& db) { result.emplace(write(db)); };
      co_await run(borrow(call));
      co_return std::move(*result);
    }
  }

  // Forgets writes still queued once the threads they would resume on have stopped (the
  // emulator's shutdown): see write_path.cpp.
  void abandon_queued();

 private:
  // A write to run, borrowed from its caller's coroutine frame, which outlives its run().
  struct WriteCall {
    void* target;
    void (*invoke)(void* target, Database& db);
  };
  template <class Call>
  static WriteCall borrow(Call& call) {
    return {&call, [](void* target, Database& db) { (*static_cast<Call*>(target))(db); }};
  }

  struct Pending;
  Awaitable<void> run(WriteCall write);
  // Queues `self`, whose coroutine has suspended with `handler`, behind the drain under way, or
  // makes it the drainer if that drain has just ended.
  template <class Handler>
  void enqueue(Pending& self, Handler handler);
  // Runs a group under the store lock: `self` (queued, or not when it found no drain under way)
  // and every write queued so far; then resumes the others and hands the next group on.
  void drain(Pending& self, bool self_queued);
  // Resumes a waiting writer, whose frame (and `pending` in it) may be gone once this returns.
  static void resume(Pending& pending);
  Pending* draining_mark() { return reinterpret_cast<Pending*>(&draining_mark_); }

  Store& store_;
  // nullptr: no drain. draining_mark(): a drain runs (or its drainer is being woken) and nothing
  // waits. Otherwise the newest waiting write, whose `older` chain ends at draining_mark().
  std::atomic<Pending*> state_{nullptr};
  char draining_mark_ = 0;  // only its address is used
};

}  // namespace eddy::store
