#include "services/lambda/execution/process_runner.hpp"

#include <system_error>

#include <fmt/format.h>

#include "core/ids.hpp"
#include "eddy/log.hpp"
#include "services/lambda/execution/function_instance.hpp"
#include "services/lambda/execution/function_package.hpp"
#include "services/lambda/execution/instance_pool.hpp"
#include "services/lambda/execution/invocation_errors.hpp"
#include "services/lambda/execution/launch_environment.hpp"
#include "services/lambda/execution/package_directories.hpp"

namespace eddy::services::lambda {
namespace {

constexpr auto kIdleSweepInterval = std::chrono::minutes(1);

InvocationResult failed_process_invocation(std::string payload) {
  InvocationResult result;
  result.payload = std::move(payload);
  result.function_error = "Unhandled";
  return result;
}

// AWS's words for a runtime that could not be started.
std::string runtime_start_failure(const Invocation& invocation,
                                  const std::filesystem::path& task_root,
                                  const std::system_error& error) {
  const auto& runtime = invocation.deployment.runtime;
  if (runtime.starts_with("provided") && error.code() == std::errc::no_such_file_or_directory)
    return invocation_errors::invalid_entrypoint(
        invocation.request_id,
        fmt::format("Couldn't find valid bootstrap(s): [{}]", (task_root / "bootstrap").string()));
  std::string program = runtime.starts_with("python3")  ? "python3"
                        : runtime.starts_with("nodejs") ? "node"
                                                        : (task_root / "bootstrap").string();
  return invocation_errors::invalid_entrypoint(
      invocation.request_id, fmt::format("fork/exec {}: {}", program, error.code().message()));
}

// Stops idle instances every kIdleSweepInterval until the pool closes. Holds the pool, not the
// runner, so it may outlive the runner by one wake-up.
Awaitable<void> sweep_idle_instances(std::shared_ptr<InstancePool> pool, Clock& clock,
                                     engine::Notifier& notifier, std::string wake_key,
                                     std::chrono::seconds idle_lifetime) {
  while (!pool->is_closed() && !notifier.stopping()) {
    co_await notifier.wait(wake_key, clock.now() + kIdleSweepInterval);
    pool->stop_idle_since(clock.now() - idle_lifetime);
  }
}

std::string sweep_key(const InstancePool* pool) {
  return fmt::format("lambda-runner/{}/sweep", static_cast<const void*>(pool));
}

}  // namespace

ProcessRunner::ProcessRunner(asio::any_io_executor executor, Clock& clock,
                             engine::Notifier& notifier, ProcessRunnerOptions options)
    : executor_(std::move(executor)),
      clock_(clock),
      notifier_(notifier),
      options_(std::move(options)),
      packages_(std::make_unique<PackageDirectories>(options_.work_directory)),
      pool_(std::make_shared<InstancePool>()) {
  if (options_.runtimes_directory.empty())
    options_.runtimes_directory = default_runtimes_directory();
  if (options_.runtimes_directory.empty())
    log::write(log::Level::warn,
               "lambda: no runtimes directory found beside the binary; python and node functions "
               "will not start");
  if (options_.node_path.empty())
    options_.node_path = default_node_path(options_.runtimes_directory);
  asio::co_spawn(asio::make_strand(executor_),
                 sweep_idle_instances(pool_, clock_, notifier_, sweep_key(pool_.get()),
                                      options_.idle_lifetime),
                 asio::detached);
}

ProcessRunner::~ProcessRunner() {
  pool_->close();
  notifier_.notify(sweep_key(pool_.get()));
}

Awaitable<InvocationResult> ProcessRunner::invoke(Invocation invocation) {
  auto pool = pool_;
  if (pool->is_closed() || notifier_.stopping())
    co_return failed_process_invocation(
        invocation_errors::runtime_exited(invocation.request_id, "signal: killed"));
  std::filesystem::path task_root;
  try {
    task_root = packages_->unpacked(invocation.deployment);
  } catch (const PackageError& e) {
    co_return failed_process_invocation(
        invocation_errors::invalid_entrypoint(invocation.request_id, e.what()));
  }

  auto instance = pool->take_idle(invocation.deployment);
  if (!instance) {
    try {
      instance = FunctionInstance::start(
          {executor_, clock_, notifier_}, invocation.deployment, task_root,
          {options_.runtimes_directory, options_.endpoint_url, options_.node_path});
    } catch (const UnsupportedRuntime& e) {
      co_return failed_process_invocation(
          invocation_errors::invalid_entrypoint(invocation.request_id, e.what()));
    } catch (const std::system_error& e) {
      co_return failed_process_invocation(runtime_start_failure(invocation, task_root, e));
    }
    if (!pool->add_busy(instance))
      co_return failed_process_invocation(
          invocation_errors::runtime_exited(invocation.request_id, "signal: killed"));
  }
  InvocationResult result = co_await instance->run(std::move(invocation));
  pool->release(instance, clock_.now());
  co_return result;
}

void ProcessRunner::retire(const std::string& function_arn) {
  pool_->retire(function_arn);
}

void ProcessRunner::shutdown() {
  pool_->stop_all();
}

std::size_t ProcessRunner::instance_count() const {
  return pool_->size();
}

void ProcessRunner::stop_idle_instances() {
  pool_->stop_idle_since(clock_.now() - options_.idle_lifetime);
}

}  // namespace eddy::services::lambda
