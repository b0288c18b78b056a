#pragma once
// When a standard queue's messages become visible: rows of sqs_visibility keyed by queue and
// millisecond, then by a tag of queue and chunk, listing the row ids of messages that
// become visible then. A receive takes the lists at the front and adds its messages as one list at
// the end: a B-tree update or two per receive where a per-message index took two per message. The
// chunk keeps each list short, so taking part of one or appending to one costs little however many
// messages share a millisecond: a message added alone goes to chunk row_id / 64, a receive's
// messages together to the chunk of their lowest row id. A queue's lists are read in order of time,
// then chunk.
//
// Lists may name messages that have since been deleted, received or moved to another time: the
// reader checks each against its row, so a delete, a visibility change or an expiry leaves its old
// entry behind rather than rewriting a list. The invariant is the other way round: every message of
// a standard queue is listed under its current visible_at. FIFO queues keep no lists: they deliver
// by message group (message_table.hpp). Callers hold the store lock.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace eddy::services::sqs::visibility_buckets {

// Lists `row_ids` as visible at `visible_at`, after the messages already listed then.
void add(store::Database& db, std::int64_t queue_id, std::int64_t visible_at,
         std::span<const std::int64_t> row_ids);

// Takes a queue's listed row ids, earliest visibility first, up to `now`; what it hands out is
// off the lists once `finish` has run (and kept if the transaction rolls back).
class Taker {
 public:
  Taker(store::Database& db, std::int64_t queue_id, std::int64_t now);
  // Up to `limit` more row ids; fewer only when no list up to `now` has any left.
  std::vector<std::int64_t> next(std::size_t limit);
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
  ListKey current_;                      // the list `left_` comes from
  std::vector<std::int64_t> left_;       // its ids, in order
  std::size_t handed_from_current_ = 0;  // how many of them are handed out
  bool exhausted_ = false;
};

// The earliest listed time after `now` for the queue; may name only messages gone since, which
// costs a waiting receive an early look, never a late one.
std::optional<std::int64_t> next_after(store::Database& db, std::int64_t queue_id,
                                       std::int64_t now);
// Appends to `out` the row ids listed after `now`, stale entries and repeats included, and answers
// true; or false, with `out` incomplete, as soon as there are more than `most`.
bool listed_after(store::Database& db, std::int64_t queue_id, std::int64_t now, std::size_t most,
                  std::vector<std::int64_t>& out);
// Drops every list of the queue (purge, DeleteQueue).
void remove_all(store::Database& db, std::int64_t queue_id);
// Drops the lists up to `time`: messages visible by then were sent by then (expiry).
void remove_through(store::Database& db, std::int64_t queue_id, std::int64_t time);

}  // namespace eddy::services::sqs::visibility_buckets
