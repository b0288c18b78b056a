// Messages in and out by handle: SendMessage(+Batch), DeleteMessage(+Batch),
// ChangeMessageVisibility(+Batch).
#include <exception>
#include <variant>

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

// What SendMessageBatch checks of the batch as a whole, read from each entry before any of it is
// validated: what it counts toward the batch limit, and whether it names a group and a
// deduplication id.
struct BatchEntryFacts {
  std::size_t raw_size = 0;
  bool has_group = false;
  bool has_dedup = false;
};

BatchEntryFacts facts_of(const json& entry) {
  BatchEntryFacts facts;
  if (const json* body = eddy::input::member(entry, "MessageBody"))
    facts.raw_size += eddy::input::text(*body).size();
  if (const json* attributes = eddy::input::member(entry, "MessageAttributes");
      attributes && attributes->is_object()) {
    for (const auto& [name, value] : attributes->items()) {
      facts.raw_size += name.size();
      if (!value.is_object()) continue;
      for (const char* member : {"DataType", "StringValue", "BinaryValue"})
        if (const json* part = eddy::input::member(value, member))
          facts.raw_size += eddy::input::text(*part).size();
    }
  }
  facts.has_group = eddy::input::member(entry, "MessageGroupId") != nullptr;
  facts.has_dedup = eddy::input::member(entry, "MessageDeduplicationId") != nullptr;
  return facts;
}

// The same from an entry read as text, which has no nulls and only string attribute parts.
BatchEntryFacts facts_of(const SendMessageText& entry) {
  BatchEntryFacts facts;
  facts.raw_size = entry.body.size();
  for (const auto& attribute : entry.attributes)
    facts.raw_size += attribute.name.size() + attribute.data_type.size() +
                      attribute.string_value.size() + attribute.binary_value.size();
  facts.has_group = entry.group_id.has_value();
  facts.has_dedup = entry.dedup_id.has_value();
  return facts;
}

