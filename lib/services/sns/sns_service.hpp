#pragma once
// Amazon SNS: topics, subscriptions, filter policies and delivery to SQS, Lambda and HTTP.
//
// Topics and subscriptions live in SQLite and, for publishing, in a TopicRegistry in memory with
// their filter policies compiled. A publish filters, renders and signs without holding the store
// lock, then delivers to SQS queues in-process and writes HTTP/S and Lambda deliveries to an
// outbox, all in one store write: a publish that returned a MessageId is never lost. The
// DeliveryWorker drains the outbox in the background, with retries on the emulator's clock.
#include <memory>

#include "services/service.hpp"
#include "services/service_context.hpp"
#include "services/sns/lambda_invoker.hpp"
#include "services/sns/sns_model.hpp"
#include "services/sqs/sqs_api.hpp"

namespace eddy::services::sns {

class TopicRegistry;
class MessageSigner;
class Publisher;
class DeliveryWorker;

class SnsService final : public Service {
 public:
  SnsService(const ServiceContext& context, sqs::SqsApi& sqs);
  ~SnsService() override;

  const protocol::ServiceDescription& description() const override;
  // Creates SNS's tables and loads topics and subscriptions, their filter policies compiled.
  void prepare(store::Database& db) override;
  Awaitable<json> call(const Call& call) override;
  void start() override;
  void reset(store::Database& db) override;
  // Serves the signing certificate at /_eddy/sns/SimpleNotificationService.pem.
  std::optional<protocol::HttpResponse> admin(const protocol::HttpRequest& request) override;

  // The Lambda service registers itself here; waiting Lambda deliveries then go out.
  void set_lambda_invoker(std::shared_ptr<LambdaInvoker> invoker);

 private:
  static const OperationTable<SnsService>& operations();

  // Topics (topic_operations.cpp).
  Awaitable<json> CreateTopic(const Call& call);
  Awaitable<json> DeleteTopic(const Call& call);
  json ListTopics(const Call& call);
  json GetTopicAttributes(const Call& call);
  Awaitable<json> SetTopicAttributes(const Call& call);
  Awaitable<json> TagResource(const Call& call);
  Awaitable<json> UntagResource(const Call& call);
  json ListTagsForResource(const Call& call);
  Awaitable<json> AddPermission(const Call& call);
  Awaitable<json> RemovePermission(const Call& call);

  // Subscriptions (subscription_operations.cpp).
  Awaitable<json> Subscribe(const Call& call);
  Awaitable<json> ConfirmSubscription(const Call& call);
  Awaitable<json> Unsubscribe(const Call& call);
  json ListSubscriptions(const Call& call);
  json ListSubscriptionsByTopic(const Call& call);
  json GetSubscriptionAttributes(const Call& call);
  Awaitable<json> SetSubscriptionAttributes(const Call& call);

  // Publishing (publish_operations.cpp).
  Awaitable<json> Publish(const Call& call);
  Awaitable<json> PublishBatch(const Call& call);

  // The topic `arn` names for this call; throws InvalidParameter / NotFound as SNS does.
  TopicPtr existing_topic(const Call& call, const std::string& arn,
                          std::string_view parameter = "TopicArn") const;
  // Writes a changed topic to the store and swaps it into the registry, keeping its current
  // subscriptions. Inside a store write.
  void save_topic(store::Database& db, Topic topic);

  ServiceContext context_;
  sqs::SqsApi& sqs_;
  std::unique_ptr<TopicRegistry> registry_;
  std::unique_ptr<MessageSigner> signer_;
  std::unique_ptr<Publisher> publisher_;
  std::unique_ptr<DeliveryWorker> worker_;
};

}  // namespace eddy::services::sns
