#pragma once
// Fan-out of published messages to a topic's subscriptions. Matching, rendering and signing happen
// outside the store; then one write through the store's write path puts the messages on their SQS
// queues (or their dead-letter queues), writes HTTP/S and Lambda deliveries to the outbox and, on
// FIFO topics, records sequence numbers and deduplication ids.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/asio.hpp"
#include "eddy/json.hpp"
#include "services/service_context.hpp"
#include "services/sns/sns_model.hpp"
#include "services/sqs/sqs_api.hpp"

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
  Publisher(const ServiceContext& context, sqs::SqsApi& sqs, MessageSigner& signer,
            std::function<void()> outbox_written);

  // Delivers `requests` to `topic`'s confirmed, matching subscriptions in one store write, and
  // answers once it has committed. `base_url` is "http://<Host>".
  Awaitable<std::vector<PublishResult>> publish(const Topic& topic,
                                                const std::vector<PublishRequest>& requests,
                                                const std::string& base_url);

 private:
  struct Prepared;
  void prepare_sqs(Prepared& prepared, const Topic& topic) const;
  // The store section of a publish, inside its write.
  void record(store::Database& db, const Topic& topic, std::vector<Prepared>& prepared,
              std::int64_t now_ms);
  void deliver(const Prepared& prepared);

  ServiceContext context_;
  sqs::SqsApi& sqs_;
  MessageSigner& signer_;
  std::function<void()> outbox_written_;
};

// SNS's SenderId on the messages it puts on SQS queues.
inline constexpr std::string_view kSnsSenderId = "AIDAIT2UOQQY3AUEKVGXU";

}  // namespace eddy::services::sns
