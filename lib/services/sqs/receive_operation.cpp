// ReceiveMessage: choosing messages (standard: longest visible first; FIFO: by group, in order,
// never past a message in flight), dead-lettering those received too often, and long polling
// that waits on the notifier without holding a thread or the store lock.
#include <algorithm>

#include "core/ids.hpp"
#include "core/input.hpp"
#include "core/time_format.hpp"
#include "services/sqs/message_attributes.hpp"
#include "services/sqs/message_table.hpp"
#include "services/sqs/receipt_handle.hpp"
#include "services/sqs/request_params.hpp"
#include "services/sqs/sqs_errors.hpp"
#include "services/sqs/sqs_service.hpp"
#include "store/transaction.hpp"

namespace eddy::services::sqs {

struct ReceiveOptions {
  std::size_t max_messages = 1;
  std::optional<std::int64_t> visibility_timeout;
  std::vector<std::string> system_attribute_names;
  std::vector<std::string> attribute_names;
  std::optional<std::string> attempt_id;
};

namespace {

constexpr std::int64_t kAttemptWindowMs = 5 * 60 * 1000;

using message_table::MessageRow;

bool wants(const std::vector<std::string>& names, std::string_view name) {
  return std::any_of(names.begin(), names.end(),
                     [&](const std::string& n) { return n == "All" || n == name; });
}

json system_attributes(const Queue& queue, const MessageRow& row,
                       const std::vector<std::string>& names) {
  json out = json::object();
  if (names.empty()) return out;
  if (wants(names, "SenderId")) out["SenderId"] = row.sender_id;
  if (wants(names, "SentTimestamp")) out["SentTimestamp"] = std::to_string(row.sent_ms);
  if (wants(names, "ApproximateReceiveCount"))
    out["ApproximateReceiveCount"] = std::to_string(row.receive_count);
  if (wants(names, "ApproximateFirstReceiveTimestamp"))
    out["ApproximateFirstReceiveTimestamp"] = std::to_string(row.first_receive_ms.value_or(0));
  if (queue.fifo) {
    if (row.sequence_number && wants(names, "SequenceNumber"))
      out["SequenceNumber"] = message_table::format_sequence_number(*row.sequence_number);
    if (row.dedup_id && wants(names, "MessageDeduplicationId"))
      out["MessageDeduplicationId"] = *row.dedup_id;
  }
  if (row.group_id && wants(names, "MessageGroupId")) out["MessageGroupId"] = *row.group_id;
  if (!row.system_json.empty()) {
    json stored = json::parse(row.system_json);
    for (const char* name : {"AWSTraceHeader", "DeadLetterQueueSourceArn"})
      if (stored.contains(name) && wants(names, name)) out[name] = stored[name];
  }
  return out;
}

json render(const Queue& queue, const MessageRow& row, const std::string& receipt_handle,
            const ReceiveOptions& options) {
  json message = {{"MessageId", row.message_id},
                  {"ReceiptHandle", receipt_handle},
                  {"MD5OfBody", row.body_md5},
                  {"Body", row.body}};
  json attributes = system_attributes(queue, row, options.system_attribute_names);
  if (!attributes.empty()) message["Attributes"] = std::move(attributes);
  if (!row.attributes_json.empty() && !options.attribute_names.empty()) {
    json all = json::parse(row.attributes_json);
    json chosen = message_attributes::select(all, options.attribute_names);
    if (!chosen.empty()) {
      message["MD5OfMessageAttributes"] =
          chosen.size() == all.size() ? row.attributes_md5 : message_attributes::md5(chosen);
      message["MessageAttributes"] = std::move(chosen);
    }
  }
  return message;
}

ReceiveOptions read_options(const json& input) {
  ReceiveOptions options;
  options.max_messages =
      static_cast<std::size_t>(params::optional_integer(input, "MaxNumberOfMessages", 1, 10,
                                                        "Must be between 1 and 10, if provided.")
                                   .value_or(1));
  options.visibility_timeout = params::optional_integer(
      input, "VisibilityTimeout", 0, 43200, "Must be between 0 and 43200, if provided.");
  options.system_attribute_names = params::string_list(input, "AttributeNames");
  for (auto& name : params::string_list(input, "MessageSystemAttributeNames"))
    options.system_attribute_names.push_back(std::move(name));
  options.attribute_names = params::string_list(input, "MessageAttributeNames");
  options.attempt_id = params::optional_string(input, "ReceiveRequestAttemptId");
  if (options.attempt_id) {
    const auto& id = *options.attempt_id;
    bool ok = !id.empty() && id.size() <= 128 &&
              std::all_of(id.begin(), id.end(), [](char c) { return c > 0x20 && c < 0x7f; });
    if (!ok)
      throw errors::invalid_parameter(id, "ReceiveRequestAttemptId",
                                      "ReceiveRequestAttemptId can only include alphanumeric and "
                                      "punctuation characters. 1 to 128 in length.");
  }
  return options;
}

// A retried FIFO receive with the same ReceiveRequestAttemptId gets the same messages and
// receipt handles back, with their visibility timeout restarted, while they are still held.
std::optional<json> replay_attempt(store::Database& db, const Queue& queue,
                                   const std::string& attempt_id, std::int64_t now,
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
  json messages = json::array();
  const json& rendered = stored["messages"];
  const json& handles = stored["handles"];
  for (std::size_t i = 0; i < handles.size(); ++i) {
    auto row = message_table::find(db, queue.id, handles[i][0].get<std::int64_t>());
    if (!row || row->token != handles[i][1].get<std::int64_t>()) continue;
    message_table::set_visible_at(db, queue, *row, visible_at);
    messages.push_back(rendered[i]);
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
                      std::int64_t now, const json& messages, const json& handles) {
  db.query(
        "INSERT INTO sqs_receive_attempts (queue_id, attempt_id, expires_ms, result) "
        "VALUES (?, ?, ?, ?) ON CONFLICT (queue_id, attempt_id) DO UPDATE SET "
        "expires_ms = excluded.expires_ms, result = excluded.result")
      ->bind(1, queue.id)
      .bind(2, attempt_id)
      .bind(3, now + kAttemptWindowMs)
      .bind(4, json{{"messages", messages}, {"handles", handles}}.dump())
      .run();
}

}  // namespace

json SqsService::receive_now(const ReceiveOptions& options, const Queue& queue, std::int64_t now) {
  auto& db = context_.store.db();
  std::int64_t visible_at =
      now + options.visibility_timeout.value_or(queue.settings.visibility_timeout) * 1000;
  std::int64_t expired_before = now - queue.settings.retention_seconds * 1000;
  // Several rows that change together (FIFO group heads, batches, dead-letter moves) need a
  // transaction, unless the caller's group commit already is one.
  std::optional<store::Transaction> tx;
  bool several_changes = queue.fifo || options.max_messages > 1 || queue.settings.redrive;
  if (several_changes && sqlite3_get_autocommit(db.handle())) tx.emplace(db);
  bool track_attempt = queue.fifo && options.attempt_id;
  if (track_attempt) {
    if (auto replayed = replay_attempt(db, queue, *options.attempt_id, now, visible_at)) {
      if (tx) tx->commit();
      return *replayed;
    }
  }

  std::vector<std::int64_t> chosen;  // row ids
  json messages = json::array();
  json handles = json::array();
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
  auto take = [&](MessageRow row) {
    std::int64_t token = static_cast<std::int64_t>(ids::random_u64() >> 1);
    message_table::mark_received(db, queue, row, now, visible_at, token);
    row.receive_count += 1;
    if (!row.first_receive_ms) row.first_receive_ms = now;
    std::string handle =
        encode_receipt_handle({queue.id, row.row_id, token, message_tag(row.message_id)});
    messages.push_back(render(queue, row, handle, options));
    handles.push_back({row.row_id, token});
    chosen.push_back(row.row_id);
  };

  if (!queue.fifo) {
    // Each pass takes the next visible messages; a pass that finds only dropped ones tries again.
    for (int pass = 0; pass < 10 && chosen.size() < options.max_messages; ++pass) {
      auto rows = message_table::visible(db, queue.id, now, options.max_messages - chosen.size());
      bool dropped = false;
      for (auto& row : rows) {
        // With a visibility timeout of 0 what was just taken is still visible.
        bool taken = std::find(chosen.begin(), chosen.end(), row.row_id) != chosen.end();
        if (taken) continue;
        if (deliverable(row))
          take(std::move(row));
        else
          dropped = true;
      }
      if (!dropped) break;
    }
  } else {
    // Whole groups, oldest-ready first, each from its head until a message not yet visible.
    auto groups = message_table::ready_groups(db, queue.id, now, options.max_messages + 10);
    for (const auto& group : groups) {
      auto rows = message_table::group_messages(db, queue.id, group,
                                                options.max_messages - chosen.size() + 10);
      for (auto& row : rows) {
        if (row.visible_at > now) break;
        if (!deliverable(row)) continue;
        take(std::move(row));
        if (chosen.size() == options.max_messages) break;
      }
      if (chosen.size() == options.max_messages) break;
    }
  }

  if (track_attempt && !messages.empty())
    remember_attempt(db, queue, *options.attempt_id, now, messages, handles);
  if (tx) tx->commit();
  if (visible_at <= now && !chosen.empty()) wake_after_commit(queue.wake_key);
  return messages;
}

Awaitable<json> SqsService::ReceiveMessage(const Call& call) {
  ReceiveOptions options = read_options(call.input);
  auto wait = params::optional_integer(call.input, "WaitTimeSeconds", 0, 20,
                                       "Must be >= 0 and <= 20, if provided.");
  std::optional<std::int64_t> queue_id;
  TimePoint end;
  while (true) {
    std::string wake_key;
    engine::Notifier::Ticket ticket;
    std::optional<std::int64_t> next;
    json messages = co_await message_writes_.run([&](store::Database& db) {
      // The queue may have changed or gone while this receive waited.
      QueuePtr queue = queue_id ? catalog_.find_by_id(*queue_id) : queue_for(call);
      if (!queue) return json::array();
      if (!queue_id) {
        queue_id = queue->id;
        end = context_.clock.now() +
              std::chrono::seconds(wait.value_or(queue->settings.receive_wait_seconds));
      }
      wake_key = queue->wake_key;
      // Taken before looking, so a message sent after the look still ends the wait.
      ticket = context_.notifier.ticket(wake_key);
      std::int64_t now = now_ms();
      json found = receive_now(options, *queue, now);
      if (found.empty()) next = message_table::next_visible_at(db, *queue, now);
      return found;
    });
    if (!messages.empty()) co_return json{{"Messages", std::move(messages)}};
    if (wake_key.empty() || context_.clock.now() >= end || context_.notifier.stopping())
      co_return json::object();
    TimePoint deadline = end;
    if (next) deadline = std::min(deadline, time_format::from_epoch_ms(*next));
    co_await context_.notifier.wait(wake_key, deadline, ticket);
  }
}

}  // namespace eddy::services::sqs
