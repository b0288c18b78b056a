// Subscription operations: Subscribe, ConfirmSubscription, Unsubscribe, the two listings and
// Get/SetSubscriptionAttributes.
#include <algorithm>

#include <boost/algorithm/string/case_conv.hpp>

#include "core/arn.hpp"
#include "core/ids.hpp"
#include "core/input.hpp"
#include "core/time_format.hpp"
#include "services/sns/delivery_outbox.hpp"
#include "services/sns/delivery_worker.hpp"
#include "services/sns/sns_errors.hpp"
#include "services/sns/sns_input.hpp"
#include "services/sns/sns_service.hpp"
#include "services/sns/sns_tables.hpp"
#include "services/sns/subscription_attributes.hpp"
#include "services/sns/topic_registry.hpp"

namespace eddy::services::sns {
namespace {

constexpr int kSubscriptionPageSize = 100;
constexpr std::string_view kProtocols[] = {"http", "https",       "email",  "email-json", "sms",
                                           "sqs",  "application", "lambda", "firehose"};

void check_endpoint(const std::string& protocol, const std::string& endpoint, const Topic& topic) {
  auto arn_of = [&](std::string_view service) {
    auto arn = Arn::parse(endpoint);
    return arn && arn->service == service;
  };
  if (protocol == "http" || protocol == "https") {
    if (boost::algorithm::to_lower_copy(endpoint.substr(0, protocol.size() + 3)) !=
        protocol + "://")
      throw invalid_parameter("Endpoint must match the specified protocol");
  } else if (protocol == "sqs") {
    if (!arn_of("sqs")) throw invalid_parameter("SQS endpoint ARN");
    if (endpoint.ends_with(".fifo") && !topic.fifo)
      throw invalid_parameter(
          "Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard "
          "SNS topics");
  } else if (protocol == "lambda") {
    if (!arn_of("lambda")) throw invalid_parameter("Lambda endpoint ARN");
  } else if (protocol == "firehose") {
    if (!arn_of("firehose")) throw invalid_parameter("Firehose endpoint ARN");
  } else if (protocol == "application") {
    if (!arn_of("sns")) throw invalid_parameter("ApplicationEndpoint ARN");
  } else if (protocol == "sms") {
    if (!valid_phone_number(endpoint))
      throw invalid_parameter_message("Invalid SMS endpoint: " + endpoint);
  } else if (protocol == "email" || protocol == "email-json") {
    if (endpoint.find('@') == std::string::npos) throw invalid_parameter("Email address");
  }
}

std::string confirmation_token() {
  std::string token;
  for (int i = 0; i < 4; ++i) token += fmt::format("{:016x}", ids::random_u64());
  return token;
}

// "arn:aws:sns:us-east-1:000000000000:topic" has six elements: a topic, not a subscription.
void check_subscription_arn(const std::string& arn) {
  parse_arn_parameter(arn, "SubscriptionArn");
  if (std::count(arn.begin(), arn.end(), ':') + 1 == 6) throw invalid_parameter("SubscriptionId");
}

json listing_entry(const Subscription& s) {
  return {{"SubscriptionArn", s.pending_confirmation ? "PendingConfirmation" : s.arn},
          {"Owner", s.owner},
          {"Protocol", s.protocol},
          {"Endpoint", s.endpoint},
          {"TopicArn", s.topic_arn}};
}

// A ListSubscriptions(ByTopic) answer: the page's subscriptions and the token for the next page.
json listing(const TopicRegistry& registry, const tables::Page& page) {
  json subscriptions = json::array();
  for (const auto& arn : page.arns)
    if (auto s = registry.subscription(arn)) subscriptions.push_back(listing_entry(*s));
  json out = {{"Subscriptions", std::move(subscriptions)}};
  if (page.next_after) out["NextToken"] = page_token(*page.next_after);
  return out;
}

Notification confirmation(const std::string& type, const Topic& topic, std::string message,
                          const std::string& token, const std::string& host, TimePoint now) {
  Notification n;
  n.type = type;
  n.message_id = ids::uuid();
  n.topic_arn = topic.arn;
  n.message = std::move(message);
  n.timestamp = time_format::iso8601_ms(now);
  n.token = token;
  n.base_url = "http://" + host;
  n.signature_version = topic.signature_version;
  return n;
}

}  // namespace

Awaitable<json> SnsService::Subscribe(const Call& call) {
  std::string topic_arn = optional_text(call.input, "TopicArn").value_or("");
  parse_topic_arn(topic_arn, call.region);
  std::string protocol = boost::algorithm::to_lower_copy(required_text(call.input, "Protocol"));
  std::string endpoint = optional_text(call.input, "Endpoint").value_or("");
  json given = string_map(call.input, "Attributes");
  const json* return_arn_input = input::member(call.input, "ReturnSubscriptionArn");
  bool return_arn = return_arn_input && input::boolean(*return_arn_input).value_or(false);

  TopicPtr topic = registry_->topic(topic_arn);
  if (!topic) throw topic_not_found();
  if (std::find(std::begin(kProtocols), std::end(kProtocols), protocol) == std::end(kProtocols))
    throw invalid_parameter("Amazon SNS does not support this protocol string: " +
                            required_text(call.input, "Protocol"));
  if (endpoint.empty()) throw invalid_parameter("Endpoint Reason: no value for required parameter");
  check_endpoint(protocol, endpoint, *topic);

  Subscription s;
  s.topic_arn = topic_arn;
  s.account = topic->account;
  s.region = topic->region;
  s.owner = call.account;
  s.protocol = protocol;
  s.endpoint = endpoint;
  for (const auto& [name, value] : given.items()) {
    std::string checked =
        checked_subscription_attribute(name, value.get<std::string>(), s, *topic, true);
    if (!checked.empty() || name == "RawMessageDelivery") s.attributes[name] = checked;
  }
  derive_subscription_fields(s, true);

  co_return co_await context_.store.write([&](store::Database& db) -> json {
    topic = registry_->topic(topic_arn);
    if (!topic) throw topic_not_found();
    for (const auto& existing : topic->subscriptions) {
      if (existing->protocol != protocol || existing->endpoint != endpoint) continue;
      // Subscribe is idempotent unless it asks for attributes the subscription does not have.
      for (const auto& [name, value] : s.attributes.items())
        if (existing->attributes.value(name, name == "RawMessageDelivery" ? "false" : "") != value)
          throw invalid_parameter(
              "Attributes Reason: Subscription already exists with different attributes");
      bool hide = existing->pending_confirmation && !return_arn;
      return {{"SubscriptionArn", hide ? "pending confirmation" : existing->arn}};
    }

    s.arn = topic_arn + ":" + ids::uuid();
    s.pending_confirmation = protocol == "http" || protocol == "https" || protocol == "email" ||
                             protocol == "email-json";
    s.confirmation_authenticated = !s.pending_confirmation;
    s.token = confirmation_token();
    tables::insert_subscription(db, s);
    if (s.receives_http()) {
      Notification n = confirmation(
          "SubscriptionConfirmation", *topic,
          "You have chosen to subscribe to the topic " + topic_arn +
              ".\nTo confirm the subscription, visit the SubscribeURL included in this message.",
          s.token, call.host, context_.clock.now());
      outbox::add(db, outbox::Kind::http, s.arn, s.endpoint, n, context_.clock.now_ms());
    }
    bool hide = s.pending_confirmation && !return_arn;
    std::string arn = s.arn;
    bool wake = s.receives_http();
    registry_->restore_on_rollback(db, topic_arn);
    registry_->put_subscription(std::make_shared<Subscription>(std::move(s)));
    if (wake) db.after_commit([this] { worker_->wake(); });
    return {{"SubscriptionArn", hide ? "pending confirmation" : arn}};
  });
}

Awaitable<json> SnsService::ConfirmSubscription(const Call& call) {
  // Endpoints confirm by fetching the SubscribeURL, unsigned: the topic ARN, not the request,
  // says which account and region this is.
  std::string topic_arn = optional_text(call.input, "TopicArn").value_or("");
  std::string token = optional_text(call.input, "Token").value_or("");
  auto topic = std::count(topic_arn.begin(), topic_arn.end(), ':') >= 5 ? Arn::parse(topic_arn)
                                                                        : std::nullopt;
  if (!topic || topic->service != "sns") throw invalid_parameter("Topic");

  co_return co_await context_.store.write([&](store::Database& db) -> json {
    auto arn = tables::subscription_arn_for_token(db, token);
    SubscriptionPtr current = arn ? registry_->subscription(*arn) : nullptr;
    if (!current) throw invalid_parameter("Token");
    if (current->region != topic->region) throw invalid_parameter("Topic");
    if (current->topic_arn != topic_arn) throw invalid_parameter("Token");
    if (!current->pending_confirmation) return {{"SubscriptionArn", current->arn}};
    Subscription s = *current;
    s.pending_confirmation = false;
    s.confirmation_authenticated = true;
    tables::update_subscription(db, s);
    registry_->restore_on_rollback(db, s.topic_arn);
    registry_->put_subscription(std::make_shared<Subscription>(std::move(s)));
    return {{"SubscriptionArn", current->arn}};
  });
}

Awaitable<json> SnsService::Unsubscribe(const Call& call) {
  auto arn = optional_text(call.input, "SubscriptionArn");
  if (!arn) throw invalid_parameter("SubscriptionArn Reason: no value for required parameter");
  check_subscription_arn(*arn);
  co_return co_await context_.store.write([&](store::Database& db) -> json {
    SubscriptionPtr s = registry_->subscription(*arn);
    if (!s) return json::object();  // unsubscribing twice is fine
    TopicPtr topic = registry_->topic(s->topic_arn);
    tables::delete_subscription(db, s->arn);
    bool notify = s->receives_http() && topic;
    if (notify) {
      Notification n = confirmation(
          "UnsubscribeConfirmation", *topic,
          "You have chosen to deactivate subscription " + s->arn +
              ".\nTo cancel this operation and restore the subscription, visit the SubscribeURL "
              "included in this message.",
          confirmation_token(), call.host, context_.clock.now());
      outbox::add(db, outbox::Kind::http, s->arn, s->endpoint, n, context_.clock.now_ms());
    }
    registry_->restore_on_rollback(db, s->topic_arn);
    registry_->remove_subscription(s->arn);
    if (notify) db.after_commit([this] { worker_->wake(); });
    return json::object();
  });
}

json SnsService::ListSubscriptions(const Call& call) {
  std::int64_t after = page_after(optional_text(call.input, "NextToken"));
  auto lock = context_.store.lock();
  auto page = tables::subscription_page(context_.store.db(), call.account, call.region, after,
                                        kSubscriptionPageSize);
  return listing(*registry_, page);
}

json SnsService::ListSubscriptionsByTopic(const Call& call) {
  std::string topic_arn = optional_text(call.input, "TopicArn").value_or("");
  existing_topic(call, topic_arn);
  std::int64_t after = page_after(optional_text(call.input, "NextToken"));
  auto lock = context_.store.lock();
  auto page =
      tables::topic_subscription_page(context_.store.db(), topic_arn, after, kSubscriptionPageSize);
  return listing(*registry_, page);
}

json SnsService::GetSubscriptionAttributes(const Call& call) {
  std::string arn = optional_text(call.input, "SubscriptionArn").value_or("");
  check_subscription_arn(arn);
  SubscriptionPtr s = registry_->subscription(arn);
  if (!s) throw subscription_not_found();
  TopicPtr topic = registry_->topic(s->topic_arn);
  return {{"Attributes", subscription_attributes_output(*s, topic.get())}};
}

Awaitable<json> SnsService::SetSubscriptionAttributes(const Call& call) {
  std::string arn = optional_text(call.input, "SubscriptionArn").value_or("");
  std::string name = required_text(call.input, "AttributeName");
  std::string value = optional_text(call.input, "AttributeValue").value_or("");
  check_subscription_arn(arn);
  co_return co_await context_.store.write([&](store::Database& db) -> json {
    SubscriptionPtr current = registry_->subscription(arn);
    if (!current) throw subscription_not_found();
    TopicPtr topic = registry_->topic(current->topic_arn);
    if (!topic) throw subscription_not_found();
    std::string checked = checked_subscription_attribute(name, value, *current, *topic, false);
    Subscription s = *current;
    if (checked.empty() && name != "RawMessageDelivery" && name != "FilterPolicyScope")
      s.attributes.erase(name);
    else
      s.attributes[name] = checked;
    derive_subscription_fields(s, false);
    tables::update_subscription(db, s);
    registry_->restore_on_rollback(db, s.topic_arn);
    registry_->put_subscription(std::make_shared<Subscription>(std::move(s)));
    return json::object();
  });
}

}  // namespace eddy::services::sns
