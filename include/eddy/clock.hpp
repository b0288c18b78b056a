#pragma once
// All of Eddy's time comes from a Clock: the wall clock, or a manual one a test advances.
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <utility>
#include <vector>

namespace eddy {

using TimePoint = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
  // True when time passes on its own, so waiting for a clock time can be a real timer.
  virtual bool advances_by_itself() const = 0;
  // Ends its listener's calls when destroyed (waiting for a call under way), so a clock may
  // outlive what listens to it, as a test's clock outlives each emulator it is given to.
  class Subscription {
   public:
    Subscription() = default;
    Subscription(Clock& clock, std::uint64_t id) : clock_(&clock), id_(id) {}
    Subscription(Subscription&& other) noexcept { *this = std::move(other); }
    Subscription& operator=(Subscription&& other) noexcept;
    ~Subscription() { end(); }

   private:
    void end();
    Clock* clock_ = nullptr;
    std::uint64_t id_ = 0;
  };

  // `listener` runs after each move of a manual clock, so waiters can look again, until the
  // subscription ends. Never for the system clock. A listener must not subscribe or unsubscribe.
  [[nodiscard]] Subscription on_advance(std::function<void()> listener);

  std::int64_t now_ms() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(now().time_since_epoch()).count();
  }

 protected:
  void notify_advanced();

 private:
  std::mutex listeners_mutex_;
  std::uint64_t next_listener_id_ = 1;
  std::vector<std::pair<std::uint64_t, std::function<void()>>> listeners_;
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
