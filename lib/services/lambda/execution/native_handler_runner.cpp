#include "services/lambda/execution/native_handler_runner.hpp"

#include <fmt/format.h>

#include <boost/core/demangle.hpp>
#include <typeinfo>

#include "core/base64.hpp"
#include "core/time_format.hpp"

namespace eddy::services::lambda {
namespace {

// What the handler left behind, shared with the coroutine waiting for it: the handler may finish
// after its invocation timed out and was answered.
struct NativeOutcome {
  std::mutex mutex;
  bool done = false;
  InvocationResult result;
};

InvocationResult call_native_handler(const LambdaHandler& handler, const Invocation& invocation,
                                     LambdaContext& context) {
  InvocationResult result;
  try {
    json event = json::parse(invocation.payload.empty() ? "{}" : invocation.payload);
    json response = handler(event, context);
    result.payload = response.dump(-1, ' ', false, json::error_handler_t::replace);
  } catch (const LambdaFunctionError& e) {
    result.payload = function_error_document(e.error_type(), e.what());
    result.function_error = "Unhandled";
  } catch (const std::exception& e) {
    result.payload = function_error_document(boost::core::demangle(typeid(e).name()), e.what());
    result.function_error = "Unhandled";
  } catch (...) {
    result.payload = function_error_document("UnknownError", "The handler threw a non-exception.");
    result.function_error = "Unhandled";
  }
  return result;
}

// Invoke checked that the client context is base64 JSON; the handler gets the JSON.
std::optional<json> decoded_client_context(const std::optional<std::string>& client_context) {
  if (!client_context) return std::nullopt;
  auto text = base64::decode(*client_context);
  if (!text) return std::nullopt;
  json parsed = json::parse(*text, nullptr, false);
  if (parsed.is_discarded()) return std::nullopt;
  return parsed;
}

std::optional<json> parsed_identity(const std::optional<std::string>& identity) {
  if (!identity) return std::nullopt;
  json parsed = json::parse(*identity, nullptr, false);
  if (parsed.is_discarded()) return std::nullopt;
  return parsed;
}

// The lines Lambda writes around an invocation's own output.
std::string logged_invocation(const Invocation& invocation, const std::string& output,
                              double duration_ms) {
  const auto& id = invocation.request_id;
  return fmt::format(
      "START RequestId: {} Version: {}\n{}END RequestId: {}\nREPORT RequestId: {}\tDuration: "
      "{:.2f} ms\tBilled Duration: {} ms\tMemory Size: {} MB\tMax Memory Used: {} MB\t\n",
      id, invocation.deployment.version, output, id, id, duration_ms,
      static_cast<long long>(duration_ms) + 1, invocation.deployment.memory_size_mb,
      invocation.deployment.memory_size_mb);
}

}  // namespace

std::string function_error_document(const std::string& type, const std::string& message) {
  json document = {{"errorMessage", message}, {"errorType", type}, {"stackTrace", json::array()}};
  return document.dump(-1, ' ', false, json::error_handler_t::replace);
}

NativeHandlerRunner::NativeHandlerRunner(const LambdaHandlers& handlers, Clock& clock,
                                         engine::Notifier& notifier)
    : handlers_(handlers), clock_(clock), notifier_(notifier) {}

asio::thread_pool& NativeHandlerRunner::handler_threads() {
  // As many handlers run at once as there are threads; the rest queue for one.
  constexpr std::size_t kHandlerThreads = 8;
  std::lock_guard lock(threads_mutex_);
  if (!handler_threads_) handler_threads_.emplace(kHandlerThreads);
  return *handler_threads_;
}

void NativeHandlerRunner::shutdown() {
  std::lock_guard lock(threads_mutex_);
  if (!handler_threads_) return;
  handler_threads_->join();
  handler_threads_.reset();
}

Awaitable<InvocationResult> NativeHandlerRunner::invoke(Invocation invocation) {
  const FunctionDeployment& deployment = invocation.deployment;
  auto handler = handlers_.find(deployment.function_name);
  if (!handler) {
    InvocationResult missing;
    missing.payload =
        function_error_document("Runtime.HandlerNotFound", "No native handler is registered for " +
                                                               deployment.function_name + ".");
    missing.function_error = "Unhandled";
    co_return missing;
  }
  TimePoint started = clock_.now();
  TimePoint deadline = started + std::chrono::seconds(deployment.timeout_seconds);
  auto outcome = std::make_shared<NativeOutcome>();
  std::string wake_key = "lambda:native:" + invocation.request_id;

  auto context = std::make_shared<LambdaContext>();
  context->function_name = deployment.function_name;
  context->function_version = deployment.version;
  context->invoked_function_arn = invocation.invoked_function_arn;
  context->memory_limit_in_mb = deployment.memory_size_mb;
  context->aws_request_id = invocation.request_id;
  context->log_group_name = "/aws/lambda/" + deployment.function_name;
  context->log_stream_name =
      time_format::iso8601_ms(started).substr(0, 10) + "/[" + deployment.version + "]eddy";
  context->deadline = deadline;
  context->client_context = decoded_client_context(invocation.client_context);
  context->identity = parsed_identity(invocation.cognito_identity);
  Clock* clock = &clock_;
  context->remaining_time_in_millis = [clock, deadline] {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock->now());
    return std::max<std::int64_t>(0, left.count());
  };

  // The waiting coroutine holds no thread while the handler runs on one of the runner's.
  asio::post(handler_threads(), [handler = std::move(*handler), invocation, context, outcome,
                                 wake_key, notifier = &notifier_] {
    InvocationResult result = call_native_handler(handler, invocation, *context);
    {
      std::lock_guard lock(outcome->mutex);
      outcome->done = true;
      outcome->result = std::move(result);
    }
    notifier->notify(wake_key);
  });

  while (true) {
    auto ticket = notifier_.ticket(wake_key);
    {
      std::lock_guard lock(outcome->mutex);
      if (outcome->done) break;
    }
    if (clock_.now() >= deadline || notifier_.stopping()) {
      InvocationResult timed_out;
      std::string message =
          fmt::format("RequestId: {} Error: Task timed out after {:.2f} seconds",
                      invocation.request_id, static_cast<double>(deployment.timeout_seconds));
      timed_out.payload = json{{"errorType", "Sandbox.Timedout"}, {"errorMessage", message}}.dump();
      timed_out.function_error = "Unhandled";
      timed_out.log = logged_invocation(invocation, {}, deployment.timeout_seconds * 1000.0) +
                      time_format::iso8601_ms(clock_.now()) + " " + invocation.request_id +
                      " Task timed out after " +
                      fmt::format("{:.2f}", static_cast<double>(deployment.timeout_seconds)) +
                      " seconds\n";
      co_return timed_out;
    }
    co_await notifier_.wait(wake_key, deadline, ticket);
  }
  InvocationResult result;
  {
    std::lock_guard lock(outcome->mutex);
    result = std::move(outcome->result);
  }
  double duration_ms = std::chrono::duration<double, std::milli>(clock_.now() - started).count();
  std::string output = result.function_error ? result.payload + "\n" : std::string();
  result.log = logged_invocation(invocation, output, duration_ms);
  co_return result;
}

}  // namespace eddy::services::lambda
