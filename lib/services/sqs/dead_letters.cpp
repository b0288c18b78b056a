// Dead letters: moving a message that was received too often into its queue's dead-letter
// queue, and moving it back out again (message move tasks).
#include "services/sqs/message_table.hpp"
#include "services/sqs/sqs_service.hpp"

namespace eddy::services::sqs {
namespace {

// Copies a stored message into `to`, keeping its id, body, attributes and send time.
void copy_message(store::Database& db, const Queue& to, const message_table::MessageRow& row,
                  const std::string& system_json, std::int64_t receive_count,
                  std::optional<std::int64_t> first_receive_ms, std::int64_t now) {
  message_table::NewMessage copy{
      .message_id = row.message_id,
      .body = row.body,
      .body_md5 = row.body_md5,
      .attributes_json = row.attributes_json,
      .attributes_md5 = row.attributes_md5,
      .system_json = system_json,
      .sender_id = row.sender_id,
      .sent_ms = row.sent_ms,
      .visible_at = now,
      .receive_count = receive_count,
      .first_receive_ms = first_receive_ms,
      .group_id = std::nullopt,
      .dedup_id = std::nullopt,
      .sequence_number = std::nullopt,
  };
  if (to.fifo && row.group_id) copy.group_id = *row.group_id;
  if (to.fifo && row.dedup_id) copy.dedup_id = *row.dedup_id;
  if (to.fifo) copy.sequence_number = message_table::next_sequence_number(db);
  message_table::insert(db, to, copy);
}

}  // namespace

bool SqsService::move_to_dead_letter_queue(const Queue& source,
                                           const message_table::MessageRow& row, std::int64_t now) {
  QueuePtr target = catalog_.find_by_arn(source.settings.redrive->dead_letter_target_arn);
  if (!target) return false;
  auto& db = context_.store.db();
  json system = row.system_json.empty() ? json::object() : json::parse(row.system_json);
  system["DeadLetterQueueSourceArn"] = source.arn;
  // The receive count carries over: the DLQ shows how often the message was tried.
  copy_message(db, *target, row, system.dump(), row.receive_count, row.first_receive_ms, now);
  message_table::remove(db, source, row);
  wake_after_commit(target->wake_key);
  return true;
}

void SqsService::redrive_message(const Queue& from, const Queue& to,
                                 const message_table::MessageRow& row, std::int64_t now) {
  auto& db = context_.store.db();
  json system = row.system_json.empty() ? json::object() : json::parse(row.system_json);
  system.erase("DeadLetterQueueSourceArn");
  // Back in a source queue a message starts over, or it would be dead-lettered again at once.
  copy_message(db, to, row, system.empty() ? std::string() : system.dump(), 0, std::nullopt, now);
  message_table::remove(db, from, row);
  wake_after_commit(to.wake_key);
}

}  // namespace eddy::services::sqs
