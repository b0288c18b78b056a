// Messages in and out by handle: SendMessage(+Batch), DeleteMessage(+Batch),
// ChangeMessageVisibility(+Batch).
#include "core/input.hpp"
#include "protocol/preserialized_json.hpp"
#include "services/sqs/answer_text.hpp"
#include "services/sqs/batch_entries.hpp"
#include "services/sqs/form_requests.hpp"
#include "services/sqs/message_attributes.hpp"
#include "services/sqs/message_draft.hpp"
#include "services/sqs/message_table.hpp"
#include "services/sqs/receipt_handle.hpp"
#include "services/sqs/request_params.hpp"
#include "services/sqs/sqs_errors.hpp"
#include "services/sqs/sqs_service.hpp"
#include "services/sqs/text_requests.hpp"

namespace eddy::services::sqs {
namespace {

constexpr std::size_t kBatchSizeLimit = 1048576;
constexpr std::int64_t kMaxVisibilityTimeout = 43200;

json send_result(const MessageDraft& draft, const EnqueueResult& result) {
  json out = {{"MessageId", result.message_id}, {"MD5OfMessageBody", draft.body_md5}};
  if (!draft.attributes_md5.empty()) out["MD5OfMessageAttributes"] = draft.attributes_md5;
  if (!draft.system_md5.empty()) out["MD5OfMessageSystemAttributes"] = draft.system_md5;
  if (result.sequence_number) out["SequenceNumber"] = *result.sequence_number;
  return out;
}

// What an entry counts toward the batch limit, before any of it is validated.
std::size_t raw_entry_size(const json& entry) {
  std::size_t total = 0;
  if (const json* body = eddy::input::member(entry, "MessageBody"))
    total += eddy::input::text(*body).size();
  if (const json* attributes = eddy::input::member(entry, "MessageAttributes");
      attributes && attributes->is_object()) {
    for (const auto& [name, value] : attributes->items()) {
      total += name.size();
      if (!value.is_object()) continue;
      for (const char* member : {"DataType", "StringValue", "BinaryValue"})
        if (const json* part = eddy::input::member(value, member))
          total += eddy::input::text(*part).size();
    }
  }
  return total;
}

// FIFO rules a whole SendMessageBatch fails on, rather than one entry.
void check_fifo_batch(const Queue& queue, const json& entries) {
  if (!queue.fifo) return;
  for (const auto& entry : entries) {
    if (!eddy::input::member(entry, "MessageGroupId"))
      throw errors::invalid_parameter_value(
          "The request must contain the parameter MessageGroupId.");
    if (!eddy::input::member(entry, "MessageDeduplicationId") &&
        !queue.settings.content_based_deduplication)
      throw errors::invalid_parameter_value(
          "The queue should either have ContentBasedDeduplication enabled or "
          "MessageDeduplicationId provided explicitly");
  }
}

AwsError handle_not_available(const std::string& handle) {
  return errors::invalid_parameter(
      handle, "ReceiptHandle",
      "Message does not exist or is not available for visibility timeout change.");
}

AwsError handle_expired(const std::string& handle) {
  return errors::invalid_parameter(handle, "ReceiptHandle", "The receipt handle has expired.");
}

ReceiptHandle decode_for(const Queue& queue, const std::string& text) {
  auto handle = decode_receipt_handle(text);
  if (!handle || handle->queue_id != queue.id) throw errors::receipt_handle_invalid(text);
  return *handle;
}

// Standard queues accept any handle the message was received with; FIFO queues only the one of
// its current receive, while that receive's visibility lasts.
bool handle_is_current(const Queue& queue, const message_table::MessageRow& row,
                       const ReceiptHandle& handle, std::int64_t now) {
  if (!queue.fifo) return true;
  return row.token == handle.token && row.visible_at > now;
}

}  // namespace

Awaitable<json> SqsService::SendMessage(const Call& call) {
  TextOrJson<SendMessageText> request(call, read_send_message_text, read_send_message_form,
                                      description());
  MessageDraft draft = request.text ? MessageDraft::from_text(*request.text, call.account)
                                    : MessageDraft::from_request(request.input(), call.account);
  EnqueueResult result = co_await context_.store.write([&](store::Database&) {
    QueuePtr queue = request.text ? queue_named(call, request.text->queue_url)
                                  : queue_for(call, request.input());
    draft.check_for(*queue);
    return put(*queue, draft, now_ms());
  });
  // As text whatever the protocol: the query protocol writes its XML straight from it, and an
  // in-process caller gets it parsed back.
  co_return protocol::preserialized_json(send_answer_text(draft, result));
}

Awaitable<json> SqsService::batch_run(const Call& call, std::string_view entry_name,
                                      const BatchCheck& check_whole, const BatchRun& run) {
  json entries = params::entry_list(call.input, "Entries");
  co_return co_await context_.store.write([&](store::Database& db) {
    QueuePtr queue = queue_for(call);
    batch_entries::check(entries, entry_name);
    if (check_whole) check_whole(*queue, entries);
    return run(db, *queue, entries, now_ms());
  });
}

Awaitable<json> SqsService::batch_write(const Call& call, std::string_view entry_name,
                                        const BatchEntryWrite& each,
                                        const BatchCheck& check_whole) {
  co_return co_await batch_run(
      call, entry_name, check_whole,
      [&](store::Database& db, const Queue& queue, const json& entries, std::int64_t now) {
        return batch_entries::apply(db, entries,
                                    [&](const json& entry) { return each(queue, entry, now); });
      });
}

Awaitable<json> SqsService::SendMessageBatch(const Call& call) {
  auto check_whole = [](const Queue& queue, const json& entries) {
    check_fifo_batch(queue, entries);
    std::size_t total = 0;
    for (const auto& entry : entries) total += raw_entry_size(entry);
    if (total > kBatchSizeLimit) throw errors::batch_request_too_long(kBatchSizeLimit, total);
  };
  auto run = [&](store::Database& db, const Queue& queue, const json& entries,
                 std::int64_t now) -> json {
    struct Sent {
      MessageDraft draft;
      EnqueueResult result;
    };
    std::vector<std::optional<Sent>> sent(entries.size());
    // The entries' messages go onto their visibility list together, once all are stored. An
    // entry undone after its insert leaves its row id listed: lists may name rows gone (or the
    // next entry's, which takes the same id), as deletes leave them.
    std::vector<message_table::Unlisted> unlisted;
    auto outcomes = batch_entries::each_in_savepoint(db, entries.size(), [&](std::size_t i) {
      MessageDraft draft = MessageDraft::from_request(entries[i], call.account);
      draft.check_for(queue);
      EnqueueResult result = put(queue, draft, now, &unlisted);
      sent[i].emplace(Sent{std::move(draft), std::move(result)});
    });
    message_table::list(db, queue, unlisted);
    if (call.answers_json_text)
      return protocol::preserialized_json(
          batch_entries::answer_text(entries, outcomes, [&](std::size_t i, std::string& out) {
            append_send_members(out, sent[i]->draft, sent[i]->result);
          }));
    return batch_entries::answer(entries, outcomes, [&](std::size_t i) {
      return send_result(sent[i]->draft, sent[i]->result);
    });
  };
  co_return co_await batch_run(call, "SendMessageBatchRequestEntry", check_whole, run);
}

Awaitable<json> SqsService::DeleteMessage(const Call& call) {
  TextOrJson<DeleteMessageText> request(call, read_delete_message_text);
  std::string handle;
  if (!request.text) {
    handle = params::required_string(request.input(), "ReceiptHandle");
  } else if (request.text->receipt_handle.empty()) {
    throw errors::missing_parameter("ReceiptHandle");
  } else {
    handle = std::move(request.text->receipt_handle);
  }
  co_return co_await context_.store.write([&](store::Database&) {
    QueuePtr queue = request.text ? queue_named(call, request.text->queue_url)
                                  : queue_for(call, request.input());
    delete_by_handle(*queue, handle, now_ms());
    return json::object();
  });
}

Awaitable<json> SqsService::DeleteMessageBatch(const Call& call) {
  co_return co_await batch_write(call, "DeleteMessageBatchRequestEntry",
                                 [&](const Queue& queue, const json& entry, std::int64_t now) {
                                   delete_by_handle(
                                       queue, params::required_string(entry, "ReceiptHandle"), now);
                                   return json::object();
                                 });
}

Awaitable<json> SqsService::ChangeMessageVisibility(const Call& call) {
  std::string text = params::required_string(call.input, "ReceiptHandle");
  if (!eddy::input::member(call.input, "VisibilityTimeout"))
    throw errors::missing_parameter("VisibilityTimeout");
  auto timeout =
      *params::optional_integer(call.input, "VisibilityTimeout", 0, kMaxVisibilityTimeout,
                                "Must be between 0 and 43200, if provided.");
  co_return co_await context_.store.write([&](store::Database&) {
    change_visibility(*queue_for(call), text, timeout, now_ms());
    return json::object();
  });
}

Awaitable<json> SqsService::ChangeMessageVisibilityBatch(const Call& call) {
  co_return co_await batch_write(call, "ChangeMessageVisibilityBatchRequestEntry",
                                 [&](const Queue& queue, const json& entry, std::int64_t now) {
                                   std::string text =
                                       params::required_string(entry, "ReceiptHandle");
                                   auto timeout = params::optional_integer(
                                       entry, "VisibilityTimeout", 0, kMaxVisibilityTimeout,
                                       "Must be between 0 and 43200, if provided.");
                                   change_visibility(queue, text, timeout.value_or(0), now);
                                   return json::object();
                                 });
}

void SqsService::delete_by_handle(const Queue& queue, const std::string& text, std::int64_t now) {
  ReceiptHandle handle = decode_for(queue, text);
  auto& db = context_.store.db();
  auto row = message_table::find(db, queue.id, handle.row_id);
  // Already deleted (its row may since hold another message): deleting again succeeds.
  if (!row || message_tag(row->message_id) != handle.message_tag) return;
  if (!handle_is_current(queue, *row, handle, now)) throw handle_expired(text);
  message_table::remove(db, queue, *row);
  // In a FIFO queue the next message of the group may now be deliverable.
  if (queue.fifo) wake_after_commit(queue.wake_key);
}

void SqsService::change_visibility(const Queue& queue, const std::string& text,
                                   std::int64_t timeout, std::int64_t now) {
  if (timeout < 0 || timeout > kMaxVisibilityTimeout)
    throw errors::invalid_parameter(std::to_string(timeout), "VisibilityTimeout",
                                    "Must be between 0 and 43200, if provided.");
  ReceiptHandle handle = decode_for(queue, text);
  auto& db = context_.store.db();
  auto row = message_table::find(db, queue.id, handle.row_id);
  if (!row || message_tag(row->message_id) != handle.message_tag ||
      (queue.fifo && row->token != handle.token))
    throw handle_not_available(text);
  if (row->visible_at <= now || row->receive_count == 0) throw errors::message_not_inflight();
  std::int64_t received = row->last_receive_ms.value_or(now);
  if (now + timeout * 1000 - received > kMaxVisibilityTimeout * 1000)
    throw errors::invalid_parameter(std::to_string(timeout), "VisibilityTimeout",
                                    "Total VisibilityTimeout for the message is beyond the limit "
                                    "[43200 seconds]");
  message_table::set_visible_at(db, queue, *row, now + timeout * 1000);
  if (timeout == 0) wake_after_commit(queue.wake_key);
}

}  // namespace eddy::services::sqs
