#pragma once
// The SQL behind messages: every statement a prepared, cached one that an index answers, so a
// send, a receive, a delete or a visibility change costs O(log n) however full the queue is
// (counting a queue's messages reads them all). Standard queues list their messages by the time
// they become visible (visibility_buckets.hpp). FIFO queues also keep one row per message group
// naming its oldest message (the group's head): a group can deliver only while its head is visible,
// which keeps groups in order and holds a group back while any earlier message of it is in flight.
// Callers hold the store lock.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "services/sqs/queue.hpp"
#include "store/database.hpp"

namespace eddy::services::sqs::message_table {

struct NewMessage {
  std::string_view message_id;
  std::string_view body;
  std::string_view body_md5;
  std::string_view attributes_json;  // empty: no attributes
  std::string_view attributes_md5;
  std::string_view system_json;  // AWSTraceHeader, DeadLetterQueueSourceArn; empty: none
  std::string_view sender_id;
  std::int64_t sent_ms = 0;
  std::int64_t visible_at = 0;
  std::int64_t receive_count = 0;
  std::optional<std::int64_t> first_receive_ms;
  std::optional<std::string_view> group_id;
  std::optional<std::string_view> dedup_id;
  std::optional<std::int64_t> sequence_number;  // FIFO queues
};

struct MessageRow {
  std::int64_t row_id = 0;
  std::string message_id;
  std::string body;
  std::string body_md5;
  std::string attributes_json;
  std::string attributes_md5;
  std::string system_json;
  std::string sender_id;
  std::int64_t sent_ms = 0;
  std::int64_t visible_at = 0;
  std::int64_t receive_count = 0;
  std::optional<std::int64_t> first_receive_ms;
  std::optional<std::int64_t> last_receive_ms;
  std::int64_t token = 0;
  std::optional<std::string> group_id;
  std::optional<std::string> dedup_id;
  std::optional<std::int64_t> sequence_number;
};

struct Counts {
  std::int64_t visible = 0;
  std::int64_t in_flight = 0;
  std::int64_t delayed = 0;
};

// A standard queue's message inserted and not yet listed under its visible_at.
struct Unlisted {
  std::int64_t visible_at = 0;
  std::int64_t row_id = 0;
};

// Inserts and returns the row id. A standard queue's message is listed under its visible_at
// (visibility_buckets.hpp) at once, or with `list_later` added there for list() to list before
// the write ends: a batch's messages then go onto their list together, not one append each.
std::int64_t insert(store::Database& db, const Queue& queue, const NewMessage& message,
                    std::vector<Unlisted>* list_later = nullptr);
// Lists what insert() left unlisted, each visible_at's messages in one append, and empties it.
void list(store::Database& db, const Queue& queue, std::vector<Unlisted>& unlisted);
// The next FIFO sequence number: never repeated, increasing with every FIFO message stored.
std::int64_t next_sequence_number(store::Database& db);

// Up to `limit` visible messages of a queue, the oldest sent first, without receiving them.
std::vector<MessageRow> visible(store::Database& db, std::int64_t queue_id, std::int64_t now,
                                std::size_t limit);
// What a standard queue's receive reads of each message: `all` leaves out only what it is about to
// overwrite (visible_at, last_receive_ms, the token) and the FIFO columns; `bare`, for a receive
// that answers with no attributes from a queue without a dead-letter queue, also the message
// attributes, the system attributes, the sender, the receive count and the first receive.
enum class ReceiveColumns { all, bare };
// Up to `limit` visible messages of a standard queue, the longest-visible first, each once, read
// with the `columns` a receive needs. Takes them off the visibility lists (visibility_buckets.hpp):
// the caller receives, removes or moves each message returned.
std::vector<MessageRow> visible_to_receive(store::Database& db, const Queue& queue,
                                           std::int64_t now, std::size_t limit,
                                           ReceiveColumns columns);
// Up to `limit` FIFO message groups whose head is visible, as group ids.
std::vector<std::string> ready_groups(store::Database& db, std::int64_t queue_id, std::int64_t now,
                                      std::size_t limit);
// The first `limit` messages of a FIFO group, in order.
std::vector<MessageRow> group_messages(store::Database& db, std::int64_t queue_id,
                                       const std::string& group_id, std::size_t limit);
std::optional<MessageRow> find(store::Database& db, std::int64_t queue_id, std::int64_t row_id);
// The same with only what a delete by receipt handle reads (row id, message id, visible_at,
// receipt token, group id); the rest of the row left empty.
std::optional<MessageRow> find_to_delete(store::Database& db, std::int64_t queue_id,
                                         std::int64_t row_id);

// Records a receive: the new visibility deadline, the count, and the receipt token.
void mark_received(store::Database& db, const Queue& queue, const MessageRow& row, std::int64_t now,
                   std::int64_t visible_at, std::int64_t token);
// The same for several messages of a standard queue received together (distinct row ids), in one
// statement; their receipt tokens are not kept (a standard queue takes any handle a message was
// received with).
void mark_received(store::Database& db, const Queue& queue, std::span<const std::int64_t> row_ids,
                   std::int64_t now, std::int64_t visible_at);
void set_visible_at(store::Database& db, const Queue& queue, const MessageRow& row,
                    std::int64_t visible_at);
void remove(store::Database& db, const Queue& queue, const MessageRow& row);

// The earliest time after `now` a message of the queue becomes deliverable, if any.
std::optional<std::int64_t> next_visible_at(store::Database& db, const Queue& queue,
                                            std::int64_t now);
// Visible, in flight and delayed: a standard queue's by its lists after `now` and the count of its
// rows (the age index alone), unless most of it is not yet visible; otherwise a pass over its rows.
Counts counts(store::Database& db, const Queue& queue, std::int64_t now);
// Deletes every message (and FIFO group and deduplication entry) of the queue.
void purge(store::Database& db, std::int64_t queue_id);
// Deletes the messages sent at or before `cutoff_ms`; returns how many.
std::int64_t expire(store::Database& db, const Queue& queue, std::int64_t cutoff_ms);

}  // namespace eddy::services::sqs::message_table
