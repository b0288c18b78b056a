#include "services/sns/notification.hpp"

#include "core/json_text.hpp"

namespace eddy::services::sns {
namespace {

void append_line_pair(std::string& out, std::string_view key, std::string_view value) {
  out.append(key).push_back('\n');
  out.append(value).push_back('\n');
}

}  // namespace

std::string Notification::canonical_string() const {
  std::string out;
  out.reserve(message.size() + 256);
  append_line_pair(out, "Message", message);
  append_line_pair(out, "MessageId", message_id);
  if (is_notification()) {
    if (subject) append_line_pair(out, "Subject", *subject);
  } else {
    append_line_pair(out, "SubscribeURL", subscribe_url());
  }
  append_line_pair(out, "Timestamp", timestamp);
  if (!is_notification()) append_line_pair(out, "Token", token);
  append_line_pair(out, "TopicArn", topic_arn);
  append_line_pair(out, "Type", type);
  return out;
}

std::string Notification::subscribe_url() const {
  return base_url + "/?Action=ConfirmSubscription&TopicArn=" + topic_arn + "&Token=" + token;
}

std::string Notification::unsubscribe_url(std::string_view subscription_arn) const {
  return base_url + "/?Action=Unsubscribe&SubscriptionArn=" + std::string(subscription_arn);
}

std::string Notification::signing_cert_url() const {
  return base_url + "/_eddy/sns/SimpleNotificationService.pem";
}

json Notification::to_json() const {
  json out = {{"Type", type},
              {"MessageId", message_id},
              {"TopicArn", topic_arn},
              {"Message", message},
              {"Timestamp", timestamp},
              {"BaseUrl", base_url},
              {"SignatureVersion", signature_version}};
  if (subject) out["Subject"] = *subject;
  if (!message_attributes.empty()) out["MessageAttributes"] = message_attributes;
  if (sequence_number) out["SequenceNumber"] = *sequence_number;
  if (!token.empty()) out["Token"] = token;
  return out;
}

Notification Notification::from_json(const json& value) {
  Notification n;
  n.type = value.value("Type", "Notification");
  n.message_id = value.value("MessageId", "");
  n.topic_arn = value.value("TopicArn", "");
  n.message = value.value("Message", "");
  n.timestamp = value.value("Timestamp", "");
  n.base_url = value.value("BaseUrl", "");
  n.signature_version = value.value("SignatureVersion", 1);
  if (value.contains("Subject")) n.subject = value["Subject"].get<std::string>();
  if (value.contains("MessageAttributes")) n.message_attributes = value["MessageAttributes"];
  if (value.contains("SequenceNumber"))
    n.sequence_number = value["SequenceNumber"].get<std::string>();
  n.token = value.value("Token", "");
  return n;
}

Envelope::Envelope(const Notification& n, const std::string& signature) : notification_(n) {
  head_.reserve(n.message.size() + 512);
  head_.push_back('{');
  json_text::append_member(head_, "Type", n.type, true);
  json_text::append_member(head_, "MessageId", n.message_id);
  if (n.is_notification()) {
    if (n.sequence_number) json_text::append_member(head_, "SequenceNumber", *n.sequence_number);
    json_text::append_member(head_, "TopicArn", n.topic_arn);
    if (n.subject) json_text::append_member(head_, "Subject", *n.subject);
    json_text::append_member(head_, "Message", n.message);
  } else {
    json_text::append_member(head_, "Token", n.token);
    json_text::append_member(head_, "TopicArn", n.topic_arn);
    json_text::append_member(head_, "Message", n.message);
    json_text::append_member(head_, "SubscribeURL", n.subscribe_url());
  }
  json_text::append_member(head_, "Timestamp", n.timestamp);
  if (n.signed_()) {
    json_text::append_member(head_, "SignatureVersion", std::to_string(n.signature_version));
    json_text::append_member(head_, "Signature", signature);
    json_text::append_member(head_, "SigningCertURL", n.signing_cert_url());
  }
  if (n.is_notification() && !n.message_attributes.empty()) {
    tail_ = ",\"MessageAttributes\":";
    tail_ += n.message_attributes.dump(-1, ' ', false, json::error_handler_t::replace);
  }
  tail_.push_back('}');
}

std::string Envelope::render(std::string_view subscription_arn) const {
  std::string out;
  out.reserve(head_.size() + tail_.size() + 160);
  out += head_;
  if (notification_.is_notification())
    json_text::append_member(out, "UnsubscribeURL",
                             notification_.unsubscribe_url(subscription_arn));
  out += tail_;
  return out;
}

std::string lambda_event(const Notification& n, std::string_view subscription_arn,
                         const std::string& signature) {
  nlohmann::ordered_json sns = nlohmann::ordered_json::object();
  sns["Type"] = n.type;
  sns["MessageId"] = n.message_id;
  sns["TopicArn"] = n.topic_arn;
  sns["Subject"] = n.subject ? nlohmann::ordered_json(*n.subject) : nlohmann::ordered_json();
  sns["Message"] = n.message;
  sns["Timestamp"] = n.timestamp;
  sns["SignatureVersion"] = "1";
  sns["Signature"] = signature;
  sns["SigningCertUrl"] = n.signing_cert_url();
  sns["UnsubscribeUrl"] = n.unsubscribe_url(subscription_arn);
  sns["MessageAttributes"] = n.message_attributes;
  nlohmann::ordered_json record = nlohmann::ordered_json::object();
  record["EventSource"] = "aws:sns";
  record["EventVersion"] = "1.0";
  record["EventSubscriptionArn"] = std::string(subscription_arn);
  record["Sns"] = std::move(sns);
  nlohmann::ordered_json event = {{"Records", nlohmann::ordered_json::array({record})}};
  return event.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace eddy::services::sns
