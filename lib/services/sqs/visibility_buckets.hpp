#pragma once
// When a standard queue's messages become visible, and how often they have been received: rows of
// sqs_visibility keyed by queue and millisecond, then by a tag of queue and chunk, listing the
// messages that become visible then. A receive takes the lists at the front and adds its messages
// as one list at the end: a B-tree update or two per receive where a per-message index took two per
// message. A list entry carries the message's receive count and first and last receive, so a
// receive writes no message row: the lists are where a standard queue keeps what changes as its
// messages are received. The chunk keeps each list short, so taking part of one or appending to one
// costs little however many messages share a millisecond: a message added alone goes to chunk
// row_id / 64, a receive's messages together to the chunk of their lowest row id. A queue's lists
// are read in order of time, then chunk.
//
// Every message of a standard queue is listed exactly once, under the time it becomes visible: a
// receive takes its entry off and lists it again, a visibility change moves it (remove, add). An
// entry outlives its message when the message is deleted, expired or moved to another queue, and a
// row id may be taken by a later message: each entry names its row and the first 8 characters of
// its message id (random), and a reader checks both against the row. FIFO queues keep no lists:
// they deliver by message group (message_table.hpp). Callers hold the store lock.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/database.hpp"

namespace eddy::services::sqs::visibility_buckets {

// The first 8 bytes of a message id, packed: what an entry names its message by beside the row.
std::uint64_t entry_tag(std::string_view message_id);

// A message as its list names it, with its receive state.
struct Listed {
  std::int64_t row_id = 0;
  std::uint64_t tag = 0;  // entry_tag() of its message id
  std::int64_t receive_count = 0;
  std::int64_t first_receive_ms = 0;  // 0: never received
  std::int64_t last_receive_ms = 0;   // 0: never received here
};

// Lists `messages` as visible at `visible_at`, after the messages already listed then, in the list
// of the chunk of the lowest row id among them.
void add(store::Database& db, std::int64_t queue_id, std::int64_t visible_at,
         std::span<const Listed> messages);

// Takes a queue's listed messages, earliest visibility first, up to `now`; what it hands out is
// off the lists once `finish` has run (and kept if the transaction rolls back).
class Taker {
 public:
  Taker(store::Database& db, std::int64_t queue_id, std::int64_t now);
  // Up to `limit` more entries; fewer only when no list up to `now` has any left.
  std::vector<Listed> next(std::size_t limit);
  // Removes the lists emptied and shortens the one taken from in part.
  void finish();

 private:
  struct ListKey {
    std::int64_t key = 0;
    std::int64_t tag = 0;
  };
  bool read_next_list();

  store::Database& db_;
  std::int64_t queue_id_;
  std::int64_t now_;
  std::optional<ListKey> first_;         // the first list read
  std::optional<ListKey> last_emptied_;  // the last list all handed out
  ListKey current_;                      // the list `text_` is
  std::string text_;                     // its entries, comma-separated
  std::size_t taken_to_ = 0;             // where in `text_` the entries not handed out start
  bool exhausted_ = false;
};

// Where one message's entry is: the list of `time` and the chunk of `list_row`.
struct Place {
  std::int64_t time = 0;
  std::int64_t list_row = 0;
};

// The entry of row `row_id` and message `tag` in the list at `place`; nullopt when that list has
// no such entry.
std::optional<Listed> find(store::Database& db, std::int64_t queue_id, const Place& place,
                           std::int64_t row_id, std::uint64_t tag);
// The same in any of the queue's lists after `now`, with its place: a pass over them all.
std::optional<std::pair<Place, Listed>> find_after(store::Database& db, std::int64_t queue_id,
                                                   std::int64_t now, std::int64_t row_id,
                                                   std::uint64_t tag);
// Takes the entry of row `row_id` and message `tag` off the list at `place`, and answers it.
std::optional<Listed> remove(store::Database& db, std::int64_t queue_id, const Place& place,
                             std::int64_t row_id, std::uint64_t tag);

// The earliest listed time after `now` for the queue; may name only messages gone since, which
// costs a waiting receive an early look, never a late one.
std::optional<std::int64_t> next_after(store::Database& db, std::int64_t queue_id,
                                       std::int64_t now);
// The entries listed after `now`, stale ones included.
std::vector<Listed> listed_after(store::Database& db, std::int64_t queue_id, std::int64_t now);
// Drops every list of the queue (purge, DeleteQueue).
void remove_all(store::Database& db, std::int64_t queue_id);
// Drops the lists up to `time`: messages visible by then were sent by then (expiry).
void remove_through(store::Database& db, std::int64_t queue_id, std::int64_t time);

}  // namespace eddy::services::sqs::visibility_buckets
