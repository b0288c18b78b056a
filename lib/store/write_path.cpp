#include "store/write_path.hpp"

#include <thread>
#include <utility>

#include "eddy/aws_error.hpp"
#include "store/store.hpp"
#include "store/transaction.hpp"

namespace eddy::store {
namespace {

// A suspended writer's completion handler, type-erased: resuming it posts it to its own executor.
struct SuspendedWriter {
  virtual ~SuspendedWriter() = default;
  virtual void resume() = 0;
};

template <class Handler>
struct SuspendedWriterOf final : SuspendedWriter {
  explicit SuspendedWriterOf(Handler suspended) : handler(std::move(suspended)) {}
  void resume() override { asio::post(std::move(handler)); }
  Handler handler;
};

}  // namespace

// One write, in its caller's coroutine frame for as long as run() lasts.
struct WritePath::Pending {
  explicit Pending(WriteCall call) : write(call) {}
  WriteCall write;
  std::exception_ptr error;
  // Queued writes: the next older one, or draining_mark(). A group being run: the next one in it.
  Pending* older = nullptr;
  // Set, before it is queued, on a writer that waits.
  std::unique_ptr<SuspendedWriter> suspended;
  bool drains_next = false;  // resumed to drain the group it is in, not with its result
  std::thread::id thread = std::this_thread::get_id();
};

WritePath::WritePath(Store& store) : store_(store) {}

void WritePath::resume(Pending& pending) {
  auto suspended = std::move(pending.suspended);
  suspended->resume();
}

template <class Handler>
void WritePath::enqueue(Pending& self, Handler handler) {
  self.suspended = std::make_unique<SuspendedWriterOf<Handler>>(std::move(handler));
  Pending* newest = state_.load(std::memory_order_acquire);
  do {
    self.older = newest ? newest : draining_mark();
  } while (!state_.compare_exchange_weak(newest, &self, std::memory_order_acq_rel));
  if (newest) return;  // the drain under way, or its successor, will run it
  // The drain ended between run()'s look and now: this write drains, once resumed (it cannot
  // drain here, inside its own suspension). Nobody else touches it meanwhile: they queue behind.
  self.drains_next = true;
  resume(self);
}

Awaitable<void> WritePath::run(WriteCall write) {
  Pending self(write);
  Pending* idle = nullptr;
  if (state_.compare_exchange_strong(idle, draining_mark(), std::memory_order_acq_rel)) {
    // Nobody is draining: this request starts the group itself, on this thread, saving the hops
    // to another handler and back. Writes queued while it waits for the store still join it.
    drain(self, false);
  } else {
    co_await asio::async_initiate<const asio::use_awaitable_t<>&, void()>(
        [this, &self](auto handler) { enqueue(self, std::move(handler)); }, asio::use_awaitable);
    if (self.drains_next) drain(self, true);
  }
  if (self.error) std::rethrow_exception(self.error);
}

void WritePath::abandon_queued() {
  // Their frames hold their own handlers: letting go of each handler has its frame destroyed
  // through its executor, with whatever else that executor still holds.
  Pending* newest = state_.exchange(nullptr, std::memory_order_acq_rel);
  while (newest && newest != draining_mark()) {
    Pending* older = newest->older;
    auto suspended = std::move(newest->suspended);
    newest = older;
  }
}

void WritePath::drain(Pending& self, bool self_queued) {
  Pending* first = self_queued ? nullptr : &self;
  {
    // The group closes only once the store is ours: what queues while waiting for it joins.
    auto lock = store_.lock();
    Pending* newest = draining_mark();
    if (state_.load(std::memory_order_relaxed) != draining_mark())
      newest = state_.exchange(draining_mark(), std::memory_order_acq_rel);
    // The queue runs newest to oldest: reversed, the group runs in the order writes arrived.
    Pending* group = nullptr;
    for (Pending* pending = newest; pending != draining_mark();) {
      Pending* older = pending->older;
      pending->older = group;
      group = pending;
      pending = older;
    }
    if (first)
      first->older = group;
    else
      first = group;
    auto& db = store_.db();
    try {
      Transaction tx(db);
      if (!first->older) {
        // Alone in its group (every write of a single client): the group's transaction undoes it
        // on failure, no savepoint needed.
        try {
          first->write.invoke(first->write.target, db);
          tx.commit();
        } catch (const AwsError&) {
          first->error = std::current_exception();
        }
      } else {
        for (Pending* pending = first; pending; pending = pending->older) {
          try {
            // A savepoint per write: one that fails half-way undoes only itself.
            Transaction one(db);
            pending->write.invoke(pending->write.target, db);
            one.commit();
          } catch (const AwsError&) {
            pending->error = std::current_exception();
          }
        }
        tx.commit();
      }
    } catch (...) {
      auto failure = std::current_exception();
      for (Pending* pending = first; pending; pending = pending->older)
        if (!pending->error) pending->error = failure;
    }
  }
  for (Pending* pending = first; pending;) {
    Pending* next = pending->older;  // read first: once resumed, its frame may go at any moment
    if (pending != &self) resume(*pending);
    pending = next;
  }
  Pending* newest = draining_mark();
  if (state_.compare_exchange_strong(newest, nullptr, std::memory_order_acq_rel)) return;
  // Writes queued meanwhile form the next group. One of them drains it once resumed, which lets
  // other handlers run first: one of this thread's if any (no wake-up of another thread), else
  // the oldest. The chain from `newest` is stable: writers only queue in front of it.
  Pending* next_drainer = newest;
  for (Pending* pending = newest; pending != draining_mark(); pending = pending->older) {
    next_drainer = pending;
    if (pending->thread == std::this_thread::get_id()) break;
  }
  next_drainer->drains_next = true;
  resume(*next_drainer);
}

}  // namespace eddy::store
