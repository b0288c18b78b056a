// Event invocations: a Scheduler task drains the durable queue on the emulator's clock. A failed
// invocation is retried as AWS retries it (after 1 minute, then 2; MaximumRetryAttempts and
// MaximumEventAgeInSeconds from the event invoke config), a throttled one backs off without
// counting, and the outcome goes to the OnSuccess / OnFailure destination and, on failure, to the
// function's dead-letter queue.
#include <fmt/format.h>

#include "core/arn.hpp"
#include "core/time_format.hpp"
#include "eddy/log.hpp"
#include "services/lambda/async_queue.hpp"
#include "services/lambda/function_tables.hpp"
#include "services/lambda/lambda_service.hpp"

namespace eddy::services::lambda {
namespace {

constexpr std::string_view kAsyncWakeKey = "lambda:async";
constexpr auto kAsyncIdleInterval = std::chrono::seconds(60);
constexpr std::size_t kMaxAsyncInFlight = 64;
constexpr int kDefaultRetries = 2;
constexpr std::int64_t kDefaultMaxEventAgeSeconds = 21600;
constexpr std::int64_t kThrottleRetryMs = 1000;

// The delay before retry number `retry` (1-based) of a failed invocation.
std::int64_t retry_delay_ms(int retry) {
  return retry <= 1 ? 60'000 : 120'000;
}

json payload_json(const std::string& text) {
  if (text.empty()) return json::object();
  json parsed = json::parse(text, nullptr, false);
  return parsed.is_discarded() ? json(text) : parsed;
}

// How one invocation of a queued event ended.
struct AsyncAttempt {
  enum class Kind { succeeded, failed, throttled, gone } kind = Kind::failed;
  InvokeResult result;
  std::string error;
};

}  // namespace

void LambdaService::start_async_worker() {
  // A data directory may hold invocations accepted before a restart.
  if (context_.store.persistent()) async_woken_ = true;
  context_.scheduler.every(std::string(kAsyncWakeKey), kAsyncIdleInterval,
                           [this]() -> Awaitable<std::optional<TimePoint>> {
                             if (!async_woken_) co_return std::nullopt;
                             co_return co_await poll_async_queue();
                           });
}

void LambdaService::wake_async_worker() {
  async_woken_ = true;
  context_.notifier.notify(std::string(kAsyncWakeKey));
}

Awaitable<std::optional<TimePoint>> LambdaService::poll_async_queue() {
  std::vector<async_queue::QueuedInvocation> claimed;
  std::optional<std::int64_t> next_ms;
  {
    auto lock = context_.store.lock();
    auto& db = context_.store.db();
    std::int64_t now_ms = context_.clock.now_ms();
    std::lock_guard guard(async_mutex_);
    for (auto& queued : async_queue::due(db, now_ms, static_cast<int>(kMaxAsyncInFlight) * 2)) {
      if (async_in_flight_.size() >= kMaxAsyncInFlight) break;
      if (!async_in_flight_.insert(queued.id).second) continue;
      claimed.push_back(std::move(queued));
    }
    next_ms = async_queue::next_due_ms(db, now_ms);
  }
  for (auto& queued : claimed)
    asio::co_spawn(asio::make_strand(context_.io), run_async(std::move(queued)), asio::detached);
  if (!next_ms) co_return std::nullopt;
  co_return time_format::from_epoch_ms(*next_ms);
}

Awaitable<void> LambdaService::run_async(async_queue::QueuedInvocation queued) {
  const FunctionRef& ref = queued.function;
  std::string qualifier = ref.qualifier.value_or("$LATEST");
  json invoke_config = json::object();
  json configuration;
  std::optional<std::int64_t> reserved;
  std::int64_t reserved_total = 0;
  AsyncAttempt attempt;
  {
    auto lock = context_.store.lock();
    auto& db = context_.store.db();
    auto row = tables::function(db, ref);
    try {
      if (!row) throw AwsError("ResourceNotFoundException", "gone", 404);
      configuration = resolved_configuration(db, ref);
      reserved = row->reserved_concurrency;
      reserved_total = tables::reserved_total(db, ref.account, ref.region);
      invoke_config = tables::event_invoke_config(db, ref, qualifier).value_or(json::object());
    } catch (const AwsError&) {
      attempt.kind = AsyncAttempt::Kind::gone;
    }
  }
  int max_retries = invoke_config.value("MaximumRetryAttempts", kDefaultRetries);
  std::int64_t max_age_ms =
      invoke_config.value("MaximumEventAgeInSeconds", kDefaultMaxEventAgeSeconds) * 1000;
  std::int64_t started_ms = context_.clock.now_ms();
  bool too_old = started_ms - queued.enqueued_ms > max_age_ms;
  if (attempt.kind != AsyncAttempt::Kind::gone && !too_old) {
    try {
      attempt.result = co_await run(ref, configuration, reserved, reserved_total, queued.payload,
                                    queued.request_id);
      attempt.kind = attempt.result.function_error ? AsyncAttempt::Kind::failed
                                                   : AsyncAttempt::Kind::succeeded;
    } catch (const AwsError& e) {
      attempt.kind = e.code() == "TooManyRequestsException" ? AsyncAttempt::Kind::throttled
                                                            : AsyncAttempt::Kind::failed;
      attempt.error = e.message();
    } catch (const std::exception& e) {
      attempt.kind = AsyncAttempt::Kind::failed;
      attempt.error = e.what();
    }
  }

  int attempts = queued.attempts + (attempt.kind == AsyncAttempt::Kind::failed ? 1 : 0);
  std::int64_t now_ms = context_.clock.now_ms();
  std::optional<std::int64_t> retry_at;
  if (attempt.kind == AsyncAttempt::Kind::throttled) retry_at = now_ms + kThrottleRetryMs;
  if (attempt.kind == AsyncAttempt::Kind::failed && attempts <= max_retries)
    retry_at = now_ms + retry_delay_ms(attempts);
  if (retry_at && *retry_at - queued.enqueued_ms > max_age_ms) retry_at.reset();
  bool finished = !retry_at;
  try {
    co_await context_.store.write([&](store::Database& db) {
      if (finished)
        async_queue::remove(db, queued.id);
      else
        async_queue::reschedule(db, queued.id, attempts, *retry_at);
    });
  } catch (const std::exception& e) {
    log::write(log::Level::error, fmt::format("lambda: recording async invocation {} failed: {}",
                                              queued.request_id, e.what()));
  }
  {
    std::lock_guard lock(async_mutex_);
    async_in_flight_.erase(queued.id);
  }
  wake_async_worker();
  if (!finished || attempt.kind == AsyncAttempt::Kind::gone) co_return;

  bool succeeded = attempt.kind == AsyncAttempt::Kind::succeeded;
  std::string condition = succeeded ? "Success" : too_old ? "EventAgeExceeded" : "RetriesExhausted";
  json request_context = {{"requestId", queued.request_id},
                          {"functionArn", ref.arn() + ":" + qualifier},
                          {"condition", condition},
                          {"approximateInvokeCount", succeeded ? queued.attempts + 1 : attempts}};
  json record = {{"version", "1.0"},
                 {"timestamp", time_format::iso8601_ms(context_.clock.now())},
                 {"requestContext", request_context},
                 {"requestPayload", payload_json(queued.payload)}};
  if (!too_old) {
    json response_context = {{"statusCode", 200},
                             {"executedVersion", attempt.result.executed_version}};
    if (attempt.result.function_error)
      response_context["functionError"] = *attempt.result.function_error;
    record["responseContext"] = response_context;
    record["responsePayload"] = payload_json(attempt.result.payload);
  }
  json destinations = invoke_config.value("DestinationConfig", json::object());
  std::string destination =
      destinations.value(succeeded ? "OnSuccess" : "OnFailure", json::object())
          .value("Destination", "");
  if (!destination.empty())
    co_await deliver_to_destination(destination, record, ref.account, ref.region);
  std::string dead_letter =
      configuration.is_object()
          ? configuration.value("DeadLetterConfig", json::object()).value("TargetArn", "")
          : std::string();
  if (!succeeded && !dead_letter.empty())
    co_await deliver_dead_letter(dead_letter, queued, attempt.result, attempt.error);
}

Awaitable<void> LambdaService::deliver_to_destination(const std::string& destination,
                                                      const json& record,
                                                      const std::string& account,
                                                      const std::string& region) {
  std::string body = record.dump(-1, ' ', false, json::error_handler_t::replace);
  try {
    auto arn = Arn::parse(destination);
    if (!arn) co_return;
    if (arn->service == "sqs") {
      co_await sqs_.send(destination, sqs::OutgoingMessage{.body = body});
    } else if (arn->service == "sns") {
      co_await publish_to_topic(destination, body, account, region);
    } else if (arn->service == "lambda") {
      InvokeRequest request;
      request.account = account;
      request.region = region;
      request.function = destination;
      request.payload = body;
      request.type = InvocationType::event;
      co_await invoke(std::move(request));
    }
  } catch (const std::exception& e) {
    log::write(log::Level::warn,
               fmt::format("lambda: delivery to destination {} failed: {}", destination, e.what()));
  }
}

Awaitable<void> LambdaService::deliver_dead_letter(const std::string& target,
                                                   const async_queue::QueuedInvocation& queued,
                                                   const InvokeResult& result,
                                                   const std::string& error) {
  // AWS sends the event itself, with the request id and the error as message attributes.
  std::string error_message = error;
  if (error_message.empty()) {
    json document = json::parse(result.payload, nullptr, false);
    error_message = document.is_object() ? document.value("errorMessage", "") : result.payload;
  }
  try {
    auto arn = Arn::parse(target);
    if (!arn) co_return;
    if (arn->service == "sqs") {
      sqs::OutgoingMessage message{.body = queued.payload.empty() ? "{}" : queued.payload};
      message.message_attributes = {
          {"RequestID", {{"DataType", "String"}, {"StringValue", queued.request_id}}},
          {"ErrorCode", {{"DataType", "Number"}, {"StringValue", "200"}}},
          {"ErrorMessage",
           {{"DataType", "String"},
            {"StringValue", error_message.empty() ? "Unhandled" : error_message}}}};
      co_await sqs_.send(target, std::move(message));
    } else if (arn->service == "sns") {
      co_await publish_to_topic(target, queued.payload, queued.function.account,
                                queued.function.region);
    }
  } catch (const std::exception& e) {
    log::write(log::Level::warn,
               fmt::format("lambda: dead-letter delivery to {} failed: {}", target, e.what()));
  }
}

Awaitable<void> LambdaService::publish_to_topic(const std::string& topic_arn,
                                                const std::string& message,
                                                const std::string& account,
                                                const std::string& region) {
  Call publish;
  publish.service = "sns";
  publish.operation = "Publish";
  publish.input = {{"TopicArn", topic_arn}, {"Message", message.empty() ? "{}" : message}};
  publish.account = account;
  publish.region = region;
  co_await sns_.call(publish);
}

}  // namespace eddy::services::lambda
