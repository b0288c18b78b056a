#pragma once
// Amazon SQS: queues, messages, dead-letter queues and message moves.
#include <optional>
#include <string>
#include <vector>

#include "services/service.hpp"
#include "services/service_context.hpp"
#include "services/sqs/group_commit.hpp"
#include "services/sqs/message_draft.hpp"
#include "services/sqs/queue.hpp"
#include "services/sqs/queue_catalog.hpp"

namespace eddy::services::sqs {

struct ReceiveOptions;
namespace message_table {
struct MessageRow;
}

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
  void reset(store::Database& db) override;

  // Puts a message on the queue named by `queue_arn`, validated as SendMessage validates it.
  // The caller holds the store lock and may be inside its own transaction (the message commits
  // with it). Throws AwsError: QueueDoesNotExist, InvalidParameterValue ...
  EnqueueResult enqueue(const std::string& queue_arn, const OutgoingMessage& message);
  // The same in two halves, for a caller putting one message on many queues: draft() makes the
  // checks and digests that do not depend on the queue, once and without the store lock; the
  // enqueue() of a draft adds the queue's own checks.
  static MessageDraft draft(const OutgoingMessage& message);
  EnqueueResult enqueue(const std::string& queue_arn, MessageDraft draft);

 private:
  static const OperationTable<SqsService>& operations();

  // Queues (queue_operations.cpp)
  json CreateQueue(const Call& call);
  json GetQueueUrl(const Call& call);
  json ListQueues(const Call& call);
  json DeleteQueue(const Call& call);
  json PurgeQueue(const Call& call);
  json ListDeadLetterSourceQueues(const Call& call);
  // Queue attributes, tags and permissions (queue_settings_operations.cpp)
  json GetQueueAttributes(const Call& call);
  json SetQueueAttributes(const Call& call);
  json TagQueue(const Call& call);
  json UntagQueue(const Call& call);
  json ListQueueTags(const Call& call);
  json AddPermission(const Call& call);
  json RemovePermission(const Call& call);
  // Messages (message_operations.cpp)
  Awaitable<json> SendMessage(const Call& call);
  Awaitable<json> SendMessageBatch(const Call& call);
  Awaitable<json> DeleteMessage(const Call& call);
  Awaitable<json> DeleteMessageBatch(const Call& call);
  Awaitable<json> ChangeMessageVisibility(const Call& call);
  Awaitable<json> ChangeMessageVisibilityBatch(const Call& call);
  // Receiving (receive_operation.cpp)
  Awaitable<json> ReceiveMessage(const Call& call);
  // Message move tasks (move_task_operations.cpp)
  json StartMessageMoveTask(const Call& call);
  json CancelMessageMoveTask(const Call& call);
  json ListMessageMoveTasks(const Call& call);

  std::int64_t now_ms() const { return context_.clock.now_ms(); }
  // Wakes the long polls waiting on `wake_key` once the current transaction commits.
  void wake_after_commit(const std::string& wake_key);
  // The queue a request's QueueUrl (or, for old query clients, its path) names. Lock held.
  QueuePtr queue_for(const Call& call) const;
  QueuePtr queue_at_url(const Call& call, std::string_view url) const;
  QueuePtr queue_at_arn(std::string_view arn) const { return catalog_.find_by_arn(arn); }

  // Stores a checked message: FIFO deduplication, the insert, and a wake-up for long polls.
  // Lock held; inside the caller's transaction if it has one.
  EnqueueResult put(const Queue& queue, MessageDraft& draft, std::int64_t now);
  void delete_by_handle(const Queue& queue, const std::string& handle, std::int64_t now);
  void change_visibility(const Queue& queue, const std::string& handle, std::int64_t timeout,
                         std::int64_t now);
  // Moves a message that exceeded its source's maxReceiveCount into the dead-letter queue;
  // false when that queue no longer exists (the message then stays where it is).
  bool move_to_dead_letter_queue(const Queue& source, const message_table::MessageRow& row,
                                 std::int64_t now);
  // Re-enqueues a message from a dead-letter queue (message move tasks).
  void redrive_message(const Queue& from, const Queue& to, const message_table::MessageRow& row,
                       std::int64_t now);
  // One ReceiveMessage attempt without waiting; an array of messages, maybe empty. Lock held.
  json receive_now(const ReceiveOptions& options, const Queue& queue, std::int64_t now);

  // Background work on the scheduler.
  std::optional<TimePoint> sweep_expired();
  std::optional<TimePoint> run_move_tasks();

  ServiceContext context_;
  QueueCatalog catalog_;
  // Sends, receives, deletes and visibility changes arriving together commit together.
  GroupCommit message_writes_;
};

}  // namespace eddy::services::sqs
