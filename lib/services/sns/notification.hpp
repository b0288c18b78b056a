#pragma once
// What SNS delivers: a Notification (or a Subscription/UnsubscribeConfirmation) and the bodies it
// takes on the wire: the JSON envelope SQS and HTTP/S endpoints receive, and the event Lambda
// functions receive.
#include <optional>
#include <string>
#include <string_view>

#include "eddy/json.hpp"

namespace eddy::services::sns {

struct Notification {
  std::string type = "Notification";  // or SubscriptionConfirmation, UnsubscribeConfirmation
  std::string message_id;
  std::string topic_arn;
  std::optional<std::string> subject;
  std::string message;    // for one protocol: MessageStructure=json is resolved already
  std::string timestamp;  // 2026-11-26T23:00:17.123Z
  json message_attributes = json::object();    // envelope form: {"name": {"Type", "Value"}}
  std::optional<std::string> sequence_number;  // FIFO topics: these carry no signature
  std::string token;                           // confirmations
  std::string base_url;  // "http://<Host>": where SubscribeURL and friends point
  int signature_version = 1;

  bool is_notification() const { return type == "Notification"; }
  bool signed_() const { return !sequence_number.has_value(); }
  // The string SNS signs: "Key\nValue\n" for the documented keys, in order.
  std::string canonical_string() const;
  std::string subscribe_url() const;
  std::string unsubscribe_url(std::string_view subscription_arn) const;
  std::string signing_cert_url() const;

  // For the delivery outbox.
  json to_json() const;
  static Notification from_json(const json& value);
};

// The JSON envelope, pre-rendered once per message: subscriptions of one message differ only in
// their UnsubscribeURL.
class Envelope {
 public:
  // `signature` is required for a signed notification (see Notification::signed_()).
  Envelope(const Notification& notification, const std::string& signature);
  std::string render(std::string_view subscription_arn) const;

 private:
  const Notification& notification_;
  std::string head_;
  std::string tail_;
};

// {"Records": [{"EventSource": "aws:sns", ..., "Sns": {...}}]} for a Lambda subscription.
// Lambda events always say SignatureVersion "1": `signature` must be a version 1 signature.
std::string lambda_event(const Notification& notification, std::string_view subscription_arn,
                         const std::string& signature);

}  // namespace eddy::services::sns
