// The in-process API (sqs_api.hpp): each call one store write around the code the protocol's
// operations run. receive() lives with ReceiveMessage in receive_operation.cpp.
#include "services/sqs/batch_entries.hpp"
#include "services/sqs/sqs_errors.hpp"
#include "services/sqs/sqs_service.hpp"
#include "store/transaction.hpp"

namespace eddy::services::sqs {

MessageDraft SqsApi::draft(const OutgoingMessage& message) {
  return draft(message, message.message_attributes);
}

MessageDraft SqsApi::draft(const OutgoingMessage& message, const json& attributes) {
  return MessageDraft::from_parts(message.body, attributes, message.message_group_id,
                                  message.message_deduplication_id, message.sender_id);
}

QueuePtr SqsService::queue_at_arn(std::string_view arn) const {
  QueuePtr queue = catalog_.find_by_arn(arn);
  if (!queue) throw errors::queue_does_not_exist();
  return queue;
}

EnqueueResult SqsService::enqueue(const std::string& queue_arn, MessageDraft draft) {
  QueuePtr queue = queue_at_arn(queue_arn);
  draft.check_for(*queue);
  // A standard queue's message is one INSERT, which SQLite undoes by itself if it fails. A FIFO
  // queue's is several statements (deduplication, sequence number, group): a savepoint, so one
  // that fails half-way leaves the caller's other writes alone.
  if (!queue->fifo) return put(*queue, draft, now_ms());
  store::Transaction one(context_.store.db());
  EnqueueResult result = put(*queue, draft, now_ms());
  one.commit();
  return result;
}

Awaitable<EnqueueResult> SqsService::send(std::string queue_arn, OutgoingMessage message) {
  MessageDraft checked = draft(message);
  co_return co_await context_.store.write(
      [&](store::Database&) { return enqueue(queue_arn, std::move(checked)); });
}

Awaitable<void> SqsService::delete_message(std::string queue_arn, std::string receipt_handle) {
  co_await context_.store.write([&](store::Database&) {
    delete_by_handle(*queue_at_arn(queue_arn), receipt_handle, now_ms());
  });
}

Awaitable<void> SqsService::change_visibility(std::string queue_arn, std::string receipt_handle,
                                              std::int64_t visibility_timeout_seconds) {
  co_await context_.store.write([&](store::Database&) {
    change_visibility(*queue_at_arn(queue_arn), receipt_handle, visibility_timeout_seconds,
                      now_ms());
  });
}

Awaitable<std::vector<std::optional<AwsError>>> SqsService::delete_messages(
    std::string queue_arn, std::vector<std::string> receipt_handles) {
  co_return co_await context_.store.write([&](store::Database& db) {
    QueuePtr queue = queue_at_arn(queue_arn);
    std::int64_t now = now_ms();
    return batch_entries::each_in_savepoint(db, receipt_handles.size(), [&](std::size_t i) {
      delete_by_handle(*queue, receipt_handles[i], now);
    });
  });
}

}  // namespace eddy::services::sqs
