#include "services/sns/subscription_attributes.hpp"

#include <string_view>

#include "core/arn.hpp"
#include "services/sns/json_text.hpp"
#include "services/sns/sns_errors.hpp"
#include "services/sns/sns_input.hpp"

namespace eddy::services::sns {
namespace {

constexpr std::string_view kAttributeNames[] = {"DeliveryPolicy",    "FilterPolicy",
                                                "FilterPolicyScope", "RawMessageDelivery",
                                                "RedrivePolicy",     "SubscriptionRoleArn"};

std::string prefix_for(bool subscribing) {
  return subscribing ? "Attributes Reason: " : "";
}

filter::Scope scope_of(const json& attributes) {
  return attributes.value("FilterPolicyScope", "MessageAttributes") == "MessageBody"
             ? filter::Scope::message_body
             : filter::Scope::message_attributes;
}

}  // namespace

bool is_subscription_attribute(const std::string& name) {
  for (auto known : kAttributeNames)
    if (known == name) return true;
  return false;
}

std::string checked_subscription_attribute(const std::string& name, const std::string& value,
                                           const Subscription& subscription, const Topic& topic,
                                           bool subscribing) {
  std::string prefix = prefix_for(subscribing);
  if (!is_subscription_attribute(name)) throw invalid_parameter(prefix + "AttributeName");
  if (name == "RawMessageDelivery") {
    return boolean_attribute(name, value, prefix);
  }
  if (name == "FilterPolicyScope") {
    if (value != "MessageAttributes" && value != "MessageBody")
      throw invalid_parameter(prefix + "FilterPolicyScope: Invalid value [" + value +
                              "]. Please use either MessageBody or MessageAttributes");
    return value;
  }
  if (name == "RedrivePolicy") {
    if (value.empty()) return value;  // removes the dead-letter queue
    if (std::string error = jackson_parse_error(value); !error.empty())
      throw invalid_parameter(prefix + "RedrivePolicy: failed to parse JSON. " + error);
    json policy = json::parse(value);
    std::string target = policy.is_object() && policy.contains("deadLetterTargetArn") &&
                                 policy["deadLetterTargetArn"].is_string()
                             ? policy["deadLetterTargetArn"].get<std::string>()
                             : std::string();
    auto arn = Arn::parse(target);
    if (!arn || arn->service != "sqs")
      throw invalid_parameter(prefix + "RedrivePolicy: deadLetterTargetArn is an invalid arn");
    if (topic.fifo && subscription.endpoint.ends_with(".fifo") && !arn->resource.ends_with(".fifo"))
      throw invalid_parameter(prefix +
                              "RedrivePolicy: must use a FIFO queue as DLQ for a FIFO "
                              "Subscription to a FIFO Topic.");
    return value;
  }
  if (name == "DeliveryPolicy") {
    if (value.empty()) return value;
    if (std::string error = jackson_parse_error(value); !error.empty())
      throw invalid_parameter(prefix + "DeliveryPolicy: failed to parse JSON. " + error);
    try {
      return SubscriptionDeliveryPolicy::parse(value).stored;
    } catch (const InvalidDeliveryPolicy& e) {
      throw invalid_parameter(prefix + "DeliveryPolicy: " + e.what());
    }
  }
  return value;  // FilterPolicy is compiled by derive_subscription_fields; SubscriptionRoleArn
}

void derive_subscription_fields(Subscription& s, bool subscribing) {
  const json& a = s.attributes;
  s.raw_message_delivery = a.value("RawMessageDelivery", "false") == "true";
  s.filter_scope = scope_of(a);
  s.filter_policy.reset();
  std::string policy = a.value("FilterPolicy", "");
  if (!policy.empty()) {
    try {
      s.filter_policy = std::make_shared<const filter::FilterPolicy>(
          filter::FilterPolicy::compile(policy, s.filter_scope));
    } catch (const filter::InvalidFilterPolicy& e) {
      throw invalid_parameter(prefix_for(subscribing) + e.parameter_message());
    }
  }
  s.dead_letter_arn.reset();
  std::string redrive = a.value("RedrivePolicy", "");
  if (!redrive.empty()) {
    json parsed = json::parse(redrive, nullptr, false);
    if (parsed.is_object() && parsed.contains("deadLetterTargetArn") &&
        parsed["deadLetterTargetArn"].is_string())
      s.dead_letter_arn = parsed["deadLetterTargetArn"].get<std::string>();
  }
  s.delivery_policy.reset();
  std::string delivery = a.value("DeliveryPolicy", "");
  if (!delivery.empty()) {
    try {
      s.delivery_policy = SubscriptionDeliveryPolicy::parse(delivery);
    } catch (const InvalidDeliveryPolicy&) {
      // Stored policies were checked when they were set.
    }
  }
}

json subscription_attributes_output(const Subscription& s, const Topic* topic) {
  json out = json::object();
  out["SubscriptionArn"] = s.arn;
  out["TopicArn"] = s.topic_arn;
  out["Owner"] = s.owner;
  out["Protocol"] = s.protocol;
  out["Endpoint"] = s.endpoint;
  out["PendingConfirmation"] = s.pending_confirmation ? "true" : "false";
  out["ConfirmationWasAuthenticated"] = s.confirmation_authenticated ? "true" : "false";
  out["RawMessageDelivery"] = s.raw_message_delivery ? "true" : "false";
  out["SubscriptionPrincipal"] = "arn:aws:iam::" + s.owner + ":user/eddy";
  const json& a = s.attributes;
  if (!a.value("FilterPolicy", "").empty()) {
    out["FilterPolicy"] = a["FilterPolicy"];
    out["FilterPolicyScope"] = a.value("FilterPolicyScope", "MessageAttributes");
  }
  for (const char* name : {"RedrivePolicy", "DeliveryPolicy", "SubscriptionRoleArn"})
    if (!a.value(name, "").empty()) out[name] = a[name];
  if (s.receives_http()) {
    out["EffectiveDeliveryPolicy"] = subscription_effective_delivery_policy(
        topic && topic->delivery_policy ? &*topic->delivery_policy : nullptr,
        s.delivery_policy ? &*s.delivery_policy : nullptr);
  }
  return out;
}

}  // namespace eddy::services::sns
