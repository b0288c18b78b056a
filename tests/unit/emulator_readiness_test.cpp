// Readiness: requests that arrive while the services are still being prepared wait for them, and
// an emulator that prepares in the background (as the eddy server's does) answers every call.
#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "eddy/emulator.hpp"
#include "emulator/emulator_core.hpp"
#include "emulator/readiness.hpp"
#include "executor_test_support.hpp"
#include "services/sqs/sqs_service.hpp"

using namespace eddy;
using namespace std::chrono_literals;

namespace {
using eddy::testing::Executor;

EmulatorConfig preparing_in_background() {
  EmulatorConfig config;
  config.threads = 2;
  config.prepare_in_background = true;
  return config;
}

std::future<void> spawn_wait(Executor& ex, Readiness& readiness, std::size_t count) {
  return asio::co_spawn(
      asio::make_strand(ex.io),
      [&readiness, count]() -> Awaitable<void> { co_await readiness.wait(count); },
      asio::use_future);
}
class ReadinessTest : public ::testing::Test {
 protected:
  ManualClock clock;
  engine::Notifier notifier{clock};
  Readiness readiness{notifier, clock};
  Executor ex;
};
}  // namespace

TEST_F(ReadinessTest, AWaitEndsOnlyOnceItsServicesAreReady) {
  auto first = spawn_wait(ex, readiness, 1);
  auto third = spawn_wait(ex, readiness, 3);
  EXPECT_EQ(first.wait_for(50ms), std::future_status::timeout);
  EXPECT_FALSE(readiness.ready(1));

  readiness.mark_ready(2);
  ASSERT_EQ(first.wait_for(2s), std::future_status::ready);
  first.get();
  EXPECT_TRUE(readiness.ready(2));
  EXPECT_EQ(third.wait_for(50ms), std::future_status::timeout);
  readiness.mark_ready(3);
  EXPECT_EQ(third.wait_for(2s), std::future_status::ready);
  // Once ready, a wait ends at once.
  EXPECT_EQ(spawn_wait(ex, readiness, 3).wait_for(2s), std::future_status::ready);
}

TEST_F(ReadinessTest, ABlockingWaitEndsOnceMarkedReady) {
  auto waiting = std::async(std::launch::async, [&] { readiness.wait_blocking(2); });
  EXPECT_EQ(waiting.wait_for(50ms), std::future_status::timeout);
  readiness.mark_ready(1);
  EXPECT_EQ(waiting.wait_for(50ms), std::future_status::timeout);
  readiness.mark_ready(2);
  EXPECT_EQ(waiting.wait_for(2s), std::future_status::ready);
}

TEST_F(ReadinessTest, AShutdownBeforeReadyEndsTheWaitWithServiceUnavailable) {
  auto waiting = spawn_wait(ex, readiness, 1);
  EXPECT_EQ(waiting.wait_for(50ms), std::future_status::timeout);
  notifier.shutdown();
  ASSERT_EQ(waiting.wait_for(2s), std::future_status::ready);
  try {
    waiting.get();
    FAIL() << "the wait ended without the services being ready";
  } catch (const AwsError& e) {
    EXPECT_EQ(e.code(), "ServiceUnavailable");
    EXPECT_EQ(e.http_status(), 503);
  }
}

// Without the waits, a call racing the background preparation would find no tables (or no queue
// catalog) and fail; each round starts a new emulator and calls it at once.
TEST(Readiness, AnEmulatorPreparingInTheBackgroundAnswersCallsMadeAtOnce) {
  for (int round = 0; round < 10; ++round) {
    Emulator emu(preparing_in_background());
    // Lambda, registered last, waits for every service; SQS only for itself.
    json created = emu.call("sqs", "CreateQueue", {{"QueueName", "first"}});
    EXPECT_EQ(emu.call("sqs", "GetQueueUrl", {{"QueueName", "first"}})["QueueUrl"],
              created["QueueUrl"]);
    EXPECT_TRUE(emu.call("lambda", "ListFunctions")["Functions"].empty());
    EXPECT_TRUE(emu.core().ready());
  }
  for (int round = 0; round < 10; ++round) {
    Emulator emu(preparing_in_background());
    // In-process APIs wait too: the service is handed out prepared and started.
    emu.core().service<services::sqs::SqsService>();
    EXPECT_TRUE(emu.core().ready());
  }
}

// Nothing but a Server or a wait starts the preparation: an emulator that is never used, or is
// used only after a while, neither crashes on the unopened store nor misses its services.
TEST(Readiness, AnEmulatorPreparingInTheBackgroundPreparesWhenFirstWaitedFor) {
  { Emulator unused(preparing_in_background()); }
  Emulator emu(preparing_in_background());
  std::this_thread::sleep_for(20ms);
  EXPECT_FALSE(emu.core().ready());
  EXPECT_TRUE(emu.call("sqs", "ListQueues").is_object());
  EXPECT_TRUE(emu.call("sns", "ListTopics")["Topics"].empty());
  emu.reset();
  EXPECT_TRUE(emu.core().ready());
}
