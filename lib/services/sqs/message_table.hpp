#pragma once
// The SQL behind messages: every statement a prepared, cached one that an index answers, so a
// send, a receive, a delete or a visibility change costs O(log n) however full the queue is
// (counting a queue's messages reads them all, and a visibility change by the handle of an earlier
// receive than the message's latest reads every list after now). Standard queues list their
// messages by the time they become visible, and keep there what a receive changes
// (visibility_buckets.hpp): their rows' visible_at is the visibility they were sent with or last
// changed to, and their receive count and first receive the ones they were stored with. FIFO
// queues also keep one row per message group naming its oldest message (the group's head): a
// group can deliver only while its head is visible, which keeps groups in order and holds a group
// back while any earlier message of it is in flight.
// Callers hold the store lock.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "services/sqs/queue.hpp"
#include "services/sqs/visibility_buckets.hpp"
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
  visibility_buckets::Listed entry;
};

// Where a standard queue's message in flight is listed, found from a receipt handle.
struct Listing {
  visibility_buckets::Place place;
  std::int64_t receive_count = 0;
  std::int64_t last_receive_ms = 0;
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

// What a standard queue's receive reads of each message: `all` leaves out only the FIFO columns and
// what its list says instead (visible_at, the receive state, the token); `bare`, for a receive
// that answers with no attributes from a queue without a dead-letter queue, also the message
// attributes, the system attributes and the sender.
enum class ReceiveColumns { all, bare };
// Up to `limit` visible messages of a standard queue, the longest-visible first, each once, read
// with the `columns` a receive needs and the receive state of their list entries. Takes them off
// the visibility lists (visibility_buckets.hpp): the caller receives, removes, moves or lists
// again each message returned.
std::vector<MessageRow> visible_to_receive(store::Database& db, const Queue& queue,
                                           std::int64_t now, std::size_t limit,
                                           ReceiveColumns columns);
// The message a move task moves next, taken off its list when the queue is a standard one; the
// oldest sent first in a FIFO queue, the longest visible first in a standard one.
std::optional<MessageRow> next_to_move(store::Database& db, const Queue& queue, std::int64_t now);
// Lists a standard queue's message taken and not received, moved nor removed, visible at `now`.
void put_back(store::Database& db, const Queue& queue, const MessageRow& row, std::int64_t now);
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

// Records a FIFO queue's receive: the new visibility deadline, the count, and the receipt token.
void mark_received(store::Database& db, const Queue& queue, const MessageRow& row, std::int64_t now,
                   std::int64_t visible_at, std::int64_t token);
// Records a receive of a standard queue's messages (distinct, taken off their lists, their receive
// count and first receive already counted): one list at `visible_at`, in the chunk of the lowest
// row id, which their receipt handles name. No row is written; no receipt token is kept (a
// standard queue takes any handle of a message's current receive).
void mark_received(store::Database& db, const Queue& queue, std::span<const MessageRow* const> rows,
                   std::int64_t now, std::int64_t visible_at);
// A FIFO message's new visibility deadline.
void set_visible_at(store::Database& db, const Queue& queue, const MessageRow& row,
                    std::int64_t visible_at);
// Where a standard queue's message (`row`, as find_to_delete reads it) is listed when that is after
// `now` (it is in flight or delayed); nullopt when it is visible. Looked for where a receipt handle
// says its receive listed it (time 0: the handle does not say), then where a visibility change last
// moved it, and only then, for a handle from an earlier receive, in every list after `now`.
std::optional<Listing> find_listing(store::Database& db, const Queue& queue, const MessageRow& row,
                                    const visibility_buckets::Place& received_at, std::int64_t now);
// Moves a standard queue's message from `listing` to `visible_at`.
void relist(store::Database& db, const Queue& queue, const MessageRow& row, const Listing& listing,
            std::int64_t visible_at);
void remove(store::Database& db, const Queue& queue, const MessageRow& row);

// The earliest time after `now` a message of the queue becomes deliverable, if any.
std::optional<std::int64_t> next_visible_at(store::Database& db, const Queue& queue,
                                            std::int64_t now);
// Visible, in flight and delayed: a standard queue's by its lists after `now` and the count of its
// rows (the age index alone); a FIFO queue's by a pass over its rows.
Counts counts(store::Database& db, const Queue& queue, std::int64_t now);
// Deletes every message (and FIFO group and deduplication entry) of the queue.
void purge(store::Database& db, std::int64_t queue_id);
// Deletes the messages sent at or before `cutoff_ms`; returns how many.
std::int64_t expire(store::Database& db, const Queue& queue, std::int64_t cutoff_ms);

}  // namespace eddy::services::sqs::message_table
