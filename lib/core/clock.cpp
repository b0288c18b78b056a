#include "eddy/clock.hpp"

namespace eddy {

void Clock::on_advance(std::function<void()> listener) {
  std::lock_guard lock(listeners_mutex_);
  listeners_.push_back(std::move(listener));
}

void Clock::notify_advanced() {
  std::vector<std::function<void()>> listeners;
  {
    std::lock_guard lock(listeners_mutex_);
    listeners = listeners_;
  }
  for (auto& listener : listeners) listener();
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
