#pragma once
// HTTP/S delivery policies: how often and how far apart SNS retries a failed delivery, and the
// Content-Type it posts with. A topic sets defaults ("http" section of its DeliveryPolicy), a
// subscription may override them; what applies is the EffectiveDeliveryPolicy.
#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "eddy/json.hpp"

namespace eddy::services::sns {

// A policy SNS would reject; what() is the reason after "DeliveryPolicy: ".
class InvalidDeliveryPolicy : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class BackoffFunction { linear, arithmetic, geometric, exponential };

struct RetryPolicy {
  int min_delay_target = 20;  // seconds
  int max_delay_target = 20;
  int num_retries = 3;
  int num_max_delay_retries = 0;
  int num_no_delay_retries = 0;
  int num_min_delay_retries = 0;
  BackoffFunction backoff_function = BackoffFunction::linear;

  // The delay before retry number `retry` (1 = the first retry after the initial attempt), or
  // nullopt once the policy allows no more retries. Phases: immediate, pre-backoff (minimum
  // delay), backoff (minimum to maximum along the backoff function), post-backoff (maximum).
  std::optional<std::chrono::seconds> delay_before_retry(int retry) const;
  nlohmann::ordered_json to_json() const;
};

// The "http" section of a topic's DeliveryPolicy attribute.
struct TopicDeliveryPolicy {
  std::optional<RetryPolicy> default_healthy_retry_policy;
  bool disable_subscription_overrides = false;
  std::optional<std::string> header_content_type;
  std::string stored;  // the attribute as GetTopicAttributes returns it

  // Throws InvalidDeliveryPolicy.
  static TopicDeliveryPolicy parse(std::string_view text);
};

// A subscription's own DeliveryPolicy attribute.
struct SubscriptionDeliveryPolicy {
  std::optional<RetryPolicy> healthy_retry_policy;
  std::optional<int> max_receives_per_second;
  std::optional<std::string> header_content_type;
  std::string stored;  // normalised as AWS returns it: every member, null when unset

  // Throws InvalidDeliveryPolicy.
  static SubscriptionDeliveryPolicy parse(std::string_view text);
};

inline constexpr std::string_view kDefaultHttpContentType = "text/plain; charset=UTF-8";

struct EffectiveDeliveryPolicy {
  RetryPolicy retry;
  std::string content_type = std::string(kDefaultHttpContentType);
  std::optional<int> max_receives_per_second;
};

// What applies to an HTTP/S subscription: its own policy unless the topic forbids overrides,
// then the topic's, then AWS's defaults.
EffectiveDeliveryPolicy effective_delivery_policy(const TopicDeliveryPolicy* topic,
                                                  const SubscriptionDeliveryPolicy* subscription);
// The EffectiveDeliveryPolicy attributes GetTopicAttributes and GetSubscriptionAttributes return.
std::string topic_effective_delivery_policy(const TopicDeliveryPolicy* topic);
std::string subscription_effective_delivery_policy(const TopicDeliveryPolicy* topic,
                                                   const SubscriptionDeliveryPolicy* subscription);

}  // namespace eddy::services::sns
