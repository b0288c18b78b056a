#pragma once
// Drains the delivery outbox: posts notifications and confirmations to HTTP/S endpoints and hands
// events to Lambda, retrying failures per the effective delivery policy on the emulator's clock and
// moving exhausted ones to the subscription's dead-letter queue. A Scheduler task polls the outbox
// and sleeps until the next delivery falls due or wake() is called; each delivery is a coroutine,
// so waiting on an endpoint holds no thread.
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_set>

#include "services/service_context.hpp"
#include "services/sns/delivery_outbox.hpp"
#include "services/sns/lambda_invoker.hpp"
#include "services/sns/sns_model.hpp"
#include "services/sqs/sqs_api.hpp"

namespace eddy::services::sns {

class TopicRegistry;
class MessageSigner;

class DeliveryWorker {
 public:
  DeliveryWorker(const ServiceContext& context, TopicRegistry& registry, MessageSigner& signer,
                 sqs::SqsApi& sqs);

  void start();
  // Something was written to the outbox, finished, or became deliverable: look again.
  void wake();
  void set_lambda_invoker(std::shared_ptr<LambdaInvoker> invoker);

 private:
  enum class Result { delivered, dropped, retry, failed, deferred };
  struct Outcome {
    Result result = Result::failed;
    std::string error;
  };

  Awaitable<std::optional<TimePoint>> poll();
  Awaitable<void> run(outbox::Delivery delivery);
  Awaitable<Outcome> post(const outbox::Delivery& delivery, const SubscriptionPtr& subscription);
  Awaitable<Outcome> invoke(const outbox::Delivery& delivery, const SubscriptionPtr& subscription);
  std::optional<sqs::OutgoingMessage> dead_letter_message(const outbox::Delivery& delivery,
                                                          const Subscription& subscription);
  // Records the outcome of an attempt, inside a store write.
  void finish(store::Database& db, const outbox::Delivery& delivery,
              const SubscriptionPtr& subscription, const Outcome& outcome,
              const std::optional<sqs::OutgoingMessage>& dead_letter, std::int64_t attempted_ms);
  std::shared_ptr<LambdaInvoker> lambda_invoker() const;

  ServiceContext context_;
  std::atomic<bool> woken_{false};
  TimePoint next_purge_;
  TopicRegistry& registry_;
  MessageSigner& signer_;
  sqs::SqsApi& sqs_;
  mutable std::mutex mutex_;
  std::unordered_set<std::int64_t> in_flight_;
  std::shared_ptr<LambdaInvoker> lambda_invoker_;
};

}  // namespace eddy::services::sns
