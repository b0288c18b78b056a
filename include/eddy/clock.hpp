#pragma once
// All of Eddy's time comes from a Clock: the wall clock, or a manual one a test advances.
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <vector>

namespace eddy {

using TimePoint = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
  // True when time passes on its own, so waiting for a clock time can be a real timer.
  virtual bool advances_by_itself() const = 0;
  // Called after a manual clock moves, so waiters can look again. Never for the system clock.
  void on_advance(std::function<void()> listener);

  std::int64_t now_ms() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(now().time_since_epoch()).count();
  }

 protected:
  void notify_advanced();

 private:
  std::mutex listeners_mutex_;
  std::vector<std::function<void()>> listeners_;
};

class SystemClock final : public Clock {
 public:
  TimePoint now() const override { return std::chrono::system_clock::now(); }
  bool advances_by_itself() const override { return true; }
};

// Starts at the given time (default: the real time at construction) and moves only when told.
class ManualClock final : public Clock {
 public:
  ManualClock();
  explicit ManualClock(TimePoint start);
  TimePoint now() const override;
  bool advances_by_itself() const override { return false; }
  void advance(std::chrono::milliseconds by);
  void set(TimePoint to);

 private:
  mutable std::mutex mutex_;
  TimePoint now_;
};

}  // namespace eddy
