#include "engine/notifier.hpp"

namespace eddy::engine {

struct Notifier::Waiter {
  explicit Waiter(const asio::any_io_executor& strand) : executor(strand), timer(strand) {}
  asio::any_io_executor executor;
  asio::steady_timer timer;
  bool woken = false;  // touched only on `executor`, which is a strand
};

Notifier::Notifier(Clock& clock) : clock_(clock) {}

Notifier::Ticket Notifier::ticket(const std::string& key) const {
  std::lock_guard lock(mutex_);
  auto it = notifications_.find(key);
  return {it == notifications_.end() ? 0 : it->second, all_notifications_};
}

Awaitable<void> Notifier::wait(std::string key, TimePoint deadline, std::optional<Ticket> since) {
  auto executor = co_await asio::this_coro::executor;
  auto waiter = std::make_shared<Waiter>(executor);
  if (clock_.advances_by_itself()) {
    auto remaining = deadline - clock_.now();
    if (remaining <= TimePoint::duration::zero()) co_return;
    waiter->timer.expires_after(std::chrono::duration_cast<std::chrono::nanoseconds>(remaining));
  } else {
    if (clock_.now() >= deadline) co_return;
    waiter->timer.expires_at(asio::steady_timer::time_point::max());
  }

  WaiterList::iterator position;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) co_return;
    if (since) {
      auto it = notifications_.find(key);
      std::uint64_t notified = it == notifications_.end() ? 0 : it->second;
      if (notified != since->key_notifications || all_notifications_ != since->all_notifications)
        co_return;
    }
    auto& list = waiters_[key];
    position = list.insert(list.end(), waiter);
  }
  // Unregisters even when the coroutine is destroyed without resuming (emulator shutdown).
  struct Unregister {
    Notifier* self;
    const std::string& key;
    WaiterList::iterator position;
    ~Unregister() {
      std::lock_guard lock(self->mutex_);
      auto it = self->waiters_.find(key);
      if (it == self->waiters_.end()) return;
      it->second.erase(position);
      if (it->second.empty()) self->waiters_.erase(it);
    }
  } unregister{this, key, position};

  if (!waiter->woken) {
    boost::system::error_code ignored;
    co_await waiter->timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
  }
}

void Notifier::wake(const std::shared_ptr<Waiter>& waiter) {
  asio::post(waiter->executor, [waiter] {
    waiter->woken = true;
    waiter->timer.cancel();
  });
}

void Notifier::notify(const std::string& key) {
  std::lock_guard lock(mutex_);
  ++notifications_[key];
  auto it = waiters_.find(key);
  if (it == waiters_.end()) return;
  for (auto& waiter : it->second) wake(waiter);
}

void Notifier::notify_all() {
  std::lock_guard lock(mutex_);
  ++all_notifications_;
  for (auto& [key, list] : waiters_)
    for (auto& waiter : list) wake(waiter);
}

void Notifier::shutdown() {
  std::lock_guard lock(mutex_);
  stopping_ = true;
  ++all_notifications_;
  for (auto& [key, list] : waiters_)
    for (auto& waiter : list) wake(waiter);
}

bool Notifier::stopping() const {
  std::lock_guard lock(mutex_);
  return stopping_;
}

}  // namespace eddy::engine
