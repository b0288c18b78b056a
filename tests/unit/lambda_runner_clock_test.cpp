// ProcessRunner's time is the emulator's Clock: a timeout and an idle instance's end come when
// the clock says so, not the wall clock.
#include <signal.h>

#include "lambda_runner_fixture.hpp"

using namespace eddy;
using namespace eddy::lambda_test;
using namespace std::chrono_literals;

namespace {

using RunnerClockTest = RunnerTest;

lambda::FunctionDeployment pid_function(const std::string& name) {
  return deployment(name, "python3.12", "app.handler", make_zip({{"app.py", R"(
import os, time
def handler(event, context):
    if event.get("sleep"):
        time.sleep(60)
    return os.getpid()
)"}}));
}

bool process_gone(int pid) {
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (::kill(pid, 0) == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(20ms);
  return ::kill(pid, 0) == -1;
}

TEST_F(RunnerClockTest, TimeoutFollowsTheManualClock) {
  start_manual_runner();
  auto function = pid_function("manual-timeout");
  function.timeout_seconds = 2;
  int pid = std::stoi(invoke(function).payload);

  auto pending = start_invoke(function, R"({"sleep": true})", "req-manual");
  // Real time passes beyond the timeout; the clock does not.
  EXPECT_EQ(pending.wait_for(2500ms), std::future_status::timeout);
  manual_clock.advance(3s);
  ASSERT_EQ(pending.wait_for(5s), std::future_status::ready);
  auto result = pending.get();
  EXPECT_EQ(parsed(result)["errorMessage"],
            "RequestId: req-manual Error: Task timed out after 2.00 seconds");
  EXPECT_TRUE(process_gone(pid));
}

TEST_F(RunnerClockTest, IdleInstancesStopAfterTheirIdleLifetime) {
  start_manual_runner();
  auto function = pid_function("idle");
  int pid = std::stoi(invoke(function).payload);
  EXPECT_EQ(runner->instance_count(), 1u);
  manual_clock.advance(std::chrono::minutes(5));
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(runner->instance_count(), 1u);  // idle, but not for long enough yet
  EXPECT_EQ(std::stoi(invoke(function).payload), pid);

  manual_clock.advance(std::chrono::minutes(11));
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (runner->instance_count() != 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(20ms);
  EXPECT_EQ(runner->instance_count(), 0u);
  EXPECT_TRUE(process_gone(pid));
}

}  // namespace
