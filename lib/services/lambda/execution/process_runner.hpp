#pragma once
// Runs Lambda functions as local processes speaking AWS's Runtime API, no containers: each
// instance is a runtime process with its own loopback Runtime API, kept warm after an invocation
// and reused by the next invocation of an equal deployment. When every instance of a deployment
// is busy a new one starts (the service, not the runner, enforces concurrency); instances idle
// for long are stopped.
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "core/asio.hpp"
#include "eddy/clock.hpp"
#include "engine/notifier.hpp"
#include "services/lambda/execution/function_runner.hpp"

namespace eddy::services::lambda {

struct ProcessRunnerOptions {
  // Where packages are unpacked (packages/<CodeSha256>/): <data_dir>/lambda, or a temporary
  // directory the caller removes.
  std::filesystem::path work_directory;
  // What the functions' SDKs call (AWS_ENDPOINT_URL): this emulator, e.g. http://127.0.0.1:4566.
  std::string endpoint_url;
  // Holds python/bootstrap.py and node/bootstrap.js; empty: default_runtimes_directory().
  std::filesystem::path runtimes_directory;
  // NODE_PATH for nodejs functions; empty: default_node_path(runtimes_directory).
  std::string node_path = {};
  // An instance idle this long (on the clock) is stopped.
  std::chrono::seconds idle_lifetime = std::chrono::minutes(10);
};

class InstancePool;
class PackageDirectories;

class ProcessRunner final : public FunctionRunner {
 public:
  // `clock` and `notifier` must outlive the runner and every coroutine on `executor`.
  ProcessRunner(asio::any_io_executor executor, Clock& clock, engine::Notifier& notifier,
                ProcessRunnerOptions options);
  // Stops every instance and the idle sweep.
  ~ProcessRunner() override;
  ProcessRunner(const ProcessRunner&) = delete;
  ProcessRunner& operator=(const ProcessRunner&) = delete;

  Awaitable<InvocationResult> invoke(Invocation invocation) override;
  void retire(const std::string& function_arn) override;
  // Stops every instance (an emulator reset or shutdown); later invocations start new ones
  // unless the emulator's notifier is shutting down.
  void shutdown() override;

  // Instances alive, busy or warm.
  std::size_t instance_count() const;
  // Stops the instances idle for longer than idle_lifetime; a sweep calls it every minute.
  void stop_idle_instances();

 private:
  asio::any_io_executor executor_;
  Clock& clock_;
  engine::Notifier& notifier_;
  ProcessRunnerOptions options_;
  std::unique_ptr<PackageDirectories> packages_;
  std::shared_ptr<InstancePool> pool_;
};

}  // namespace eddy::services::lambda
