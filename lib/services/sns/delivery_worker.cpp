#include "services/sns/delivery_worker.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/time_format.hpp"
#include "eddy/log.hpp"
#include "net/http_client.hpp"
#include "services/sns/message_signer.hpp"
#include "services/sns/publisher.hpp"
#include "services/sns/topic_registry.hpp"

namespace eddy::services::sns {
namespace {

constexpr std::string_view kWakeKey = "sns:deliveries";
constexpr std::size_t kMaxInFlight = 128;
constexpr auto kIdleInterval = std::chrono::seconds(60);
constexpr auto kHttpTimeout = std::chrono::seconds(15);
constexpr auto kLambdaUnavailableRetry = std::chrono::seconds(1);
constexpr auto kPurgeInterval = std::chrono::minutes(1);

// What SNS applies to AWS-managed endpoints such as Lambda: 3 immediate retries, 2 a second apart,
// 10 backing off from 1 to 20 seconds, then every 20 seconds (100,015 attempts over 23 days).
RetryPolicy aws_managed_retry_policy() {
  RetryPolicy policy;
  policy.min_delay_target = 1;
  policy.max_delay_target = 20;
  policy.num_no_delay_retries = 3;
  policy.num_min_delay_retries = 2;
  policy.num_max_delay_retries = 100000;
  policy.num_retries = 100015;
  policy.backoff_function = BackoffFunction::exponential;
  return policy;
}

std::string signature_for(MessageSigner& signer, const Notification& n, int version) {
  if (!n.signed_()) return {};
  return signer.sign_cached(n.message_id + "/" + n.type, n.canonical_string(), version);
}

}  // namespace

DeliveryWorker::DeliveryWorker(const ServiceContext& context, TopicRegistry& registry,
                               MessageSigner& signer, sqs::SqsApi& sqs)
    : context_(context), registry_(registry), signer_(signer), sqs_(sqs) {}

void DeliveryWorker::start() {
  // An in-memory store has nothing waiting: stay off the store until the first wake (a publish,
  // a Subscribe) so start-up touches nothing. A data directory may hold deliveries to resume.
  if (context_.store.persistent()) woken_ = true;
  // The scheduler re-runs the poll when it falls due, on wake(), and when a manual clock moves.
  context_.scheduler.every(std::string(kWakeKey), kIdleInterval,
                           [this]() -> Awaitable<std::optional<TimePoint>> {
                             if (!woken_) co_return std::nullopt;
                             co_return co_await poll();
                           });
}

void DeliveryWorker::wake() {
  woken_ = true;
  context_.notifier.notify(std::string(kWakeKey));
}

void DeliveryWorker::set_lambda_invoker(std::shared_ptr<LambdaInvoker> invoker) {
  {
    std::lock_guard lock(mutex_);
    lambda_invoker_ = std::move(invoker);
  }
  wake();
}

std::shared_ptr<LambdaInvoker> DeliveryWorker::lambda_invoker() const {
  std::lock_guard lock(mutex_);
  return lambda_invoker_;
}

Awaitable<std::optional<TimePoint>> DeliveryWorker::poll() {
  std::vector<outbox::Delivery> claimed;
  std::optional<std::int64_t> next_ms;
  auto invoker = lambda_invoker();
  std::vector<outbox::Kind> kinds = {outbox::Kind::http};
  if (invoker && invoker->available()) kinds.push_back(outbox::Kind::lambda);
  {
    auto lock = context_.store.lock();
    auto& db = context_.store.db();
    std::int64_t now_ms = context_.clock.now_ms();
    std::lock_guard guard(mutex_);
    for (auto kind : kinds) {
      for (auto& delivery : outbox::due(db, kind, now_ms, static_cast<int>(kMaxInFlight) * 2)) {
        if (in_flight_.size() >= kMaxInFlight) break;
        if (!in_flight_.insert(delivery.id).second) continue;
        claimed.push_back(std::move(delivery));
      }
      auto next = outbox::next_due_ms(db, kind, now_ms);
      if (next && (!next_ms || *next < *next_ms)) next_ms = next;
    }
  }
  if (context_.clock.now() >= next_purge_) {
    next_purge_ = context_.clock.now() + kPurgeInterval;
    co_await context_.store.write([this](store::Database& db) {
      db.query("DELETE FROM sns_fifo_deduplication WHERE expires_ms <= ?")
          ->bind(1, context_.clock.now_ms())
          .run();
    });
  }
  for (auto& delivery : claimed)
    asio::co_spawn(asio::make_strand(context_.io), run(std::move(delivery)), asio::detached);
  if (!next_ms) co_return std::nullopt;
  co_return time_format::from_epoch_ms(*next_ms);
}

Awaitable<void> DeliveryWorker::run(outbox::Delivery delivery) {
  // Retry delays count from the attempt, however long the endpoint took to answer.
  std::int64_t attempted_ms = context_.clock.now_ms();
  SubscriptionPtr subscription = registry_.subscription(delivery.subscription_arn);
  Outcome outcome;
  std::optional<sqs::OutgoingMessage> dead_letter;
  try {
    // Not a conditional expression: GCC 12 miscompiles co_await inside ?:.
    if (delivery.kind == outbox::Kind::http)
      outcome = co_await post(delivery, subscription);
    else
      outcome = co_await invoke(delivery, subscription);
    if ((outcome.result == Result::retry || outcome.result == Result::failed) && subscription)
      dead_letter = dead_letter_message(delivery, *subscription);
  } catch (const std::exception& e) {
    outcome = {Result::retry, e.what()};
  }
  try {
    co_await context_.store.write([&](store::Database& db) {
      finish(db, delivery, subscription, outcome, dead_letter, attempted_ms);
    });
  } catch (const std::exception& e) {
    log::write(log::Level::error,
               fmt::format("sns: recording delivery {} failed: {}", delivery.id, e.what()));
  }
  {
    std::lock_guard lock(mutex_);
    in_flight_.erase(delivery.id);
  }
  wake();
}

Awaitable<DeliveryWorker::Outcome> DeliveryWorker::post(const outbox::Delivery& delivery,
                                                        const SubscriptionPtr& subscription) {
  const Notification& n = delivery.notification;
  if (n.is_notification() && (!subscription || subscription->pending_confirmation))
    co_return Outcome{Result::dropped, "the subscription is gone or not confirmed"};
  if (n.type == "SubscriptionConfirmation" && !subscription)
    co_return Outcome{Result::dropped, "the subscription is gone"};

  bool raw = n.is_notification() && subscription->raw_message_delivery;
  std::string body = raw ? n.message
                         : Envelope(n, signature_for(signer_, n, n.signature_version))
                               .render(delivery.subscription_arn);
  TopicPtr topic = registry_.topic(n.topic_arn);
  const TopicDeliveryPolicy* topic_policy =
      topic && topic->delivery_policy ? &*topic->delivery_policy : nullptr;
  const SubscriptionDeliveryPolicy* own_policy =
      subscription && subscription->delivery_policy ? &*subscription->delivery_policy : nullptr;

  net::ClientRequest request;
  request.url = delivery.endpoint;
  request.timeout = kHttpTimeout;
  std::string content_type = n.is_notification()
                                 ? effective_delivery_policy(topic_policy, own_policy).content_type
                                 : std::string(kDefaultHttpContentType);
  request.headers = {{"Content-Type", content_type},
                     {"User-Agent", "Amazon Simple Notification Service Agent"},
                     {"Accept-Encoding", "gzip,deflate"},
                     {"x-amz-sns-message-type", n.type},
                     {"x-amz-sns-message-id", n.message_id},
                     {"x-amz-sns-topic-arn", n.topic_arn}};
  if (n.type != "SubscriptionConfirmation")
    request.headers.emplace_back("x-amz-sns-subscription-arn", delivery.subscription_arn);
  if (raw) request.headers.emplace_back("x-amz-sns-rawdelivery", "true");
  request.body = std::move(body);

  net::ClientResponse response = co_await net::send(std::move(request));
  if (response.succeeded()) co_return Outcome{Result::delivered, {}};
  if (!response.error.empty()) co_return Outcome{Result::retry, response.error};
  std::string error = fmt::format("HTTP {}", response.status);
  // Server errors and throttling are retried; other answers are the endpoint refusing the
  // message, which SNS does not retry.
  if (response.status >= 500 || response.status == 429) co_return Outcome{Result::retry, error};
  co_return Outcome{Result::failed, error};
}

Awaitable<DeliveryWorker::Outcome> DeliveryWorker::invoke(const outbox::Delivery& delivery,
                                                          const SubscriptionPtr& subscription) {
  if (!subscription) co_return Outcome{Result::dropped, "the subscription is gone"};
  auto invoker = lambda_invoker();
  if (!invoker || !invoker->available())
    co_return Outcome{Result::deferred, "Lambda is not available"};
  const Notification& n = delivery.notification;
  std::string payload = lambda_event(n, subscription->arn, signature_for(signer_, n, 1));
  LambdaInvocationResult result = co_await invoker->invoke(subscription->endpoint, payload);
  if (result.delivered) co_return Outcome{Result::delivered, {}};
  std::string error = result.error_code + ": " + result.error_message;
  co_return Outcome{result.retryable ? Result::retry : Result::failed, error};
}

std::optional<sqs::OutgoingMessage> DeliveryWorker::dead_letter_message(
    const outbox::Delivery& delivery, const Subscription& subscription) {
  const Notification& n = delivery.notification;
  if (!n.is_notification() || !subscription.dead_letter_arn) return std::nullopt;
  sqs::OutgoingMessage message;
  message.sender_id = std::string(kSnsSenderId);
  if (subscription.raw_message_delivery) {
    message.body = n.message;
    json attributes = json::object();
    for (const auto& [name, value] : n.message_attributes.items()) {
      std::string type = value.value("Type", "String");
      bool binary = type.rfind("Binary", 0) == 0;
      attributes[name] = {{"DataType", type},
                          {binary ? "BinaryValue" : "StringValue", value.value("Value", "")}};
    }
    message.message_attributes = std::move(attributes);
  } else {
    message.body = Envelope(n, signature_for(signer_, n, n.signature_version))
                       .render(delivery.subscription_arn);
  }
  return message;
}

void DeliveryWorker::finish(store::Database& db, const outbox::Delivery& delivery,
                            const SubscriptionPtr& subscription, const Outcome& outcome,
                            const std::optional<sqs::OutgoingMessage>& dead_letter,
                            std::int64_t attempted_ms) {
  std::int64_t now_ms = context_.clock.now_ms();
  bool exhausted = outcome.result == Result::failed;
  switch (outcome.result) {
    case Result::delivered:
    case Result::dropped:
      outbox::remove(db, delivery.id);
      break;
    case Result::deferred:
      outbox::reschedule(db, delivery.id, delivery.attempts,
                         now_ms + std::chrono::milliseconds(kLambdaUnavailableRetry).count());
      break;
    case Result::retry: {
      RetryPolicy policy = aws_managed_retry_policy();
      if (delivery.kind == outbox::Kind::http) {
        TopicPtr topic = registry_.topic(delivery.notification.topic_arn);
        policy = effective_delivery_policy(
                     topic && topic->delivery_policy ? &*topic->delivery_policy : nullptr,
                     subscription && subscription->delivery_policy ? &*subscription->delivery_policy
                                                                   : nullptr)
                     .retry;
      }
      int attempts = delivery.attempts + 1;
      if (auto delay = policy.delay_before_retry(attempts)) {
        outbox::reschedule(db, delivery.id, attempts,
                           attempted_ms + std::chrono::milliseconds(*delay).count());
      } else {
        exhausted = true;
      }
      break;
    }
    case Result::failed:
      break;
  }
  if (exhausted) {
    log::write(log::Level::info,
               fmt::format("sns: giving up delivering {} to {} after {} attempt(s): {}",
                           delivery.notification.message_id, delivery.endpoint,
                           delivery.attempts + 1, outcome.error));
    if (dead_letter && subscription && subscription->dead_letter_arn) {
      try {
        sqs_.enqueue(*subscription->dead_letter_arn, sqs::SqsApi::draft(*dead_letter));
      } catch (const AwsError& e) {
        log::write(log::Level::warn, fmt::format("sns: dead-letter queue {} refused {}: {}",
                                                 *subscription->dead_letter_arn,
                                                 delivery.notification.message_id, e.message()));
      }
    }
    outbox::remove(db, delivery.id);
  }
}

}  // namespace eddy::services::sns
