#pragma once
// A ProcessRunner on a two-thread io_context, the system clock and a fresh work directory, with
// the runtimes of this source tree: what the process runtime tests drive.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <memory>
#include <thread>

#include "eddy/json.hpp"
#include "engine/notifier.hpp"
#include "lambda_test_packages.hpp"
#include "services/lambda/execution/launch_environment.hpp"
#include "services/lambda/execution/process_runner.hpp"

namespace eddy::lambda_test {

namespace lambda = services::lambda;

class RunnerTest : public ::testing::Test {
 protected:
  SystemClock clock;
  engine::Notifier notifier{clock};
  // For the tests of time on the emulator's clock: a runner started with start_manual_runner().
  ManualClock manual_clock;
  engine::Notifier manual_notifier{manual_clock};
  Clock::Subscription manual_clock_subscription;
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work = asio::make_work_guard(io);
  std::thread thread_a{[this] { io.run(); }};
  std::thread thread_b{[this] { io.run(); }};
  std::filesystem::path work_directory =
      std::filesystem::temp_directory_path() / ("eddy-runner-" + ids::random_token(10));
  std::unique_ptr<lambda::ProcessRunner> runner;

  void SetUp() override { start_runner("http://127.0.0.1:1"); }

  void start_runner(const std::string& endpoint_url) {
    start_runner_on(clock, notifier, endpoint_url);
  }

  void start_manual_runner() {
    manual_clock_subscription = manual_clock.on_advance([this] { manual_notifier.notify_all(); });
    start_runner_on(manual_clock, manual_notifier, "http://127.0.0.1:1");
  }

  void start_runner_on(Clock& runner_clock, engine::Notifier& runner_notifier,
                       const std::string& endpoint_url) {
    runner = std::make_unique<lambda::ProcessRunner>(
        io.get_executor(), runner_clock, runner_notifier,
        lambda::ProcessRunnerOptions{.work_directory = work_directory,
                                     .endpoint_url = endpoint_url,
                                     .runtimes_directory = runtimes_directory(),
                                     .idle_lifetime = std::chrono::minutes(10)});
  }

  void TearDown() override {
    runner.reset();
    work.reset();
    // Everything ends once the processes are gone; stop() only guards a test from hanging.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!io.stopped() && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    io.stop();
    thread_a.join();
    thread_b.join();
    std::filesystem::remove_all(work_directory);
  }

  // The build runs from this source tree: its runtimes/ is beside tests/.
  static std::filesystem::path runtimes_directory() {
    auto found = lambda::default_runtimes_directory();
    if (!found.empty()) return found;
    return std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "runtimes";
  }

  lambda::InvocationResult invoke(const lambda::FunctionDeployment& deployment,
                                  const std::string& payload = "{}",
                                  const std::string& request_id = ids::uuid()) {
    return start_invoke(deployment, payload, request_id).get();
  }

  std::future<lambda::InvocationResult> start_invoke(const lambda::FunctionDeployment& deployment,
                                                     const std::string& payload = "{}",
                                                     const std::string& request_id = ids::uuid()) {
    lambda::Invocation invocation{deployment, payload, request_id, deployment.function_arn, {}, {}};
    return asio::co_spawn(io, runner->invoke(std::move(invocation)), asio::use_future);
  }

  static json parsed(const lambda::InvocationResult& result) { return json::parse(result.payload); }
};

}  // namespace eddy::lambda_test
