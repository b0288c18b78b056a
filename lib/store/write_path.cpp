#include "store/write_path.hpp"

#include "eddy/aws_error.hpp"
#include "store/store.hpp"
#include "store/transaction.hpp"

namespace eddy::store {

struct WritePath::Pending {
  Pending(const asio::any_io_executor& strand, std::function<void(Database&)> work)
      : executor(strand), write(std::move(work)) {}
  asio::any_io_executor executor;
  // Only a write that waits for another's drain needs one (made on `executor` before it waits;
  // the wake-up, posted to that strand, cannot run before then).
  std::optional<asio::steady_timer> timer;
  std::function<void(Database&)> write;
  std::exception_ptr error;
  bool done = false;  // touched only on `executor`, a strand
};

WritePath::WritePath(Store& store) : store_(store) {}

Awaitable<void> WritePath::run(std::function<void(Database&)> write) {
  auto executor = co_await asio::this_coro::executor;
  auto pending = std::make_shared<Pending>(executor, std::move(write));
  bool schedule = false;
  {
    std::lock_guard lock(mutex_);
    queued_.push_back(pending);
    schedule = !drain_scheduled_;
    drain_scheduled_ = true;
  }
  if (schedule) {
    // Nobody is draining: this request starts the group itself, on this thread, saving the hops
    // to another handler and back. Writes queued while it waits for the store still join it.
    drain(pending.get());
  } else if (!pending->done) {
    pending->timer.emplace(executor, asio::steady_timer::time_point::max());
    boost::system::error_code ignored;
    co_await pending->timer->async_wait(asio::redirect_error(asio::use_awaitable, ignored));
  }
  if (pending->error) std::rethrow_exception(pending->error);
}

void WritePath::abandon_queued() {
  std::lock_guard lock(mutex_);
  queued_.clear();
}

void WritePath::drain(const Pending* caller) {
  std::vector<std::shared_ptr<Pending>> group;
  {
    // The group closes only once the store is ours: what queues while waiting for it joins.
    auto lock = store_.lock();
    {
      std::lock_guard queue_lock(mutex_);
      group.swap(queued_);
    }
    auto& db = store_.db();
    try {
      Transaction tx(db);
      if (group.size() == 1) {
        // Alone in its group (every write of a single client): the group's transaction undoes it
        // on failure, no savepoint needed.
        try {
          group.front()->write(db);
          tx.commit();
        } catch (const AwsError&) {
          group.front()->error = std::current_exception();
        }
      } else {
        for (auto& pending : group) {
          try {
            // A savepoint per write: one that fails half-way undoes only itself.
            Transaction one(db);
            pending->write(db);
            one.commit();
          } catch (const AwsError&) {
            pending->error = std::current_exception();
          }
        }
        tx.commit();
      }
    } catch (...) {
      auto failure = std::current_exception();
      for (auto& pending : group)
        if (!pending->error) pending->error = failure;
    }
  }
  for (auto& pending : group) {
    if (pending.get() == caller) continue;  // it is running this drain: nothing to wake
    asio::post(pending->executor, [pending] {
      pending->done = true;
      if (pending->timer) pending->timer->cancel();
    });
  }
  // Writes queued meanwhile form the next group, drained on the first one's executor; posting
  // lets other handlers run first.
  std::lock_guard lock(mutex_);
  if (queued_.empty())
    drain_scheduled_ = false;
  else
    asio::post(queued_.front()->executor, [this] { drain(nullptr); });
}

}  // namespace eddy::store
