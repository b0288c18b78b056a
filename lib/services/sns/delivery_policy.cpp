#include "services/sns/delivery_policy.hpp"

#include <cmath>
#include <limits>

namespace eddy::services::sns {
namespace {

using ordered = nlohmann::ordered_json;

// AWS's limits for HTTP/S retry policies.
constexpr int kMaxRetries = 100;
constexpr int kMaxDelaySeconds = 3600;

json parse_object(std::string_view text) {
  json parsed = json::parse(text, nullptr, false);
  if (parsed.is_discarded()) throw InvalidDeliveryPolicy("failed to parse JSON.");
  if (!parsed.is_object()) throw InvalidDeliveryPolicy("must be a JSON object.");
  return parsed;
}

// Drops null members, recursively: AWS stores {"a": null} as {}. For json and ordered alike.
template <class Json>
Json without_nulls(const Json& value) {
  if (!value.is_object()) return value;
  Json out = Json::object();
  for (const auto& [key, member] : value.items())
    if (!member.is_null()) out[key] = without_nulls(member);
  return out;
}

// Re-reads `value` keeping its member order (AWS answers with the order it was given).
ordered ordered_copy(std::string_view text) {
  ordered parsed = ordered::parse(text, nullptr, false);
  return parsed.is_discarded() ? ordered::object() : parsed;
}

int integer_member(const json& object, const char* name, int fallback, int min, int max,
                   std::string_view where) {
  auto it = object.find(name);
  if (it == object.end() || it->is_null()) return fallback;
  if (!it->is_number_integer())
    throw InvalidDeliveryPolicy(std::string(where) + "." + name + " must be an integer");
  auto value = it->get<std::int64_t>();
  if (value < min || value > max)
    throw InvalidDeliveryPolicy(std::string(where) + "." + name + " must be between " +
                                std::to_string(min) + " and " + std::to_string(max));
  return static_cast<int>(value);
}

const char* backoff_name(BackoffFunction function) {
  switch (function) {
    case BackoffFunction::linear:
      return "linear";
    case BackoffFunction::arithmetic:
      return "arithmetic";
    case BackoffFunction::geometric:
      return "geometric";
    case BackoffFunction::exponential:
      return "exponential";
  }
  return "linear";
}

RetryPolicy parse_retry_policy(const json& value, std::string_view where) {
  if (!value.is_object()) throw InvalidDeliveryPolicy(std::string(where) + " must be an object");
  RetryPolicy policy;
  policy.min_delay_target =
      integer_member(value, "minDelayTarget", policy.min_delay_target, 1, kMaxDelaySeconds, where);
  policy.max_delay_target =
      integer_member(value, "maxDelayTarget", policy.max_delay_target, 1, kMaxDelaySeconds, where);
  if (policy.min_delay_target > policy.max_delay_target)
    throw InvalidDeliveryPolicy(std::string(where) +
                                ".minDelayTarget must not exceed maxDelayTarget");
  policy.num_retries =
      integer_member(value, "numRetries", policy.num_retries, 0, kMaxRetries, where);
  policy.num_no_delay_retries =
      integer_member(value, "numNoDelayRetries", 0, 0, kMaxRetries, where);
  policy.num_min_delay_retries =
      integer_member(value, "numMinDelayRetries", 0, 0, kMaxRetries, where);
  policy.num_max_delay_retries =
      integer_member(value, "numMaxDelayRetries", 0, 0, kMaxRetries, where);
  if (policy.num_no_delay_retries + policy.num_min_delay_retries + policy.num_max_delay_retries >
      policy.num_retries)
    throw InvalidDeliveryPolicy(std::string(where) +
                                ": the retries of the phases exceed numRetries");
  if (auto it = value.find("backoffFunction"); it != value.end() && !it->is_null()) {
    std::string name = it->is_string() ? it->get<std::string>() : "";
    if (name == "linear")
      policy.backoff_function = BackoffFunction::linear;
    else if (name == "arithmetic")
      policy.backoff_function = BackoffFunction::arithmetic;
    else if (name == "geometric")
      policy.backoff_function = BackoffFunction::geometric;
    else if (name == "exponential")
      policy.backoff_function = BackoffFunction::exponential;
    else
      throw InvalidDeliveryPolicy(std::string(where) +
                                  ".backoffFunction must be linear, arithmetic, geometric or "
                                  "exponential");
  }
  return policy;
}

std::optional<std::string> content_type_of(const json& request_policy, std::string_view where) {
  if (request_policy.is_null()) return std::nullopt;
  if (!request_policy.is_object())
    throw InvalidDeliveryPolicy(std::string(where) + " must be an object");
  auto it = request_policy.find("headerContentType");
  if (it == request_policy.end() || it->is_null()) return std::nullopt;
  if (!it->is_string() || it->get<std::string>().empty())
    throw InvalidDeliveryPolicy(std::string(where) + ".headerContentType must be a string");
  return it->get<std::string>();
}

}  // namespace

std::optional<std::chrono::seconds> RetryPolicy::delay_before_retry(int retry) const {
  if (retry < 1 || retry > num_retries) return std::nullopt;
  int immediate_end = num_no_delay_retries;
  int pre_backoff_end = immediate_end + num_min_delay_retries;
  int backoff_count = num_retries - pre_backoff_end - num_max_delay_retries;
  if (retry <= immediate_end) return std::chrono::seconds(0);
  if (retry <= pre_backoff_end) return std::chrono::seconds(min_delay_target);
  int step = retry - pre_backoff_end;  // 1..backoff_count within the backoff phase
  if (step > backoff_count) return std::chrono::seconds(max_delay_target);
  // Every function starts near the minimum and reaches the maximum on the phase's last retry.
  double fraction = 0;
  double n = backoff_count;
  double k = step;
  double span = max_delay_target - min_delay_target;
  switch (backoff_function) {
    case BackoffFunction::linear:
      fraction = k / n;
      break;
    case BackoffFunction::arithmetic:
      fraction = (k * (k + 1)) / (n * (n + 1));
      break;
    case BackoffFunction::geometric:
      return std::chrono::seconds(static_cast<long>(
          std::lround(min_delay_target *
                      std::pow(static_cast<double>(max_delay_target) / min_delay_target, k / n))));
    case BackoffFunction::exponential:
      fraction = (std::pow(2.0, k) - 1) / (std::pow(2.0, n) - 1);
      break;
  }
  return std::chrono::seconds(static_cast<long>(std::lround(min_delay_target + span * fraction)));
}

nlohmann::ordered_json RetryPolicy::to_json() const {
  ordered out = ordered::object();
  out["minDelayTarget"] = min_delay_target;
  out["maxDelayTarget"] = max_delay_target;
  out["numRetries"] = num_retries;
  out["numMaxDelayRetries"] = num_max_delay_retries;
  out["numNoDelayRetries"] = num_no_delay_retries;
  out["numMinDelayRetries"] = num_min_delay_retries;
  out["backoffFunction"] = backoff_name(backoff_function);
  return out;
}

TopicDeliveryPolicy TopicDeliveryPolicy::parse(std::string_view text) {
  json policy = parse_object(text);
  TopicDeliveryPolicy out;
  json http = policy.contains("http") ? without_nulls(policy["http"]) : json::object();
  if (!http.is_object()) throw InvalidDeliveryPolicy("http must be an object");
  if (http.contains("defaultHealthyRetryPolicy"))
    out.default_healthy_retry_policy =
        parse_retry_policy(http["defaultHealthyRetryPolicy"], "http.defaultHealthyRetryPolicy");
  if (auto it = http.find("disableSubscriptionOverrides"); it != http.end()) {
    if (!it->is_boolean())
      throw InvalidDeliveryPolicy("http.disableSubscriptionOverrides must be true or false");
    out.disable_subscription_overrides = it->get<bool>();
  }
  if (http.contains("defaultRequestPolicy"))
    out.header_content_type =
        content_type_of(http["defaultRequestPolicy"], "http.defaultRequestPolicy");
  out.stored = without_nulls(ordered_copy(text)).dump();
  return out;
}

SubscriptionDeliveryPolicy SubscriptionDeliveryPolicy::parse(std::string_view text) {
  json policy = parse_object(text);
  SubscriptionDeliveryPolicy out;
  ordered given = ordered_copy(text);
  ordered normalised = ordered::object();
  normalised["healthyRetryPolicy"] = nullptr;
  normalised["sicklyRetryPolicy"] = nullptr;
  normalised["throttlePolicy"] = nullptr;
  normalised["requestPolicy"] = nullptr;
  normalised["guaranteed"] = false;

  if (auto it = policy.find("healthyRetryPolicy"); it != policy.end() && !it->is_null()) {
    out.healthy_retry_policy = parse_retry_policy(*it, "healthyRetryPolicy");
    normalised["healthyRetryPolicy"] = out.healthy_retry_policy->to_json();
  }
  if (auto it = policy.find("throttlePolicy"); it != policy.end() && !it->is_null()) {
    if (!it->is_object()) throw InvalidDeliveryPolicy("throttlePolicy must be an object");
    out.max_receives_per_second = integer_member(*it, "maxReceivesPerSecond", 0, 1,
                                                 std::numeric_limits<int>::max(), "throttlePolicy");
    normalised["throttlePolicy"] = without_nulls(given["throttlePolicy"]);
  }
  if (auto it = policy.find("requestPolicy"); it != policy.end() && !it->is_null()) {
    out.header_content_type = content_type_of(*it, "requestPolicy");
    normalised["requestPolicy"] = without_nulls(given["requestPolicy"]);
  }
  if (auto it = policy.find("guaranteed"); it != policy.end() && !it->is_null()) {
    if (!it->is_boolean()) throw InvalidDeliveryPolicy("guaranteed must be true or false");
    normalised["guaranteed"] = it->get<bool>();
  }
  out.stored = normalised.dump();
  return out;
}

EffectiveDeliveryPolicy effective_delivery_policy(const TopicDeliveryPolicy* topic,
                                                  const SubscriptionDeliveryPolicy* subscription) {
  EffectiveDeliveryPolicy out;
  if (topic && topic->default_healthy_retry_policy)
    out.retry = *topic->default_healthy_retry_policy;
  if (topic && topic->header_content_type) out.content_type = *topic->header_content_type;
  bool overrides = subscription && !(topic && topic->disable_subscription_overrides);
  if (overrides) {
    if (subscription->healthy_retry_policy) out.retry = *subscription->healthy_retry_policy;
    if (subscription->header_content_type) out.content_type = *subscription->header_content_type;
    out.max_receives_per_second = subscription->max_receives_per_second;
  }
  return out;
}

std::string topic_effective_delivery_policy(const TopicDeliveryPolicy* topic) {
  EffectiveDeliveryPolicy effective = effective_delivery_policy(topic, nullptr);
  ordered http = ordered::object();
  http["defaultHealthyRetryPolicy"] = effective.retry.to_json();
  http["disableSubscriptionOverrides"] = topic ? topic->disable_subscription_overrides : false;
  http["defaultRequestPolicy"] = ordered{{"headerContentType", effective.content_type}};
  ordered out = ordered::object();
  out["http"] = std::move(http);
  return out.dump();
}

std::string subscription_effective_delivery_policy(const TopicDeliveryPolicy* topic,
                                                   const SubscriptionDeliveryPolicy* subscription) {
  EffectiveDeliveryPolicy effective = effective_delivery_policy(topic, subscription);
  ordered out = ordered::object();
  out["healthyRetryPolicy"] = effective.retry.to_json();
  out["sicklyRetryPolicy"] = nullptr;
  if (effective.max_receives_per_second)
    out["throttlePolicy"] = ordered{{"maxReceivesPerSecond", *effective.max_receives_per_second}};
  else
    out["throttlePolicy"] = nullptr;
  out["requestPolicy"] = ordered{{"headerContentType", effective.content_type}};
  out["guaranteed"] = false;
  return out.dump();
}

}  // namespace eddy::services::sns
