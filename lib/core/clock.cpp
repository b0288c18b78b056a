#include "eddy/clock.hpp"

namespace eddy {

Clock::Subscription& Clock::Subscription::operator=(Subscription&& other) noexcept {
  if (this != &other) {
    end();
    clock_ = std::exchange(other.clock_, nullptr);
    id_ = other.id_;
  }
  return *this;
}

void Clock::Subscription::end() {
  if (!clock_) return;
  std::lock_guard lock(clock_->listeners_mutex_);
  std::erase_if(clock_->listeners_, [this](const auto& entry) { return entry.first == id_; });
  clock_ = nullptr;
}

Clock::Subscription Clock::on_advance(std::function<void()> listener) {
  std::lock_guard lock(listeners_mutex_);
  std::uint64_t id = next_listener_id_++;
  listeners_.emplace_back(id, std::move(listener));
  return Subscription(*this, id);
}

void Clock::notify_advanced() {
  // Called under the lock, so a subscription ending waits for the call, never races it.
  std::lock_guard lock(listeners_mutex_);
  for (auto& entry : listeners_) entry.second();
}

ManualClock::ManualClock() : now_(std::chrono::system_clock::now()) {}
ManualClock::ManualClock(TimePoint start) : now_(start) {}

TimePoint ManualClock::now() const {
  std::lock_guard lock(mutex_);
  return now_;
}

void ManualClock::advance(std::chrono::milliseconds by) {
  {
    std::lock_guard lock(mutex_);
    now_ += by;
  }
  notify_advanced();
}

void ManualClock::set(TimePoint to) {
  {
    std::lock_guard lock(mutex_);
    now_ = to;
  }
  notify_advanced();
}

}  // namespace eddy
