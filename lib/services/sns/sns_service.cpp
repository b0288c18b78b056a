#include "services/sns/sns_service.hpp"

#include <fmt/format.h>

#include "eddy/log.hpp"
#include "services/sns/delivery_outbox.hpp"
#include "services/sns/delivery_worker.hpp"
#include "services/sns/message_signer.hpp"
#include "services/sns/publisher.hpp"
#include "services/sns/sns_description.hpp"
#include "services/sns/sns_errors.hpp"
#include "services/sns/sns_schema.hpp"
#include "services/sns/sns_tables.hpp"
#include "services/sns/subscription_attributes.hpp"
#include "services/sns/topic_attributes.hpp"
#include "services/sns/topic_registry.hpp"
#include "store/clear_tables.hpp"

namespace eddy::services::sns {
namespace {

// Topics and subscriptions as stored, with their derived fields (filter policies compiled).
void load_registry(store::Database& db, TopicRegistry& registry) {
  for (Topic& topic : tables::load_topics(db)) {
    derive_topic_fields(topic);
    for (auto& stored : topic.subscriptions) {
      auto subscription = std::make_shared<Subscription>(*stored);
      try {
        derive_subscription_fields(*subscription, false);
      } catch (const AwsError& e) {
        log::write(log::Level::warn, fmt::format("sns: subscription {} keeps no filter policy: {}",
                                                 subscription->arn, e.message()));
      }
      stored = std::move(subscription);
    }
    registry.put_topic(std::make_shared<Topic>(std::move(topic)));
  }
}

}  // namespace

SnsService::SnsService(const ServiceContext& context, sqs::SqsApi& sqs)
    : context_(context),
      sqs_(sqs),
      registry_(std::make_unique<TopicRegistry>()),
      signer_(std::make_unique<MessageSigner>(context.store)) {
  worker_ = std::make_unique<DeliveryWorker>(context_, *registry_, *signer_, sqs_);
  publisher_ = std::make_unique<Publisher>(context_, sqs_, *signer_, [this] { worker_->wake(); });
}

void SnsService::prepare(store::Database& db) {
  migrate_sns_schema(db);
  load_registry(db, *registry_);
}

SnsService::~SnsService() = default;

void SnsService::reset(store::Database& db) {
  // The signing key stays: endpoints that cached its certificate keep verifying.
  store::clear_tables(db, "sns_", {"sns_signing_key"});
  registry_->clear();
}

const protocol::ServiceDescription& SnsService::description() const {
  static const protocol::ServiceDescription description = make_description(operations().names());
  return description;
}

Awaitable<json> SnsService::call(const Call& call) {
  return operations().dispatch(*this, call);
}

void SnsService::start() {
  worker_->start();
}

std::optional<protocol::HttpResponse> SnsService::admin(const protocol::HttpRequest& request) {
  if (request.path() != "/_eddy/sns/SimpleNotificationService.pem") return std::nullopt;
  protocol::HttpResponse response;
  response.content_type = "application/x-x509-ca-cert";
  response.body = signer_->certificate_pem();
  return response;
}

void SnsService::set_lambda_invoker(std::shared_ptr<LambdaInvoker> invoker) {
  worker_->set_lambda_invoker(std::move(invoker));
}

TopicPtr SnsService::existing_topic(const Call& call, const std::string& arn,
                                    std::string_view parameter) const {
  // A topic's ARN is one Eddy made, well formed and of the topic's region: for a topic the registry
  // holds, the region is all parse_topic_arn would check, and the ARN is parsed only to answer.
  TopicPtr topic = registry_->topic(arn);
  if (topic && topic->region == call.region) return topic;
  parse_topic_arn(arn, call.region, parameter);
  if (!topic) throw topic_not_found();
  return topic;
}

void SnsService::save_topic(store::Database& db, Topic topic) {
  tables::update_topic(db, topic);
  registry_->restore_on_rollback(db, topic.arn);
  // Keep the subscriptions the registry has now: the caller's copy may be older.
  if (TopicPtr current = registry_->topic(topic.arn)) topic.subscriptions = current->subscriptions;
  derive_topic_fields(topic);
  registry_->put_topic(std::make_shared<Topic>(std::move(topic)));
}

const OperationTable<SnsService>& SnsService::operations() {
  static const OperationTable<SnsService> table{
      {"CreateTopic", &SnsService::CreateTopic},
      {"DeleteTopic", &SnsService::DeleteTopic},
      {"ListTopics", &SnsService::ListTopics},
      {"GetTopicAttributes", &SnsService::GetTopicAttributes},
      {"SetTopicAttributes", &SnsService::SetTopicAttributes},
      {"TagResource", &SnsService::TagResource},
      {"UntagResource", &SnsService::UntagResource},
      {"ListTagsForResource", &SnsService::ListTagsForResource},
      {"AddPermission", &SnsService::AddPermission},
      {"RemovePermission", &SnsService::RemovePermission},
      {"Subscribe", &SnsService::Subscribe},
      {"ConfirmSubscription", &SnsService::ConfirmSubscription},
      {"Unsubscribe", &SnsService::Unsubscribe},
      {"ListSubscriptions", &SnsService::ListSubscriptions},
      {"ListSubscriptionsByTopic", &SnsService::ListSubscriptionsByTopic},
      {"GetSubscriptionAttributes", &SnsService::GetSubscriptionAttributes},
      {"SetSubscriptionAttributes", &SnsService::SetSubscriptionAttributes},
      {"Publish", &SnsService::Publish},
      {"PublishBatch", &SnsService::PublishBatch},
  };
  return table;
}

}  // namespace eddy::services::sns
