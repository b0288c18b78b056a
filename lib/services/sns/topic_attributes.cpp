#include "services/sns/topic_attributes.hpp"

#include <string_view>

#include "services/sns/json_text.hpp"
#include "services/sns/sns_errors.hpp"
#include "services/sns/sns_input.hpp"

namespace eddy::services::sns {
namespace {

using ordered = nlohmann::ordered_json;

constexpr std::string_view kSettable[] = {
    "DeliveryPolicy",
    "DisplayName",
    "Policy",
    "SignatureVersion",
    "TracingConfig",
    "KmsMasterKeyId",
    "ContentBasedDeduplication",
    "ArchivePolicy",
    "FifoThroughputScope",
    "ApplicationSuccessFeedbackRoleArn",
    "ApplicationSuccessFeedbackSampleRate",
    "ApplicationFailureFeedbackRoleArn",
    "HTTPSuccessFeedbackRoleArn",
    "HTTPSuccessFeedbackSampleRate",
    "HTTPFailureFeedbackRoleArn",
    "LambdaSuccessFeedbackRoleArn",
    "LambdaSuccessFeedbackSampleRate",
    "LambdaFailureFeedbackRoleArn",
    "SQSSuccessFeedbackRoleArn",
    "SQSSuccessFeedbackSampleRate",
    "SQSFailureFeedbackRoleArn",
    "FirehoseSuccessFeedbackRoleArn",
    "FirehoseSuccessFeedbackSampleRate",
    "FirehoseFailureFeedbackRoleArn",
};

bool settable(const std::string& name) {
  for (auto known : kSettable)
    if (known == name) return true;
  return false;
}

std::string json_object_text(const std::string& name, const std::string& value,
                             const std::string& prefix) {
  if (std::string error = jackson_parse_error(value); !error.empty())
    throw invalid_parameter(prefix + name + ": failed to parse JSON. " + error);
  ordered parsed = ordered::parse(value, nullptr, false);
  if (!parsed.is_object()) throw invalid_parameter(prefix + name + ": must be a JSON object");
  return value;
}

}  // namespace

std::string checked_topic_attribute(const std::string& name, const std::string& value,
                                    bool fifo_topic, bool creating) {
  std::string prefix = creating ? "Attributes Reason: " : "";
  if (name == "FifoTopic") {
    // FIFO-ness is fixed when the topic is made.
    if (!creating) throw invalid_parameter("AttributeName");
    return boolean_attribute(name, value, prefix);
  }
  if (!settable(name)) throw invalid_parameter(prefix + "AttributeName");
  if (name == "ContentBasedDeduplication") {
    std::string v = boolean_attribute(name, value, prefix);
    if (!fifo_topic && v == "true")
      throw invalid_parameter(prefix +
                              "ContentBasedDeduplication: Content-based deduplication can only "
                              "be set for FIFO topics");
    return v;
  }
  if ((name == "ArchivePolicy" || name == "FifoThroughputScope") && !fifo_topic)
    throw invalid_parameter(prefix + name + ": can only be set for FIFO topics");
  if (name == "SignatureVersion" && value != "1" && value != "2")
    throw invalid_parameter(prefix + "SignatureVersion: Invalid value [" + value +
                            "]. Must be 1 or 2.");
  if (name == "TracingConfig" && value != "PassThrough" && value != "Active")
    throw invalid_parameter(prefix + "TracingConfig: Invalid value [" + value +
                            "]. Must be PassThrough or Active.");
  if (name == "FifoThroughputScope" && value != "Topic" && value != "MessageGroup")
    throw invalid_parameter(prefix + "FifoThroughputScope: Invalid value [" + value +
                            "]. Must be Topic or MessageGroup.");
  if (name == "DisplayName" && value.size() > 100)
    throw invalid_parameter(prefix + "DisplayName: must be at most 100 characters");
  if (name == "Policy" || name == "ArchivePolicy") return json_object_text(name, value, prefix);
  if (name == "DeliveryPolicy") {
    if (value.empty()) return value;  // removes the policy
    if (std::string error = jackson_parse_error(value); !error.empty())
      throw invalid_parameter(prefix + "DeliveryPolicy: failed to parse JSON. " + error);
    try {
      return TopicDeliveryPolicy::parse(value).stored;
    } catch (const InvalidDeliveryPolicy& e) {
      throw invalid_parameter(prefix + "DeliveryPolicy: " + e.what());
    }
  }
  return value;
}

void derive_topic_fields(Topic& topic) {
  auto flag = [&](const char* name) {
    auto it = topic.attributes.find(name);
    return it != topic.attributes.end() && it->is_string() && it->get<std::string>() == "true";
  };
  topic.fifo = flag("FifoTopic");
  topic.content_based_deduplication = flag("ContentBasedDeduplication");
  topic.signature_version = topic.attributes.value("SignatureVersion", "1") == "2" ? 2 : 1;
  topic.delivery_policy.reset();
  std::string policy = topic.attributes.value("DeliveryPolicy", "");
  if (!policy.empty()) {
    try {
      topic.delivery_policy = TopicDeliveryPolicy::parse(policy);
    } catch (const InvalidDeliveryPolicy&) {
      // Stored policies were checked when they were set.
    }
  }
}

std::string default_topic_policy(const std::string& topic_arn, const std::string& account) {
  ordered statement = ordered::object();
  statement["Sid"] = "__default_statement_ID";
  statement["Effect"] = "Allow";
  statement["Principal"] = ordered{{"AWS", "*"}};
  statement["Action"] = {"SNS:GetTopicAttributes",
                         "SNS:SetTopicAttributes",
                         "SNS:AddPermission",
                         "SNS:RemovePermission",
                         "SNS:DeleteTopic",
                         "SNS:Subscribe",
                         "SNS:ListSubscriptionsByTopic",
                         "SNS:Publish"};
  statement["Resource"] = topic_arn;
  statement["Condition"] = ordered{{"StringEquals", ordered{{"AWS:SourceOwner", account}}}};
  ordered policy = ordered::object();
  policy["Version"] = "2008-10-17";
  policy["Id"] = "__default_policy_ID";
  policy["Statement"] = ordered::array({statement});
  return policy.dump();
}

json topic_attributes_output(const Topic& topic) {
  json out = json::object();
  for (const auto& [name, value] : topic.attributes.items()) out[name] = value;
  out["TopicArn"] = topic.arn;
  out["Owner"] = topic.account;
  if (!out.contains("DisplayName")) out["DisplayName"] = "";
  if (!out.contains("Policy")) out["Policy"] = default_topic_policy(topic.arn, topic.account);
  if (out.contains("DeliveryPolicy") && out["DeliveryPolicy"] == "") out.erase("DeliveryPolicy");
  out["EffectiveDeliveryPolicy"] =
      topic_effective_delivery_policy(topic.delivery_policy ? &*topic.delivery_policy : nullptr);
  if (topic.fifo) {
    out["FifoTopic"] = "true";
    out["ContentBasedDeduplication"] = topic.content_based_deduplication ? "true" : "false";
  } else {
    out.erase("FifoTopic");
  }
  int confirmed = 0;
  int pending = 0;
  for (const auto& s : topic.subscriptions) (s->pending_confirmation ? pending : confirmed)++;
  out["SubscriptionsConfirmed"] = std::to_string(confirmed);
  out["SubscriptionsPending"] = std::to_string(pending);
  out["SubscriptionsDeleted"] = "0";
  return out;
}

}  // namespace eddy::services::sns
