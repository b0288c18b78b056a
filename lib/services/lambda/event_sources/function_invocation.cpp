#include "services/lambda/event_sources/function_invocation.hpp"

#include <algorithm>
#include <chrono>

#include "eddy/log.hpp"

namespace eddy::services::lambda::event_sources {
namespace {

constexpr auto kFirstThrottleBackoff = std::chrono::milliseconds(500);
constexpr auto kMaxThrottleBackoff = std::chrono::seconds(30);

}  // namespace

bool poller_should_stop(const PollerEnvironment& env, const PollerControl& control) {
  return control.stopped.load() || env.context.notifier.stopping();
}

Awaitable<void> sleep_until(PollerEnvironment& env, PollerControl& control, TimePoint deadline) {
  while (!poller_should_stop(env, control) && env.context.clock.now() < deadline)
    co_await env.context.notifier.wait(control.wake_key, deadline);
}

Awaitable<void> record_processing_result(PollerEnvironment& env, PollerControl& control,
                                         std::string result) {
  if (control.last_result == result) co_return;
  control.last_result = result;
  co_await env.context.store.write([&](store::Database& db) {
    mapping_table::set_last_processing_result(db, control.mapping.uuid, result);
  });
}

Awaitable<std::optional<BatchOutcome>> invoke_with_batch(PollerEnvironment& env,
                                                         PollerControl& control,
                                                         const json& records,
                                                         const json& event_fields) {
  json event = {{"Records", records}};
  for (const auto& [name, value] : event_fields.items()) event[name] = value;
  InvokeRequest request{.account = control.mapping.account,
                        .region = control.mapping.region,
                        .function = control.mapping.function_arn,
                        .qualifier = std::nullopt,
                        .payload = event.dump()};
  std::chrono::milliseconds backoff = kFirstThrottleBackoff;
  while (!poller_should_stop(env, control)) {
    BatchOutcome outcome;
    try {
      outcome.result = co_await env.apis.lambda.invoke(request);
      outcome.succeeded = !outcome.result.function_error.has_value();
      if (!outcome.succeeded) outcome.error = *outcome.result.function_error;
      co_return outcome;
    } catch (const AwsError& error) {
      if (error.code() != "TooManyRequestsException") {
        outcome.error = error.code();
        co_return outcome;
      }
    }
    co_await sleep_until(env, control, env.context.clock.now() + backoff);
    backoff = std::min<std::chrono::milliseconds>(backoff * 2, kMaxThrottleBackoff);
  }
  co_return std::nullopt;
}

}  // namespace eddy::services::lambda::event_sources
