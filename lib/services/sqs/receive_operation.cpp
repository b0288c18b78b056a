// ReceiveMessage: choosing messages (standard: longest visible first; FIFO: by group, in order,
// never past a message in flight), dead-lettering those received too often, and long polling
// that waits on the notifier without holding a thread or the store lock.
#include <algorithm>
#include <map>

#include "core/ids.hpp"
#include "core/input.hpp"
#include "core/time_format.hpp"
#include "protocol/preserialized_json.hpp"
#include "services/fifo.hpp"
#include "services/sqs/answer_text.hpp"
#include "services/sqs/message_attributes.hpp"
#include "services/sqs/message_table.hpp"
#include "services/sqs/receipt_handle.hpp"
#include "services/sqs/request_params.hpp"
#include "services/sqs/sqs_errors.hpp"
#include "services/sqs/sqs_service.hpp"
#include "services/sqs/text_requests.hpp"

namespace eddy::services::sqs {

namespace {

constexpr std::int64_t kAttemptWindowMs = 5 * 60 * 1000;
constexpr std::int64_t kMaxMessages = 10;
constexpr std::int64_t kMaxVisibilityTimeout = 43200;
constexpr std::int64_t kMaxWaitSeconds = 20;
constexpr std::string_view kMaxMessagesReason = "Must be between 1 and 10, if provided.";
constexpr std::string_view kVisibilityReason = "Must be between 0 and 43200, if provided.";
constexpr std::string_view kWaitReason = "Must be >= 0 and <= 20, if provided.";

using message_table::MessageRow;

bool wants(const std::vector<std::string>& names, std::string_view name) {
  return std::any_of(names.begin(), names.end(),
                     [&](const std::string& n) { return n == "All" || n == name; });
}

std::map<std::string, std::string> system_attributes(const Queue& queue, const MessageRow& row,
                                                     const std::vector<std::string>& names) {
  std::map<std::string, std::string> out;
  if (names.empty()) return out;
  if (wants(names, "SenderId")) out["SenderId"] = row.sender_id;
  if (wants(names, "SentTimestamp")) out["SentTimestamp"] = std::to_string(row.sent_ms);
  if (wants(names, "ApproximateReceiveCount"))
    out["ApproximateReceiveCount"] = std::to_string(row.receive_count);
  if (wants(names, "ApproximateFirstReceiveTimestamp"))
    out["ApproximateFirstReceiveTimestamp"] = std::to_string(row.first_receive_ms.value_or(0));
  if (queue.fifo) {
    if (row.sequence_number && wants(names, "SequenceNumber"))
      out["SequenceNumber"] = fifo::format_sequence_number(*row.sequence_number);
    if (row.dedup_id && wants(names, "MessageDeduplicationId"))
      out["MessageDeduplicationId"] = *row.dedup_id;
  }
  if (row.group_id && wants(names, "MessageGroupId")) out["MessageGroupId"] = *row.group_id;
  if (!row.system_json.empty()) {
    json stored = json::parse(row.system_json);
    for (const char* name : {"AWSTraceHeader", "DeadLetterQueueSourceArn"})
      if (stored.contains(name) && wants(names, name)) out[name] = stored[name].get<std::string>();
  }
  return out;
}

// Takes the row's strings: bodies of up to 1 MiB are moved, not copied, on the way out.
ReceivedMessage received(const Queue& queue, MessageRow&& row, std::string receipt_handle,
                         const ReceiveRequest& request) {
  auto attributes = system_attributes(queue, row, request.attribute_names);
  ReceivedMessage message{
      .message_id = std::move(row.message_id),
      .receipt_handle = std::move(receipt_handle),
      .body = std::move(row.body),
      .md5_of_body = std::move(row.body_md5),
      .attributes = std::move(attributes),
  };
  if (!row.attributes_json.empty() && !request.message_attribute_names.empty()) {
    json all = json::parse(row.attributes_json);
    json chosen = message_attributes::select(all, request.message_attribute_names);
    if (!chosen.empty()) {
      message.md5_of_message_attributes =
          chosen.size() == all.size() ? row.attributes_md5 : message_attributes::md5(chosen);
      message.message_attributes = std::move(chosen);
    }
  }
  return message;
}

// A message as ReceiveMessage answers with it; also how a FIFO receive attempt keeps it.
// By value: ReceiveMessage moves its messages in; a FIFO attempt record copies them.
json to_json(ReceivedMessage message) {
  json out = {{"MessageId", std::move(message.message_id)},
              {"ReceiptHandle", std::move(message.receipt_handle)},
              {"MD5OfBody", std::move(message.md5_of_body)},
              {"Body", std::move(message.body)}};
  if (!message.attributes.empty()) out["Attributes"] = std::move(message.attributes);
  if (!message.md5_of_message_attributes.empty()) {
    out["MD5OfMessageAttributes"] = std::move(message.md5_of_message_attributes);
    out["MessageAttributes"] = std::move(message.message_attributes);
  }
  return out;
}

ReceivedMessage from_json(const json& stored) {
  ReceivedMessage message{
      .message_id = stored.at("MessageId"),
      .receipt_handle = stored.at("ReceiptHandle"),
      .body = stored.at("Body"),
      .md5_of_body = stored.at("MD5OfBody"),
  };
  if (auto it = stored.find("Attributes"); it != stored.end())
    message.attributes = it->get<std::map<std::string, std::string>>();
  if (auto it = stored.find("MessageAttributes"); it != stored.end()) {
    message.message_attributes = *it;
    message.md5_of_message_attributes = stored.at("MD5OfMessageAttributes");
  }
  return message;
}

// The rules ReceiveMessage and receive() share.
void check(const ReceiveRequest& request) {
  auto in_range = [](std::int64_t value, std::int64_t max) { return value >= 0 && value <= max; };
  if (request.max_messages < 1 || request.max_messages > static_cast<std::size_t>(kMaxMessages))
    throw errors::invalid_parameter(std::to_string(request.max_messages), "MaxNumberOfMessages",
                                    "Must be between 1 and 10, if provided.");
  if (request.visibility_timeout && !in_range(*request.visibility_timeout, kMaxVisibilityTimeout))
    throw errors::invalid_parameter(std::to_string(*request.visibility_timeout),
                                    "VisibilityTimeout",
                                    "Must be between 0 and 43200, if provided.");
  if (request.wait_seconds && !in_range(*request.wait_seconds, kMaxWaitSeconds))
    throw errors::invalid_parameter(std::to_string(*request.wait_seconds), "WaitTimeSeconds",
                                    "Must be >= 0 and <= 20, if provided.");
  if (request.attempt_id) {
    const auto& id = *request.attempt_id;
    bool ok = !id.empty() && id.size() <= 128 &&
              std::all_of(id.begin(), id.end(), [](char c) { return c > 0x20 && c < 0x7f; });
    if (!ok)
      throw errors::invalid_parameter(id, "ReceiveRequestAttemptId",
                                      "ReceiveRequestAttemptId can only include alphanumeric and "
                                      "punctuation characters. 1 to 128 in length.");
  }
}

ReceiveRequest read_request(const json& input) {
  ReceiveRequest request;
  request.max_messages = static_cast<std::size_t>(
      params::optional_integer(input, "MaxNumberOfMessages", 1, kMaxMessages, kMaxMessagesReason)
          .value_or(1));
  request.visibility_timeout = params::optional_integer(input, "VisibilityTimeout", 0,
                                                        kMaxVisibilityTimeout, kVisibilityReason);
  request.wait_seconds =
      params::optional_integer(input, "WaitTimeSeconds", 0, kMaxWaitSeconds, kWaitReason);
  request.attribute_names = params::string_list(input, "AttributeNames");
  for (auto& name : params::string_list(input, "MessageSystemAttributeNames"))
    request.attribute_names.push_back(std::move(name));
  request.message_attribute_names = params::string_list(input, "MessageAttributeNames");
  request.attempt_id = params::optional_string(input, "ReceiveRequestAttemptId");
  check(request);
  return request;
}

// The same from the request's text, in the same order, with the same errors.
ReceiveRequest read_request(ReceiveMessageText& text) {
  ReceiveRequest request;
  if (text.max_messages)
    request.max_messages = static_cast<std::size_t>(params::integer_in_range(
        *text.max_messages, "MaxNumberOfMessages", 1, kMaxMessages, kMaxMessagesReason));
  if (text.visibility_timeout)
    request.visibility_timeout = params::integer_in_range(
        *text.visibility_timeout, "VisibilityTimeout", 0, kMaxVisibilityTimeout, kVisibilityReason);
  if (text.wait_seconds)
    request.wait_seconds = params::integer_in_range(*text.wait_seconds, "WaitTimeSeconds", 0,
                                                    kMaxWaitSeconds, kWaitReason);
  request.attribute_names = std::move(text.attribute_names);
  for (auto& name : text.system_attribute_names) request.attribute_names.push_back(std::move(name));
  request.message_attribute_names = std::move(text.message_attribute_names);
  request.attempt_id = std::move(text.attempt_id);
  check(request);
  return request;
}

// A retried FIFO receive with the same ReceiveRequestAttemptId gets the same messages and
// receipt handles back, with their visibility timeout restarted, while they are still held.
std::optional<std::vector<ReceivedMessage>> replay_attempt(store::Database& db, const Queue& queue,
                                                           const std::string& attempt_id,
                                                           std::int64_t now,
                                                           std::int64_t visible_at) {
  json stored;
  {
    auto q = db.query(
        "SELECT result FROM sqs_receive_attempts WHERE queue_id = ? AND attempt_id = ? "
        "AND expires_ms > ?");
    q->bind(1, queue.id).bind(2, attempt_id).bind(3, now);
    if (!q->step()) return std::nullopt;
    stored = json::parse(q->text(0));
  }
  std::vector<ReceivedMessage> messages;
  const json& rendered = stored["messages"];
  const json& handles = stored["handles"];
  for (std::size_t i = 0; i < handles.size(); ++i) {
    auto row = message_table::find(db, queue.id, handles[i][0].get<std::int64_t>());
    if (!row || row->token != handles[i][1].get<std::int64_t>()) continue;
    message_table::set_visible_at(db, queue, *row, visible_at);
    messages.push_back(from_json(rendered[i]));
  }
  if (messages.empty()) {
    db.query("DELETE FROM sqs_receive_attempts WHERE queue_id = ? AND attempt_id = ?")
        ->bind(1, queue.id)
        .bind(2, attempt_id)
        .run();
    return std::nullopt;
  }
  return messages;
}

void remember_attempt(store::Database& db, const Queue& queue, const std::string& attempt_id,
                      std::int64_t now, const std::vector<ReceivedMessage>& messages,
                      const json& handles) {
  json rendered = json::array();
  for (const auto& message : messages) rendered.push_back(to_json(message));
  db.query(
        "INSERT INTO sqs_receive_attempts (queue_id, attempt_id, expires_ms, result) "
        "VALUES (?, ?, ?, ?) ON CONFLICT (queue_id, attempt_id) DO UPDATE SET "
        "expires_ms = excluded.expires_ms, result = excluded.result")
      ->bind(1, queue.id)
      .bind(2, attempt_id)
      .bind(3, now + kAttemptWindowMs)
      .bind(4, json{{"messages", rendered}, {"handles", handles}}.dump())
      .run();
}

}  // namespace

// The answer is made once the store is released: only choosing and marking messages holds it.
// A FIFO receive attempt that is replayed or remembered has its answer made inside.
struct SqsService::ReceiveBatch {
  struct Taken {
    MessageRow row;  // as received: count and first receive already updated
    std::int64_t token = 0;
  };
  QueuePtr queue;
  std::vector<Taken> taken;
  std::vector<ReceivedMessage> answered;
  visibility_buckets::Place listed_at;  // a standard queue's: the list its messages went on

