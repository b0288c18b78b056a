#include "services/sqs/visibility_buckets.hpp"

#include <algorithm>
#include <charconv>

namespace eddy::services::sqs::visibility_buckets {
namespace {

// A list is its row ids in decimal, comma-separated: SQLite appends to it with `||`, and the
// migration that made the lists wrote them with group_concat.
void append_ids(std::string& out, std::span<const std::int64_t> row_ids) {
  for (std::int64_t id : row_ids) {
    if (!out.empty()) out.push_back(',');
    char digits[24];
    auto end = std::to_chars(digits, digits + sizeof digits, id).ptr;
    out.append(digits, end);
  }
}

void parse_ids(std::string_view text, std::vector<std::int64_t>& out) {
  const char* at = text.data();
  const char* end = at + text.size();
  while (at < end) {
    std::int64_t id = 0;
    auto [next, error] = std::from_chars(at, end, id);
    if (error == std::errc()) out.push_back(id);
    at = next + 1;  // past the comma (or past whatever could not be read)
  }
}

// Up to 64 messages added alone share a chunk; a receive's ten go to the chunk of the lowest.
constexpr int kChunkShift = 6;
constexpr int kTimeBits = 42;
constexpr int kChunkBits = 24;

// A list's key, (queue_id << 42) + time: one integer, so nearly every comparison of a B-tree
// search ends at the first column (a leading queue_id, the same for all of a queue's lists, sent
// each one on to the next). Queue ids from 2^22 on, or times from 2^42 ms (the year 2109), make
// keys another queue's lists may share: the tag tells them apart.
std::int64_t key(std::int64_t queue_id, std::int64_t time) {
  return static_cast<std::int64_t>((static_cast<std::uint64_t>(queue_id) << kTimeBits) +
                                   static_cast<std::uint64_t>(time));
}
std::int64_t last_key(std::int64_t queue_id) {
  return key(queue_id, (std::int64_t{1} << kTimeBits) - 1);
}
std::int64_t time_of(std::int64_t queue_id, std::int64_t list_key) {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(list_key) -
                                   static_cast<std::uint64_t>(key(queue_id, 0)));
}

// A list's tag, (queue_id << 24) + chunk: its queue (tag >> 24 in SQL, for queue ids below 2^39)
// and which of the queue's lists of that millisecond it is. Chunks wrap at 2^24: that only merges
// lists.
std::int64_t tag(std::int64_t queue_id, std::int64_t row_id) {
  return (queue_id << kChunkBits) +
         ((row_id >> kChunkShift) & ((std::int64_t{1} << kChunkBits) - 1));
}

}  // namespace

void add(store::Database& db, std::int64_t queue_id, std::int64_t visible_at,
         std::span<const std::int64_t> row_ids) {
  if (row_ids.empty()) return;
  std::string ids;
  ids.reserve(row_ids.size() * 8);
  append_ids(ids, row_ids);
  db.query(
        "INSERT INTO sqs_visibility (key, tag, row_ids) VALUES (?1, ?2, ?3) "
        "ON CONFLICT (key, tag) DO UPDATE SET row_ids = row_ids || ',' || excluded.row_ids")
      ->bind(1, key(queue_id, visible_at))
      .bind(2, tag(queue_id, *std::min_element(row_ids.begin(), row_ids.end())))
      .bind_unowned(3, ids)
      .run();
}

Taker::Taker(store::Database& db, std::int64_t queue_id, std::int64_t now)
    : db_(db), queue_id_(queue_id), now_(now) {}

bool Taker::read_next_list() {
  if (exhausted_) return false;
  // The first list by a range of keys; the next ones after the current list by row value.
  auto q = db_.query(first_ ? "SELECT key, tag, row_ids FROM sqs_visibility "
                              "WHERE (key, tag) > (?4, ?5) AND key <= ?2 AND tag >> 24 = ?3 "
                              "ORDER BY key, tag LIMIT 1"
                            : "SELECT key, tag, row_ids FROM sqs_visibility "
                              "WHERE key BETWEEN ?1 AND ?2 AND tag >> 24 = ?3 "
                              "ORDER BY key, tag LIMIT 1");
  q->bind(1, key(queue_id_, 0)).bind(2, key(queue_id_, now_)).bind(3, queue_id_);
  if (first_) q->bind(4, current_.key).bind(5, current_.tag);
  if (!q->step()) {
    exhausted_ = true;
    return false;
  }
  if (first_) last_emptied_ = current_;
  current_ = {q->int64(0), q->int64(1)};
  if (!first_) first_ = current_;
  left_.clear();
  handed_from_current_ = 0;
  parse_ids(q->text(2), left_);
  return true;
}

