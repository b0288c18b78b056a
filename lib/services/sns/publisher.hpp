#pragma once
// Fan-out of published messages to a topic's subscriptions. Matching, rendering and signing happen
// before the store lock is taken; then one transaction puts the messages on their SQS queues (or
// their dead-letter queues), writes HTTP/S and Lambda deliveries to the outbox and, on FIFO topics,
// records sequence numbers and deduplication ids.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "eddy/json.hpp"
#include "services/service_context.hpp"
#include "services/sns/sns_model.hpp"
#include "services/sqs/sqs_service.hpp"

namespace eddy::services::sns {

class MessageSigner;

// One validated message of a Publish or PublishBatch.
struct PublishRequest {
  std::string message;
  std::optional<json> per_protocol;  // MessageStructure=json: {"default": ..., "sqs": ...}
  std::optional<std::string> subject;
  json attributes = json::object();  // SNS's shape, validated
  std::optional<std::string> message_group_id;
  std::optional<std::string> message_deduplication_id;

  // The message a subscription of `protocol` receives.
  const std::string& content_for(std::string_view protocol) const;
};

struct PublishResult {
  std::string message_id;
  std::optional<std::string> sequence_number;  // FIFO topics
};

class Publisher {
 public:
  Publisher(const ServiceContext& context, sqs::SqsService& sqs, MessageSigner& signer,
            std::function<void()> outbox_written);

  // Delivers `requests` to `topic`'s confirmed, matching subscriptions in one transaction.
  // Takes the store lock: callers must not hold it. `base_url` is "http://<Host>".
  std::vector<PublishResult> publish(const Topic& topic,
                                     const std::vector<PublishRequest>& requests,
                                     const std::string& base_url);

 private:
  struct Prepared;
  void prepare_sqs(Prepared& prepared, const Topic& topic) const;
  void deliver(const Prepared& prepared);

  ServiceContext context_;
  sqs::SqsService& sqs_;
  MessageSigner& signer_;
  std::function<void()> outbox_written_;
};

// SNS's SenderId on the messages it puts on SQS queues.
inline constexpr std::string_view kSnsSenderId = "AIDAIT2UOQQY3AUEKVGXU";

}  // namespace eddy::services::sns
