#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

#include "engine/notifier.hpp"
#include "engine/scheduler.hpp"
#include "executor_test_support.hpp"

using namespace eddy;
using namespace std::chrono_literals;

namespace {
using eddy::testing::Executor;

std::future<void> spawn_wait(Executor& ex, engine::Notifier& notifier, std::string key,
                             TimePoint deadline) {
  return asio::co_spawn(
      asio::make_strand(ex.io),
      [&notifier, key, deadline]() -> Awaitable<void> { co_await notifier.wait(key, deadline); },
      asio::use_future);
}
}  // namespace

TEST(Notifier, NotifyWakesOnlyThatKey) {
  ManualClock clock;
  engine::Notifier notifier(clock);
  Executor ex;
  auto far = clock.now() + 1h;
  auto waiting = spawn_wait(ex, notifier, "q1", far);
  auto other = spawn_wait(ex, notifier, "q2", far);
  std::this_thread::sleep_for(20ms);
  EXPECT_EQ(waiting.wait_for(0ms), std::future_status::timeout);
  notifier.notify("q1");
  EXPECT_EQ(waiting.wait_for(2s), std::future_status::ready);
  EXPECT_EQ(other.wait_for(50ms), std::future_status::timeout);
  notifier.shutdown();
  EXPECT_EQ(other.wait_for(2s), std::future_status::ready);
}

TEST(Notifier, ManualClockDeadlineNeedsAnAdvance) {
  ManualClock clock;
  engine::Notifier notifier(clock);
  auto subscription = clock.on_advance([&] { notifier.notify_all(); });
  Executor ex;
  auto waiting = spawn_wait(ex, notifier, "k", clock.now() + 5s);
  EXPECT_EQ(waiting.wait_for(50ms), std::future_status::timeout);
  clock.advance(5s);
  EXPECT_EQ(waiting.wait_for(2s), std::future_status::ready);
}

TEST(Notifier, SystemClockDeadlineFiresOnItsOwn) {
  SystemClock clock;
  engine::Notifier notifier(clock);
  Executor ex;
  auto started = std::chrono::steady_clock::now();
  spawn_wait(ex, notifier, "k", clock.now() + 30ms).get();
  EXPECT_GE(std::chrono::steady_clock::now() - started, 25ms);
  // A deadline already past returns at once.
  spawn_wait(ex, notifier, "k", clock.now() - 1s).get();
}

TEST(Notifier, NotifyBeforeTheWaitStartsIsNotLost) {
  // Many racing notify/wait pairs: every wait must end (by its notify or the stop at the end).
  ManualClock clock;
  engine::Notifier notifier(clock);
  Executor ex;
  std::vector<std::future<void>> waits;
  for (int i = 0; i < 200; ++i) {
    std::string key = std::to_string(i);  // (GCC 12 misreports "k" + to_string as an overflow)
    waits.push_back(spawn_wait(ex, notifier, key, clock.now() + 1h));
    notifier.notify(key);
  }
  std::this_thread::sleep_for(50ms);
  notifier.shutdown();
  for (auto& w : waits) EXPECT_EQ(w.wait_for(2s), std::future_status::ready);
}

TEST(Scheduler, RunsOnTheClockAndWhenPoked) {
  ManualClock clock;
  engine::Notifier notifier(clock);
  auto subscription = clock.on_advance([&] { notifier.notify_all(); });
  Executor ex;
  engine::Scheduler scheduler(ex.io, clock, notifier);
  std::atomic<int> runs{0};
  scheduler.every("sweep", 10s, [&]() -> Awaitable<std::optional<TimePoint>> {
    ++runs;
    co_return std::nullopt;
  });
  auto wait_for_runs = [&](int n) {
    for (int i = 0; i < 200 && runs < n; ++i) std::this_thread::sleep_for(5ms);
    return runs.load();
  };
  EXPECT_EQ(wait_for_runs(1), 1);  // runs once at start
  clock.advance(10s);
  EXPECT_EQ(wait_for_runs(2), 2);
  notifier.notify("sweep");
  EXPECT_EQ(wait_for_runs(3), 3);
  notifier.shutdown();
}

TEST(Notifier, ATicketCatchesANotifyBeforeTheWait) {
  ManualClock clock;
  engine::Notifier notifier(clock);
  Executor ex;
  auto far = clock.now() + 1h;
  auto wait_with = [&](std::string key, engine::Notifier::Ticket ticket) {
    return asio::co_spawn(
        asio::make_strand(ex.io),
        [&notifier, key, far, ticket]() -> Awaitable<void> {
          co_await notifier.wait(key, far, ticket);
        },
        asio::use_future);
  };
  // A notify between taking the ticket and waiting ends the wait at once...
  auto ticket = notifier.ticket("q");
  notifier.notify("q");
  EXPECT_EQ(wait_with("q", ticket).wait_for(2s), std::future_status::ready);
  // ...while one for another key does not.
  auto quiet = notifier.ticket("q");
  notifier.notify("other");
  auto waiting = wait_with("q", quiet);
  EXPECT_EQ(waiting.wait_for(50ms), std::future_status::timeout);
  notifier.notify("q");
  EXPECT_EQ(waiting.wait_for(2s), std::future_status::ready);
}

TEST(Scheduler, APokeWhileTheTaskRunsIsNotLost) {
  ManualClock clock;
  engine::Notifier notifier(clock);
  Executor ex;
  engine::Scheduler scheduler(ex.io, clock, notifier);
  std::atomic<int> runs{0};
  scheduler.every("work", 1h, [&]() -> Awaitable<std::optional<TimePoint>> {
    if (++runs == 1) notifier.notify("work");  // new work arrives while this run is busy
    co_return std::nullopt;
  });
  for (int i = 0; i < 200 && runs < 2; ++i) std::this_thread::sleep_for(5ms);
  EXPECT_EQ(runs.load(), 2);
  notifier.shutdown();
}
