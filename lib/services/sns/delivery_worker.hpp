#pragma once
// Drains the delivery outbox: posts notifications and confirmations to HTTP/S endpoints and hands
// events to Lambda, retrying failures per the effective delivery policy on the emulator's clock and
// moving exhausted ones to the subscription's dead-letter queue. It runs as a Scheduler task woken
// through the Notifier; each delivery is a coroutine, so waiting on an endpoint holds no thread.
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_set>

#include "services/service_context.hpp"
#include "services/sns/delivery_outbox.hpp"
#include "services/sns/lambda_invoker.hpp"
#include "services/sns/sns_model.hpp"
#include "services/sqs/sqs_service.hpp"

namespace eddy::services::sns {

class TopicRegistry;
class MessageSigner;

class DeliveryWorker {
 public:
  DeliveryWorker(const ServiceContext& context, TopicRegistry& registry, MessageSigner& signer,
                 sqs::SqsService& sqs);
  ~DeliveryWorker();

  void start();
  // Something was written to the outbox, finished, or became deliverable: look again.
  void wake();
  void set_lambda_invoker(std::shared_ptr<LambdaInvoker> invoker);
  json health() const;

 private:
  enum class Result { delivered, dropped, retry, failed, deferred };
  struct Outcome {
    Result result = Result::failed;
    std::string error;
  };

  std::optional<TimePoint> poll();
  Awaitable<void> run(outbox::Delivery delivery);
  Awaitable<Outcome> post(const outbox::Delivery& delivery, const SubscriptionPtr& subscription);
  Awaitable<Outcome> invoke(const outbox::Delivery& delivery, const SubscriptionPtr& subscription);
  std::optional<sqs::OutgoingMessage> dead_letter_message(const outbox::Delivery& delivery,
                                                          const Subscription& subscription);
  void finish(const outbox::Delivery& delivery, const SubscriptionPtr& subscription,
              const Outcome& outcome, const std::optional<sqs::OutgoingMessage>& dead_letter);
  std::shared_ptr<LambdaInvoker> lambda_invoker() const;

  ServiceContext context_;
  TopicRegistry& registry_;
  MessageSigner& signer_;
  sqs::SqsService& sqs_;
  mutable std::mutex mutex_;
  std::unordered_set<std::int64_t> in_flight_;
  std::shared_ptr<LambdaInvoker> lambda_invoker_;
};

}  // namespace eddy::services::sns
