#pragma once
// Amazon SQS: queues, messages, dead-letter queues and message moves.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "services/service.hpp"
#include "services/service_context.hpp"
#include "services/sqs/message_draft.hpp"
#include "services/sqs/queue.hpp"
#include "services/sqs/queue_catalog.hpp"
#include "services/sqs/sqs_api.hpp"

namespace eddy::services::sqs {

namespace message_table {
struct MessageRow;
struct Unlisted;
}  // namespace message_table

class SqsService final : public Service, public SqsApi {
 public:
  explicit SqsService(const ServiceContext& context);
  ~SqsService() override;

  const protocol::ServiceDescription& description() const override;
  Awaitable<json> call(const Call& call) override;
  void prepare(store::Database& db) override;
  void start() override;
  void reset(store::Database& db) override;

  // The in-process API (sqs_api.hpp; sqs_api.cpp).
  Awaitable<EnqueueResult> send(std::string queue_arn, OutgoingMessage message) override;
  Awaitable<std::vector<ReceivedMessage>> receive(std::string queue_arn,
                                                  ReceiveRequest request) override;
  Awaitable<void> delete_message(std::string queue_arn, std::string receipt_handle) override;
  Awaitable<void> change_visibility(std::string queue_arn, std::string receipt_handle,
                                    std::int64_t visibility_timeout_seconds) override;
  Awaitable<std::vector<std::optional<AwsError>>> delete_messages(
      std::string queue_arn, std::vector<std::string> receipt_handles) override;
  EnqueueResult enqueue(const std::string& queue_arn, MessageDraft draft) override;

 private:
  static const OperationTable<SqsService>& operations();

  // Queues (queue_operations.cpp)
  Awaitable<json> CreateQueue(const Call& call);
  json GetQueueUrl(const Call& call);
  json ListQueues(const Call& call);
  Awaitable<json> DeleteQueue(const Call& call);
  Awaitable<json> PurgeQueue(const Call& call);
  json ListDeadLetterSourceQueues(const Call& call);
  // Queue attributes, tags and permissions (queue_settings_operations.cpp)
  json GetQueueAttributes(const Call& call);
  Awaitable<json> SetQueueAttributes(const Call& call);
  Awaitable<json> TagQueue(const Call& call);
  Awaitable<json> UntagQueue(const Call& call);
  json ListQueueTags(const Call& call);
  Awaitable<json> AddPermission(const Call& call);
  Awaitable<json> RemovePermission(const Call& call);
  // Messages (message_operations.cpp)
  Awaitable<json> SendMessage(const Call& call);
  Awaitable<json> SendMessageBatch(const Call& call);
  Awaitable<json> DeleteMessage(const Call& call);
  Awaitable<json> DeleteMessageBatch(const Call& call);
  Awaitable<json> ChangeMessageVisibility(const Call& call);
  Awaitable<json> ChangeMessageVisibilityBatch(const Call& call);
  // A batch request on one queue, read from `input`, in one store write: its entries checked,
  // then `each` run on each entry in its own savepoint (batch_entries::apply).
  using BatchEntryWrite = std::function<json(const Queue&, const json& entry, std::int64_t now)>;
  Awaitable<json> batch_write(const Call& call, const json& input, std::string_view entry_name,
                              const BatchEntryWrite& each);
  // Receiving (receive_operation.cpp)
  Awaitable<json> ReceiveMessage(const Call& call);
  // Message move tasks (move_task_operations.cpp)
  Awaitable<json> StartMessageMoveTask(const Call& call);
  Awaitable<json> CancelMessageMoveTask(const Call& call);
  json ListMessageMoveTasks(const Call& call);

  std::int64_t now_ms() const { return context_.clock.now_ms(); }
  // Wakes the long polls waiting on `wake_key` once the current transaction commits.
  void wake_after_commit(const std::string& wake_key);
  // The queue a request's QueueUrl (or, for old query clients, its path) names. Lock held.
  QueuePtr queue_for(const Call& call) const;
  // The same for a request's input parsed from Call::json_text.
  QueuePtr queue_for(const Call& call, const json& input) const;
  // The queue a QueueUrl read from the request's text names; empty is a missing QueueUrl.
  QueuePtr queue_named(const Call& call, std::string_view url) const;
  QueuePtr queue_at_url(const Call& call, std::string_view url) const;
  // The queue an in-process caller names; throws QueueDoesNotExist. Lock held.
  QueuePtr queue_at_arn(std::string_view arn) const;

  // Stores a checked message: FIFO deduplication, the insert, and a wake-up for long polls.
  // Inside a store write, as are the two below. `list_later`: see message_table::insert.
  EnqueueResult put(const Queue& queue, MessageDraft& draft, std::int64_t now,
                    std::vector<message_table::Unlisted>* list_later = nullptr);
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
  // What one receive took inside its store write (receive_operation.cpp).
  struct ReceiveBatch;
  // One receive attempt without waiting; maybe none. Inside a store write.
  ReceiveBatch receive_now(const ReceiveRequest& request, const QueuePtr& queue, std::int64_t now);
  // Receives from the queue `find_queue` names (called inside the first store write), waiting up
  // to the request's wait for a message: ReceiveMessage and receive() both.
  Awaitable<std::vector<ReceivedMessage>> receive_waiting(std::function<QueuePtr()> find_queue,
                                                          const ReceiveRequest& request);

  // Background work on the scheduler.
  Awaitable<std::optional<TimePoint>> sweep_expired();
  Awaitable<std::optional<TimePoint>> run_move_tasks();

  ServiceContext context_;
  QueueCatalog catalog_;
};

}  // namespace eddy::services::sqs