// The FIFO rules a whole SendMessageBatch fails on, rather than one entry, then its size.
void check_send_batch(const Queue& queue, const std::vector<BatchEntryFacts>& entries) {
  if (queue.fifo) {
    for (const auto& entry : entries) {
      if (!entry.has_group)
        throw errors::invalid_parameter_value(
            "The request must contain the parameter MessageGroupId.");
      if (!entry.has_dedup && !queue.settings.content_based_deduplication)
        throw errors::invalid_parameter_value(
            "The queue should either have ContentBasedDeduplication enabled or "
            "MessageDeduplicationId provided explicitly");
    }
  }
  std::size_t total = 0;
  for (const auto& entry : entries) total += entry.raw_size;
  if (total > kBatchSizeLimit) throw errors::batch_request_too_long(kBatchSizeLimit, total);
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

Awaitable<json> SqsService::batch_write(const Call& call, const json& input,
                                        std::string_view entry_name, const BatchEntryWrite& each) {
  json entries = params::entry_list(input, "Entries");
  co_return co_await context_.store.write([&](store::Database& db) {
    QueuePtr queue = queue_for(call, input);
    auto ids = batch_entries::check(entries, entry_name);
    std::int64_t now = now_ms();
    return batch_entries::apply(db, ids, entries,
                                [&](const json& entry) { return each(*queue, entry, now); });
  });
}

Awaitable<json> SqsService::SendMessageBatch(const Call& call) {
  // Over the JSON protocol the request is read from its text when the reader takes it (no json
  // value of it), and each entry's draft made as SendMessage's; otherwise from json.
  TextOrJson<SendMessageBatchText> request(call, read_send_message_batch_text);
  auto& text = request.text;
  const json& given = request.input();
  json entries = text ? json() : params::entry_list(given, "Entries");
  std::size_t count = text ? text->entries.size() : entries.size();
  // What the batch is checked on, and each entry's draft (or what making it threw), are made
  // before the write, outside the store lock; the checks and each entry's outcome come in the
  // write, in the json path's order.
  std::vector<BatchEntryFacts> facts;
  std::vector<std::variant<MessageDraft, std::exception_ptr>> drafts;
  for (std::size_t i = 0; i < count; ++i) {
    facts.push_back(text ? facts_of(text->entries[i].message) : facts_of(entries[i]));
    try {
      drafts.emplace_back(text ? MessageDraft::from_text(text->entries[i].message, call.account)
                               : MessageDraft::from_request(entries[i], call.account));
    } catch (...) {
      drafts.emplace_back(std::current_exception());
    }
  }
  co_return co_await context_.store.write([&](store::Database& db) -> json {
    QueuePtr queue = text ? queue_named(call, text->queue_url) : queue_for(call, given);
    std::vector<std::string> ids;
    if (text) {
      for (const auto& entry : text->entries) ids.push_back(entry.id);
      batch_entries::check_ids(ids, "SendMessageBatchRequestEntry");
    } else {
      ids = batch_entries::check(entries, "SendMessageBatchRequestEntry");
    }
    check_send_batch(*queue, facts);
    std::int64_t now = now_ms();
    std::vector<std::optional<EnqueueResult>> results(count);
    // The entries' messages go onto their visibility list together, once all are stored. An
    // entry undone after its insert leaves its row id listed: lists may name rows gone (or the
    // next entry's, which takes the same id), as deletes leave them.
    std::vector<message_table::Unlisted> unlisted;
    auto outcomes = batch_entries::each_in_savepoint(db, count, [&](std::size_t i) {
      if (auto* failure = std::get_if<std::exception_ptr>(&drafts[i]))
        std::rethrow_exception(*failure);
      auto& draft = std::get<MessageDraft>(drafts[i]);
      draft.check_for(*queue);
      results[i] = put(*queue, draft, now, &unlisted);
    });
    message_table::list(db, *queue, unlisted);
    auto draft = [&](std::size_t i) -> const MessageDraft& {
      return std::get<MessageDraft>(drafts[i]);
    };
    if (call.answers_json_text)
      return protocol::preserialized_json(
          batch_entries::answer_text(ids, outcomes, [&](std::size_t i, std::string& out) {
            out += ',';
            append_send_members(out, draft(i), *results[i]);
          }));
    return batch_entries::answer(ids, outcomes,
                                 [&](std::size_t i) { return send_result(draft(i), *results[i]); });
  });
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
  // Over the JSON protocol, read from the text when the reader takes it and answered as text.
  TextOrJson<DeleteMessageBatchText> request(call, read_delete_message_batch_text);
  auto& text = request.text;
  if (!text) {
    co_return co_await batch_write(
        call, request.input(), "DeleteMessageBatchRequestEntry",
        [&](const Queue& queue, const json& entry, std::int64_t now) {
          delete_by_handle(queue, params::required_string(entry, "ReceiptHandle"), now);
          return json::object();
        });
  }
  std::vector<std::string> ids;
  for (const auto& entry : text->entries) ids.push_back(entry.id);
  co_return co_await context_.store.write([&](store::Database& db) -> json {
    QueuePtr queue = queue_named(call, text->queue_url);
    batch_entries::check_ids(ids, "DeleteMessageBatchRequestEntry");
    std::int64_t now = now_ms();
    auto outcomes = batch_entries::each_in_savepoint(db, ids.size(), [&](std::size_t i) {
      delete_by_handle(*queue, text->entries[i].receipt_handle, now);
    });
    return protocol::preserialized_json(
        batch_entries::answer_text(ids, outcomes, [](std::size_t, std::string&) {}));
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
  co_return co_await batch_write(call, call.input, "ChangeMessageVisibilityBatchRequestEntry",
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
  auto row = message_table::find_to_delete(db, queue.id, handle.row_id);
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
  std::int64_t visible_at = now + timeout * 1000;
  auto check_limit = [&](std::int64_t received) {
    if (visible_at - received > kMaxVisibilityTimeout * 1000)
      throw errors::invalid_parameter(std::to_string(timeout), "VisibilityTimeout",
                                      "Total VisibilityTimeout for the message is beyond the "
                                      "limit [43200 seconds]");
  };
  if (!queue.fifo) {
    // A standard queue's receive state is on its visibility list. Any handle the message was
    // received with changes its current receive, as DeleteMessage takes any.
    auto row = message_table::find_to_delete(db, queue.id, handle.row_id);
    if (!row || message_tag(row->message_id) != handle.message_tag)
      throw handle_not_available(text);
    auto listing = message_table::find_listing(
        db, queue, *row, {.time = handle.list_time, .list_row = handle.list_row}, now);
    if (!listing || listing->receive_count == 0) throw errors::message_not_inflight();
    check_limit(listing->last_receive_ms == 0 ? now : listing->last_receive_ms);
    message_table::relist(db, queue, *row, *listing, visible_at);
  } else {
    auto row = message_table::find(db, queue.id, handle.row_id);
    if (!row || message_tag(row->message_id) != handle.message_tag || row->token != handle.token)
      throw handle_not_available(text);
    if (row->visible_at <= now || row->receive_count == 0) throw errors::message_not_inflight();
    check_limit(row->last_receive_ms.value_or(now));
    message_table::set_visible_at(db, queue, *row, visible_at);
  }
  if (timeout == 0) wake_after_commit(queue.wake_key);
}

}  // namespace eddy::services::sqs