  bool empty() const { return taken.empty() && answered.empty(); }

  std::vector<ReceivedMessage> answer(const ReceiveRequest& request) && {
    std::vector<ReceivedMessage> out = std::move(answered);
    out.reserve(out.size() + taken.size());
    for (auto& [row, token] : taken) {
      std::string handle = encode_receipt_handle({.queue_id = queue->id,
                                                  .row_id = row.row_id,
                                                  .token = token,
                                                  .message_tag = message_tag(row.message_id),
                                                  .list_time = listed_at.time,
                                                  .list_row = listed_at.list_row});
      out.push_back(received(*queue, std::move(row), std::move(handle), request));
    }
    return out;
  }
};

SqsService::ReceiveBatch SqsService::receive_now(const ReceiveRequest& request,
                                                 const QueuePtr& queue_ptr, std::int64_t now) {
  const Queue& queue = *queue_ptr;
  ReceiveBatch batch{.queue = queue_ptr, .taken = {}, .answered = {}, .listed_at = {}};
  auto& db = context_.store.db();
  std::int64_t visible_at =
      now + request.visibility_timeout.value_or(queue.settings.visibility_timeout) * 1000;
  std::int64_t expired_before = now - queue.settings.retention_seconds * 1000;
  bool track_attempt = queue.fifo && request.attempt_id;
  if (track_attempt) {
    if (auto replayed = replay_attempt(db, queue, *request.attempt_id, now, visible_at)) {
      batch.answered = std::move(*replayed);
      return batch;
    }
  }

  std::vector<std::int64_t> chosen;  // row ids
  chosen.reserve(request.max_messages);
  batch.taken.reserve(request.max_messages);
  // Expired messages are dropped, and messages past maxReceiveCount go to the dead-letter
  // queue, instead of being delivered.
  auto deliverable = [&](const MessageRow& row) {
    if (row.sent_ms <= expired_before) {
      message_table::remove(db, queue, row);
      return false;
    }
    const auto& redrive = queue.settings.redrive;
    if (redrive && row.receive_count >= redrive->max_receive_count &&
        move_to_dead_letter_queue(queue, row, now))
      return false;
    return true;
  };
  auto new_token = [] { return static_cast<std::int64_t>(ids::random_u64() >> 1); };
  // A standard queue marks each pass's messages received together, under one receipt token (its
  // handles differ by row); a FIFO queue marks each as it goes, its group head with it.
  const std::int64_t pass_token = new_token();
  // Moves the row once more, into the batch: each move of a row is ten or so strings.
  auto take = [&](MessageRow&& row) {
    std::int64_t token = queue.fifo ? new_token() : pass_token;
    if (queue.fifo) message_table::mark_received(db, queue, row, now, visible_at, token);
    row.receive_count += 1;
    if (!row.first_receive_ms) row.first_receive_ms = now;
    chosen.push_back(row.row_id);
    batch.taken.emplace_back(std::move(row), token);
  };

  if (!queue.fifo) {
    // A dead-letter move copies the whole message; an answer with attributes shows them.
    bool bare = !queue.settings.redrive && request.attribute_names.empty() &&
                request.message_attribute_names.empty();
    auto columns = bare ? message_table::ReceiveColumns::bare : message_table::ReceiveColumns::all;
    // Each pass takes the next visible messages; a pass that drops some (expired, or moved to the
    // dead-letter queue) tries again. All are marked at the end, as one list that their receipt
    // handles name: a message marked is listed again under its new visibility, which with a
    // timeout of 0 is now, where a later pass would find it.
    for (int pass = 0; pass < 10 && chosen.size() < request.max_messages; ++pass) {
      auto rows = message_table::visible_to_receive(db, queue, now,
                                                    request.max_messages - chosen.size(), columns);
      bool dropped = false;
      for (auto& row : rows) {
        if (deliverable(row))
          take(std::move(row));
        else
          dropped = true;
      }
      if (!dropped) break;
    }
    if (!chosen.empty()) {
      std::vector<const MessageRow*> rows;
      rows.reserve(batch.taken.size());
      for (const auto& taken : batch.taken) rows.push_back(&taken.row);
      message_table::mark_received(db, queue, rows, now, visible_at);
      batch.listed_at = {.time = visible_at,
                         .list_row = *std::min_element(chosen.begin(), chosen.end())};
    }
  } else {
    // Whole groups, oldest-ready first, each from its head until a message not yet visible.
    auto groups = message_table::ready_groups(db, queue.id, now, request.max_messages + 10);
    for (const auto& group : groups) {
      auto rows = message_table::group_messages(db, queue.id, group,
                                                request.max_messages - chosen.size() + 10);
      for (auto& row : rows) {
        if (row.visible_at > now) break;
        if (!deliverable(row)) continue;
        take(std::move(row));
        if (chosen.size() == request.max_messages) break;
      }
      if (chosen.size() == request.max_messages) break;
    }
  }

  if (visible_at <= now && !chosen.empty()) wake_after_commit(queue.wake_key);
  if (track_attempt && !batch.taken.empty()) {
    // The attempt is stored with its answer, so the answer is made here.
    json handles = json::array();  // [row id, token] of each
    for (const auto& [row, token] : batch.taken) handles.push_back({row.row_id, token});
    batch.answered = std::move(batch).answer(request);
    batch.taken.clear();
    remember_attempt(db, queue, *request.attempt_id, now, batch.answered, handles);
  }
  return batch;
}

Awaitable<std::vector<ReceivedMessage>> SqsService::receive_waiting(
    std::function<QueuePtr()> find_queue, const ReceiveRequest& request) {
  std::optional<std::int64_t> queue_id;
  TimePoint end;
  while (true) {
    std::string wake_key;
    engine::Notifier::Ticket ticket;
    std::optional<std::int64_t> next;
    auto batch = co_await context_.store.write([&](store::Database& db) {
      // The queue may have changed or gone while this receive waited.
      QueuePtr queue = queue_id ? catalog_.find_by_id(*queue_id) : find_queue();
      if (!queue) return ReceiveBatch{};
      if (!queue_id) {
        queue_id = queue->id;
        end = context_.clock.now() + std::chrono::seconds(request.wait_seconds.value_or(
                                         queue->settings.receive_wait_seconds));
      }
      wake_key = queue->wake_key;
      // Taken before looking, so a message sent after the look still ends the wait.
      ticket = context_.notifier.ticket(wake_key);
      std::int64_t now = now_ms();
      auto found = receive_now(request, queue, now);
      if (found.empty()) next = message_table::next_visible_at(db, *queue, now);
      return found;
    });
    if (!batch.empty()) co_return std::move(batch).answer(request);
    if (wake_key.empty() || context_.clock.now() >= end || context_.notifier.stopping())
      co_return std::vector<ReceivedMessage>();
    TimePoint deadline = end;
    if (next) deadline = std::min(deadline, time_format::from_epoch_ms(*next));
    co_await context_.notifier.wait(wake_key, deadline, ticket);
  }
}

Awaitable<std::vector<ReceivedMessage>> SqsService::receive(std::string queue_arn,
                                                            ReceiveRequest request) {
  check(request);
  co_return co_await receive_waiting([&] { return queue_at_arn(queue_arn); }, request);
}

Awaitable<json> SqsService::ReceiveMessage(const Call& call) {
  TextOrJson<ReceiveMessageText> given(call, read_receive_message_text);
  ReceiveRequest request = given.text ? read_request(*given.text) : read_request(given.input());
  auto messages = co_await receive_waiting(
      [&] {
        return given.text ? queue_named(call, given.text->queue_url)
                          : queue_for(call, given.input());
      },
      request);
  if (call.answers_json_text) co_return protocol::preserialized_json(receive_answer_text(messages));
  if (messages.empty()) co_return json::object();
  json out = json::array();
  for (auto& message : messages) out.push_back(to_json(std::move(message)));
  co_return json{{"Messages", std::move(out)}};
}

}  // namespace eddy::services::sqs
