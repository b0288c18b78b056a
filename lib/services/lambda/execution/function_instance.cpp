#include "services/lambda/execution/function_instance.hpp"

#include <fmt/format.h>

#include "core/base64.hpp"
#include "core/ids.hpp"
#include "core/time_format.hpp"
#include "eddy/json.hpp"
#include "eddy/log.hpp"
#include "services/lambda/execution/invocation_errors.hpp"

namespace eddy::services::lambda {
namespace {

// AWS gives a runtime 10 s to initialise before the invocation's own timeout starts counting.
constexpr auto kRuntimeInitLimit = std::chrono::seconds(10);
// A waiting `next` looks again this often even when nothing woke it.
constexpr auto kNextRecheck = std::chrono::minutes(5);
// The part of an invocation's output kept for its result; Tail shows the last 4 KB of it.
constexpr std::size_t kMaxKeptLog = 1024 * 1024;

RuntimeApiAnswer runtime_api_json_answer(unsigned status, json body) {
  return RuntimeApiAnswer{status, body.dump(), {}};
}

RuntimeApiAnswer invalid_request_id_answer() {
  return runtime_api_json_answer(
      400, {{"errorMessage", "Invalid request ID"}, {"errorType", "InvalidRequestID"}});
}

// X-Ray's trace header, as Lambda hands it to a runtime.
std::string new_xray_trace_id(TimePoint now) {
  return fmt::format("Root=1-{:08x}-{:08x}{:016x};Parent={:016x};Sampled=0",
                     time_format::epoch_seconds(now), ids::random_u64() & 0xffffffffu,
                     ids::random_u64(), ids::random_u64());
}

std::string report_duration_ms(TimePoint from, TimePoint to) {
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(to - from).count();
  return fmt::format("{:.2f}", static_cast<double>(micros) / 1000.0);
}

}  // namespace

FunctionInstance::FunctionInstance(const InstanceServices& services, FunctionDeployment deployment)
    : strand_(asio::make_strand(services.executor)),
      clock_(services.clock),
      notifier_(services.notifier),
      deployment_(std::move(deployment)),
      wake_key_("lambda-instance/" + ids::uuid()) {}

std::shared_ptr<FunctionInstance> FunctionInstance::start(const InstanceServices& services,
                                                          FunctionDeployment deployment,
                                                          const std::filesystem::path& task_root,
                                                          const LaunchSettings& settings) {
  auto instance = std::make_shared<FunctionInstance>(services, std::move(deployment));
  instance->server_ = std::make_shared<RuntimeApiServer>(
      services.executor, std::weak_ptr<RuntimeApiHandler>(instance));
  InstanceIdentity identity{
      task_root, instance->server_->port(),
      new_log_stream_name(services.clock.now(), instance->deployment_.version)};
  try {
    LaunchCommand command = launch_command(instance->deployment_, identity, settings);
    FunctionInstance* self = instance.get();  // the process is the instance's: it never outlives it
    instance->process_ = std::make_unique<ChildProcess>(
        instance->strand_, command, [self](std::string_view line) { self->record_line(line); });
  } catch (...) {
    instance->server_->close();
    throw;
  }
  instance->server_->start();
  asio::co_spawn(instance->strand_, instance->pump_output(), asio::detached);
  asio::co_spawn(instance->strand_, instance->watch_exit(), asio::detached);
  return instance;
}

void FunctionInstance::stop() {
  {
    std::lock_guard lock(mutex_);
    killed_ = true;
  }
  if (process_) process_->kill();
  server_->close();
  notifier_.notify(wake_key_);
}

bool FunctionInstance::reusable() const {
  std::lock_guard lock(mutex_);
  return !killed_ && !exit_description_ && !init_failure_;
}

Awaitable<void> FunctionInstance::pump_output() {
  auto self = shared_from_this();
  co_await process_->pump_output();
}

Awaitable<void> FunctionInstance::watch_exit() {
  auto self = shared_from_this();
  std::string description = co_await process_->wait_for_exit();
  {
    std::lock_guard lock(mutex_);
    exit_description_ = description;
  }
  log::write(log::Level::debug,
             fmt::format("lambda {}: runtime exited ({})", deployment_.function_name, description));
  server_->close();
  notifier_.notify(wake_key_);
}

void FunctionInstance::record_line(std::string_view line) {
  log::write(log::Level::info, fmt::format("lambda {}: {}", deployment_.function_name, line));
  log_.append(line).append("\n");
  if (log_.size() > kMaxKeptLog) log_.erase(0, log_.size() - kMaxKeptLog);
}

Awaitable<InvocationResult> FunctionInstance::run(Invocation invocation) {
  co_return co_await asio::co_spawn(strand_, run_on_strand(std::move(invocation)),
                                    asio::use_awaitable);
}

Awaitable<InvocationResult> FunctionInstance::run_on_strand(Invocation invocation) {
  auto self = shared_from_this();
  const std::string request_id = invocation.request_id;
  const TimePoint started = clock_.now();
  // Output written before this invocation (the runtime's init) is part of its log, as in AWS.
  process_->drain_output();
  record_line(fmt::format("START RequestId: {} Version: {}", request_id, deployment_.version));
  {
    std::lock_guard lock(mutex_);
    waiting_invocation_ = std::move(invocation);
    outcome_.reset();
  }
  notifier_.notify(wake_key_);

  std::optional<Outcome> outcome;
  for (;;) {
    auto ticket = notifier_.ticket(wake_key_);
    TimePoint deadline;
    outcome = outcome_so_far(request_id, started, deadline);
    if (outcome) break;
    if (notifier_.stopping()) {
      stop();
      outcome = Outcome{invocation_errors::runtime_exited(request_id, "signal: killed"), true};
      break;
    }
    if (clock_.now() >= deadline) {
      stop();
      record_line(fmt::format("{} {} Task timed out after {:.2f} seconds",
                              time_format::iso8601_ms(clock_.now()), request_id,
                              static_cast<double>(deployment_.timeout_seconds)));
      outcome =
          Outcome{invocation_errors::timed_out(request_id, deployment_.timeout_seconds), true};
      break;
    }
    co_await notifier_.wait(wake_key_, deadline, ticket);
  }

  // What the runtime wrote before it answered is already in the pipe: it belongs here.
  process_->drain_output();
  {
    std::lock_guard lock(mutex_);
    waiting_invocation_.reset();
    current_request_id_.clear();
    invocation_deadline_.reset();
    outcome_.reset();
  }
  TimePoint ended = clock_.now();
  record_line(fmt::format("END RequestId: {}", request_id));
  record_line(fmt::format(
      "REPORT RequestId: {}\tDuration: {} ms\tBilled Duration: {} ms\tMemory Size: {} MB",
      request_id, report_duration_ms(started, ended),
      std::chrono::duration_cast<std::chrono::milliseconds>(ended - started).count() + 1,
      deployment_.memory_size_mb));
  InvocationResult result;
  result.payload = std::move(outcome->payload);
  if (outcome->failed) result.function_error = "Unhandled";
  result.log.swap(log_);
  co_return result;
}

std::optional<FunctionInstance::Outcome> FunctionInstance::outcome_so_far(
    const std::string& request_id, TimePoint started, TimePoint& deadline) {
  std::lock_guard lock(mutex_);
  if (outcome_) return std::move(*outcome_);
  if (init_failure_) {
    killed_ = true;  // a failed init is not retried in the same process
    if (process_) process_->kill();
    return init_failure_;
  }
  if (exit_description_)
    return Outcome{invocation_errors::runtime_exited(request_id, *exit_description_), true};
  deadline = invocation_deadline_
                 ? *invocation_deadline_
                 : started + kRuntimeInitLimit + std::chrono::seconds(deployment_.timeout_seconds);
  return std::nullopt;
}

Awaitable<RuntimeApiAnswer> FunctionInstance::next_invocation() {
  auto self = shared_from_this();
  for (;;) {
    auto ticket = notifier_.ticket(wake_key_);
    std::optional<RuntimeApiAnswer> answer;
    {
      std::lock_guard lock(mutex_);
      initialized_ = true;
      if (killed_ || exit_description_) break;
      if (waiting_invocation_) {
        TimePoint deadline = clock_.now() + std::chrono::seconds(deployment_.timeout_seconds);
        current_request_id_ = waiting_invocation_->request_id;
        invocation_deadline_ = deadline;
        answer = hand_over(*waiting_invocation_, deadline);
        // Taken: a `next` that comes after this invocation's answer (before run() has woken to
        // collect it) must wait for the next invocation, not receive this one again.
        waiting_invocation_.reset();
      }
    }
    if (answer) {
      notifier_.notify(wake_key_);  // run() now counts from the invocation's own deadline
      co_return std::move(*answer);
    }
    if (notifier_.stopping()) break;
    co_await notifier_.wait(wake_key_, clock_.now() + kNextRecheck, ticket);
  }
  co_return runtime_api_json_answer(
      500, {{"errorMessage", "Internal Server Error"}, {"errorType", "InternalServerError"}});
}

RuntimeApiAnswer FunctionInstance::hand_over(const Invocation& invocation,
                                             TimePoint deadline) const {
  RuntimeApiAnswer answer{200, invocation.payload, {}};
  auto& headers = answer.headers;
  headers.emplace_back("Content-Type", "application/json");
  headers.emplace_back("Lambda-Runtime-Aws-Request-Id", invocation.request_id);
  headers.emplace_back("Lambda-Runtime-Deadline-Ms",
                       std::to_string(time_format::epoch_ms(deadline)));
  headers.emplace_back("Lambda-Runtime-Invoked-Function-Arn",
                       invocation.invoked_function_arn.empty() ? deployment_.function_arn
                                                               : invocation.invoked_function_arn);
  headers.emplace_back("Lambda-Runtime-Trace-Id", new_xray_trace_id(clock_.now()));
  // Invoke takes the client context in base64; runtimes receive its JSON text.
  if (invocation.client_context) {
    auto decoded = base64::decode(*invocation.client_context);
    headers.emplace_back("Lambda-Runtime-Client-Context",
                         decoded ? *decoded : *invocation.client_context);
  }
  if (invocation.cognito_identity)
    headers.emplace_back("Lambda-Runtime-Cognito-Identity", *invocation.cognito_identity);
  return answer;
}

RuntimeApiAnswer FunctionInstance::finish(std::string_view request_id, Outcome outcome) {
  {
    std::lock_guard lock(mutex_);
    if (request_id.empty() || request_id != current_request_id_ || outcome_)
      return invalid_request_id_answer();
    outcome_ = std::move(outcome);
    current_request_id_.clear();
  }
  notifier_.notify(wake_key_);
  return runtime_api_json_answer(202, {{"status", "OK"}});
}

RuntimeApiAnswer FunctionInstance::invocation_response(std::string_view request_id,
                                                       std::string body) {
  return finish(request_id, Outcome{std::move(body), false});
}

RuntimeApiAnswer FunctionInstance::invocation_error(std::string_view request_id,
                                                    std::string_view error_type, std::string body) {
  if (body.empty()) body = invocation_errors::bare_error(error_type);
  return finish(request_id, Outcome{std::move(body), true});
}

RuntimeApiAnswer FunctionInstance::init_error(std::string_view error_type, std::string body) {
  {
    std::lock_guard lock(mutex_);
    if (initialized_ || init_failure_)
      return runtime_api_json_answer(403, {{"errorMessage",
                                            "State transition from Ready to InitError failed "
                                            "for runtime. Error: State transition is not "
                                            "allowed"},
                                           {"errorType", "InvalidStateTransition"}});
    if (body.empty()) body = invocation_errors::bare_error(error_type);
    init_failure_ = Outcome{std::move(body), true};
  }
  notifier_.notify(wake_key_);
  return runtime_api_json_answer(202, {{"status", "OK"}});
}

RuntimeApiAnswer FunctionInstance::payload_too_large(std::string_view request_id) {
  finish(request_id,
         Outcome{invocation_errors::response_too_large(RuntimeApiServer::kMaxPayloadBytes), true});
  return runtime_api_json_answer(
      413, {{"errorMessage", fmt::format("Exceeded maximum allowed payload size ({} "
                                         "bytes).",
                                         RuntimeApiServer::kMaxPayloadBytes)},
            {"errorType", "RequestEntityTooLarge"}});
}

}  // namespace eddy::services::lambda
