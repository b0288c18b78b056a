#pragma once
// One warm execution environment: a runtime process and the Runtime API it polls, running one
// invocation at a time. An invocation is handed over through the API's `next`, answered through
// `response` or `error`; a crash, an init failure or the timeout (which kills the process) ends it
// with AWS's error document instead.
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "core/asio.hpp"
#include "eddy/clock.hpp"
#include "engine/notifier.hpp"
#include "services/lambda/execution/child_process.hpp"
#include "services/lambda/execution/function_runner.hpp"
#include "services/lambda/execution/launch_environment.hpp"
#include "services/lambda/execution/runtime_api_server.hpp"

namespace eddy::services::lambda {

struct InstanceServices {
  asio::any_io_executor executor;
  Clock& clock;
  engine::Notifier& notifier;
};

class FunctionInstance final : public RuntimeApiHandler,
                               public std::enable_shared_from_this<FunctionInstance> {
 public:
  // Starts the runtime process with its Runtime API. Throws UnsupportedRuntime, or
  // std::system_error when the process cannot be started.
  static std::shared_ptr<FunctionInstance> start(const InstanceServices& services,
                                                 FunctionDeployment deployment,
                                                 const std::filesystem::path& task_root,
                                                 const LaunchSettings& settings);
  FunctionInstance(const InstanceServices& services, FunctionDeployment deployment);

  // Runs one invocation to its end; never two at once on one instance.
  Awaitable<InvocationResult> run(Invocation invocation);
  // Kills the process and closes the API. Safe from any thread, at any time.
  void stop();
  // False once the process exited, was killed, or failed its init: never reused after.
  bool reusable() const;
  const FunctionDeployment& deployment() const { return deployment_; }
  pid_t pid() const { return process_ ? process_->pid() : -1; }

  Awaitable<RuntimeApiAnswer> next_invocation() override;
  RuntimeApiAnswer invocation_response(std::string_view request_id, std::string body) override;
  RuntimeApiAnswer invocation_error(std::string_view request_id, std::string_view error_type,
                                    std::string body) override;
  RuntimeApiAnswer init_error(std::string_view error_type, std::string body) override;
  RuntimeApiAnswer payload_too_large(std::string_view request_id) override;

 private:
  struct Outcome {
    std::string payload;
    bool failed = false;
  };

  Awaitable<InvocationResult> run_on_strand(Invocation invocation);
  // The invocation's end, or nullopt while it goes on; `deadline` is set to when it times out.
  std::optional<Outcome> outcome_so_far(const std::string& request_id, TimePoint started,
                                        TimePoint& deadline);
  RuntimeApiAnswer hand_over(const Invocation& invocation, TimePoint deadline) const;
  RuntimeApiAnswer finish(std::string_view request_id, Outcome outcome);
  Awaitable<void> watch_exit();
  Awaitable<void> pump_output();
  void record_line(std::string_view line);  // on the strand

  asio::any_io_executor strand_;
  Clock& clock_;
  engine::Notifier& notifier_;
  const FunctionDeployment deployment_;
  const std::string wake_key_;  // one Notifier key for every change of this instance's state
  std::shared_ptr<RuntimeApiServer> server_;
  std::unique_ptr<ChildProcess> process_;

  mutable std::mutex mutex_;
  bool initialized_ = false;                      // the runtime asked for its first invocation
  std::optional<Invocation> waiting_invocation_;  // assigned by run(), taken by `next`
  std::string current_request_id_;                // taken by `next`, not yet answered
  std::optional<TimePoint> invocation_deadline_;
  std::optional<Outcome> outcome_;
  std::optional<Outcome> init_failure_;
  std::optional<std::string> exit_description_;
  bool killed_ = false;

  std::string log_;  // what the process wrote during the current invocation; on the strand
};

}  // namespace eddy::services::lambda
