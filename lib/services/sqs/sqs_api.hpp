#pragma once
// SQS in-process, for the other services (SNS delivering to queues, Lambda's event-source mappings
// reading them) and for C++ tests: typed messages in and out, no protocol calls. Queues are named
// by ARN. Every call is a write through the store's write path, so what it returns has committed;
// it fails with the AwsError the matching SQS operation answers with. The protocol's operations
// are adapters over the same code.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/asio.hpp"
#include "eddy/aws_error.hpp"
#include "eddy/json.hpp"
#include "services/sqs/message_draft.hpp"

namespace eddy::services::sqs {

// A message put on a queue in-process. (Members default to empty, so a designated initializer may
// name only what it sets.)
struct OutgoingMessage {
  std::string body{};
  // SQS's JSON shape: {"name": {"DataType": "String", "StringValue": "..."}}
  json message_attributes = json::object();
  std::optional<std::string> message_group_id{};
  std::optional<std::string> message_deduplication_id{};
  std::string sender_id{};  // the SenderId attribute receivers see
};

struct EnqueueResult {
  std::string message_id{};
  std::optional<std::string> sequence_number{};  // FIFO queues
};

struct ReceiveRequest {
  std::size_t max_messages = 1;                      // 1 to 10
  std::optional<std::int64_t> visibility_timeout{};  // seconds, 0 to 43200; unset: the queue's
  // How long to wait for a message while none is visible, 0 to 20 seconds; unset: the queue's
  // ReceiveMessageWaitTimeSeconds. The wait holds no thread.
  std::optional<std::int64_t> wait_seconds{};
  std::vector<std::string> attribute_names{};  // "All", "SentTimestamp", "MessageGroupId"...
  std::vector<std::string> message_attribute_names{};  // "All", "name", "prefix.*"
  std::optional<std::string> attempt_id{};             // FIFO: ReceiveRequestAttemptId
};

struct ReceivedMessage {
  std::string message_id{};
  std::string receipt_handle{};
  std::string body{};
  std::string md5_of_body{};
  std::map<std::string, std::string> attributes{};  // the system attributes asked for
  // The ones asked for, in SQS's JSON shape; null (no allocation, ten of them per receive) when
  // none were returned, as md5_of_message_attributes is then empty.
  json message_attributes{};
  std::string md5_of_message_attributes{};
};

class SqsApi {
 public:
  virtual ~SqsApi() = default;

  virtual Awaitable<EnqueueResult> send(std::string queue_arn, OutgoingMessage message) = 0;
  // Empty when no message became visible within the wait.
  virtual Awaitable<std::vector<ReceivedMessage>> receive(std::string queue_arn,
                                                          ReceiveRequest request) = 0;
  virtual Awaitable<void> delete_message(std::string queue_arn, std::string receipt_handle) = 0;
  virtual Awaitable<void> change_visibility(std::string queue_arn, std::string receipt_handle,
                                            std::int64_t visibility_timeout_seconds) = 0;
  // One outcome per handle, in order: nullopt when deleted, else why not. A handle that fails
  // leaves the others deleted.
  virtual Awaitable<std::vector<std::optional<AwsError>>> delete_messages(
      std::string queue_arn, std::vector<std::string> receipt_handles) = 0;

  // For a caller already inside its own store write (SNS: a publish and its deliveries commit
  // together): checks `draft` against the queue and stores it, undoing only itself on an AwsError.
  virtual EnqueueResult enqueue(const std::string& queue_arn, MessageDraft draft) = 0;
  // The checks and digests of a message that do not depend on its queue, made once, without the
  // store lock, for a message going to many queues.
  static MessageDraft draft(const OutgoingMessage& message);
  // The same with `attributes` (SQS's shape) in place of the message's own, which it ignores: for
  // a caller holding them already, without a copy into the message.
  static MessageDraft draft(const OutgoingMessage& message, const json& attributes);
};

}  // namespace eddy::services::sqs
