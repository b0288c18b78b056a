#pragma once
// Amazon SQS: queues, messages, dead-letter queues and message moves.
#include <optional>
#include <string>

#include "services/service.hpp"
#include "services/service_context.hpp"

namespace eddy::services::sqs {

// A message another service puts on a queue in-process (SNS delivery, dead-letter moves).
struct OutgoingMessage {
  std::string body;
  // SQS's JSON shape: {"name": {"DataType": "String", "StringValue": "..."}}
  json message_attributes = json::object();
  std::optional<std::string> message_group_id;
  std::optional<std::string> message_deduplication_id;
  std::string sender_id;  // the SenderId attribute receivers see
};

struct EnqueueResult {
  std::string message_id;
  std::optional<std::string> sequence_number;  // FIFO queues
};

class SqsService final : public Service {
 public:
  explicit SqsService(const ServiceContext& context);
  ~SqsService() override;

  const protocol::ServiceDescription& description() const override;
  Awaitable<json> call(const Call& call) override;
  void start() override;

  // Puts a message on the queue named by `queue_arn`, validated as SendMessage validates it.
  // The caller holds the store lock and may be inside its own transaction (the message commits
  // with it). Throws AwsError: QueueDoesNotExist, InvalidParameterValue ...
  EnqueueResult enqueue(const std::string& queue_arn, const OutgoingMessage& message);

 private:
  ServiceContext context_;
};

}  // namespace eddy::services::sqs
