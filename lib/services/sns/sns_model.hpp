#pragma once
// Topics and subscriptions as SNS keeps them. Both are immutable once built: a change builds a new
// value and swaps it into the TopicRegistry, so a publish works on a consistent snapshot without
// holding any lock while it filters, renders and signs.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "eddy/json.hpp"
#include "filter/filter_policy.hpp"
#include "services/sns/delivery_policy.hpp"

namespace eddy::services::sns {

struct Subscription {
  std::int64_t id = 0;
  std::string arn;
  std::string topic_arn;
  std::string account;  // the topic's account and region: ListSubscriptions scopes by them
  std::string region;
  std::string owner;
  std::string protocol;  // sqs, lambda, http, https, email, email-json, sms, application, firehose
  std::string endpoint;
  bool pending_confirmation = false;
  bool confirmation_authenticated = false;
  std::string token;  // what ConfirmSubscription expects while pending
  // The attributes a caller set, as strings: RawMessageDelivery, FilterPolicy, FilterPolicyScope,
  // RedrivePolicy, DeliveryPolicy, SubscriptionRoleArn.
  json attributes = json::object();

  // Derived from `attributes` when the subscription is built.
  bool raw_message_delivery = false;
  filter::Scope filter_scope = filter::Scope::message_attributes;
  std::shared_ptr<const filter::FilterPolicy> filter_policy;  // null: every message matches
  std::optional<std::string> dead_letter_arn;
  std::optional<SubscriptionDeliveryPolicy> delivery_policy;

  bool receives_http() const { return protocol == "http" || protocol == "https"; }
};

struct Topic {
  std::int64_t id = 0;
  std::string arn;
  std::string account;
  std::string region;
  std::string name;
  // The attributes a caller set (DisplayName, Policy, DeliveryPolicy, SignatureVersion,
  // ContentBasedDeduplication, FifoTopic ...), as strings.
  json attributes = json::object();
  json tags = json::array();  // [{"Key": ..., "Value": ...}] in the order they were first set

  bool fifo = false;
  bool content_based_deduplication = false;
  int signature_version = 1;
  std::optional<TopicDeliveryPolicy> delivery_policy;              // the topic's "http" section
  std::vector<std::shared_ptr<const Subscription>> subscriptions;  // oldest first
};

using TopicPtr = std::shared_ptr<const Topic>;
using SubscriptionPtr = std::shared_ptr<const Subscription>;

}  // namespace eddy::services::sns