std::vector<std::int64_t> Taker::next(std::size_t limit) {
  std::vector<std::int64_t> out;
  out.reserve(limit);
  while (out.size() < limit) {
    if (handed_from_current_ == left_.size() && !read_next_list()) break;
    std::size_t n = std::min(limit - out.size(), left_.size() - handed_from_current_);
    auto from = left_.begin() + static_cast<std::ptrdiff_t>(handed_from_current_);
    out.insert(out.end(), from, from + static_cast<std::ptrdiff_t>(n));
    handed_from_current_ += n;
  }
  return out;
}

void Taker::finish() {
  if (!first_) return;
  if (handed_from_current_ == left_.size()) last_emptied_ = current_;
  if (last_emptied_ && last_emptied_->key == first_->key && last_emptied_->tag == first_->tag) {
    // Usually one list, found by its key without comparing row values.
    db_.query("DELETE FROM sqs_visibility WHERE key = ?1 AND tag = ?2")
        ->bind(1, first_->key)
        .bind(2, first_->tag)
        .run();
  } else if (last_emptied_) {
    // Every list of the queue from the first read to the last emptied was read and emptied.
    db_.query(
           "DELETE FROM sqs_visibility WHERE (key, tag) BETWEEN (?1, ?2) AND (?3, ?4) "
           "AND tag >> 24 = ?5")
        ->bind(1, first_->key)
        .bind(2, first_->tag)
        .bind(3, last_emptied_->key)
        .bind(4, last_emptied_->tag)
        .bind(5, queue_id_)
        .run();
  }
  if (handed_from_current_ > 0 && handed_from_current_ < left_.size()) {
    std::string ids;
    append_ids(ids, std::span(left_).subspan(handed_from_current_));
    db_.query("UPDATE sqs_visibility SET row_ids = ?3 WHERE key = ?1 AND tag = ?2")
        ->bind(1, current_.key)
        .bind(2, current_.tag)
        .bind_unowned(3, ids)
        .run();
  }
  first_.reset();
  last_emptied_.reset();
}

std::optional<std::int64_t> next_after(store::Database& db, std::int64_t queue_id,
                                       std::int64_t now) {
  auto q = db.query(
      "SELECT key FROM sqs_visibility WHERE key BETWEEN ?1 AND ?2 AND tag >> 24 = ?3 "
      "ORDER BY key LIMIT 1");
  q->bind(1, key(queue_id, now) + 1).bind(2, last_key(queue_id)).bind(3, queue_id);
  if (!q->step()) return std::nullopt;
  return time_of(queue_id, q->int64(0));
}

bool listed_after(store::Database& db, std::int64_t queue_id, std::int64_t now, std::size_t most,
                  std::vector<std::int64_t>& out) {
  auto q =
      db.query("SELECT row_ids FROM sqs_visibility WHERE key BETWEEN ?1 AND ?2 AND tag >> 24 = ?3");
  q->bind(1, key(queue_id, now) + 1).bind(2, last_key(queue_id)).bind(3, queue_id);
  std::size_t start = out.size();
  while (q->step()) {
    parse_ids(q->text(0), out);
    if (out.size() - start > most) return false;
  }
  return true;
}

void remove_all(store::Database& db, std::int64_t queue_id) {
  remove_through(db, queue_id, (std::int64_t{1} << kTimeBits) - 1);
}

void remove_through(store::Database& db, std::int64_t queue_id, std::int64_t time) {
  db.query("DELETE FROM sqs_visibility WHERE key BETWEEN ?1 AND ?2 AND tag >> 24 = ?3")
      ->bind(1, key(queue_id, 0))
      .bind(2, key(queue_id, time))
      .bind(3, queue_id)
      .run();
}

}  // namespace eddy::services::sqs::visibility_buckets
