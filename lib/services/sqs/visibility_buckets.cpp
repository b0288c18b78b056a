#include "services/sqs/visibility_buckets.hpp"

#include <algorithm>
#include <charconv>

namespace eddy::services::sqs::visibility_buckets {
namespace {

// A list is its entries, comma-separated: SQLite appends to it with `||`, and the migration that
// made the lists wrote them with group_concat. An entry is `row:tag`, the tag the first 8
// characters of the message id (a UUID's hex, never a ':' or ','), then for a message received
// before `:count:first:last`, the two times in ms before the list's time (shorter than the times
// themselves), either left empty when there is none. Each list holds a receive's ten messages or
// more, so its length is most of what a receive writes.
void append_entries(std::string& out, std::span<const Listed> entries, std::int64_t list_time) {
  for (const Listed& entry : entries) {
    char text[96];
    char* at = text;
    char* const end = text + sizeof text;
    if (!out.empty()) *at++ = ',';
    at = std::to_chars(at, end, entry.row_id).ptr;
    *at++ = ':';
    // The tag's bytes are the id's first characters, lowest first; fewer for a shorter id.
    for (int i = 0; i < 8 && ((entry.tag >> (8 * i)) & 0xff) != 0; ++i)
      *at++ = static_cast<char>((entry.tag >> (8 * i)) & 0xff);
    if (entry.receive_count > 0) {
      *at++ = ':';
      at = std::to_chars(at, end, entry.receive_count).ptr;
      for (std::int64_t time : {entry.first_receive_ms, entry.last_receive_ms}) {
        *at++ = ':';
        if (time != 0) at = std::to_chars(at, end, list_time - time).ptr;
      }
    }
    out.append(text, at);
  }
}

// Reads the entry that starts at `at` in the text of a list at `list_time`, which ends at `end`,
// and moves `at` past it and its comma.
Listed parse_entry(const char*& at, const char* end, std::int64_t list_time) {
  Listed entry;
  at = std::from_chars(at, end, entry.row_id).ptr;
  if (at < end && *at == ':') {
    const char* tag = ++at;
    at = std::find_if(at, end, [](char c) { return c == ':' || c == ','; });
    entry.tag = entry_tag(std::string_view(tag, static_cast<std::size_t>(at - tag)));
  }
  if (at < end && *at == ':') {
    at = std::from_chars(at + 1, end, entry.receive_count).ptr;
    for (std::int64_t* time : {&entry.first_receive_ms, &entry.last_receive_ms}) {
      if (at == end || *at != ':') break;
      std::int64_t before = 0;
      auto [next, error] = std::from_chars(at + 1, end, before);
      if (error == std::errc()) *time = list_time - before;
      at = next;
    }
  }
  at = std::find(at, end, ',');
  if (at < end) ++at;
  return entry;
}

void parse_entries(std::string_view text, std::int64_t list_time, std::vector<Listed>& out) {
  const char* at = text.data();
  const char* end = at + text.size();
  while (at < end) out.push_back(parse_entry(at, end, list_time));
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
std::int64_t list_tag(std::int64_t queue_id, std::int64_t row_id) {
  return (queue_id << kChunkBits) +
         ((row_id >> kChunkShift) & ((std::int64_t{1} << kChunkBits) - 1));
}

}  // namespace

std::uint64_t entry_tag(std::string_view message_id) {
  std::uint64_t tag = 0;
  for (std::size_t i = 0; i < std::min<std::size_t>(8, message_id.size()); ++i)
    tag |= static_cast<std::uint64_t>(static_cast<unsigned char>(message_id[i])) << (8 * i);
  return tag;
}

void add(store::Database& db, std::int64_t queue_id, std::int64_t visible_at,
         std::span<const Listed> messages) {
  if (messages.empty()) return;
  std::string text;
  text.reserve(messages.size() * 48);
  append_entries(text, messages, visible_at);
  std::int64_t lowest =
      std::min_element(messages.begin(), messages.end(), [](const Listed& a, const Listed& b) {
        return a.row_id < b.row_id;
      })->row_id;
  db.query(
        "INSERT INTO sqs_visibility (key, tag, row_ids) VALUES (?1, ?2, ?3) "
        "ON CONFLICT (key, tag) DO UPDATE SET row_ids = row_ids || ',' || excluded.row_ids")
      ->bind(1, key(queue_id, visible_at))
      .bind(2, list_tag(queue_id, lowest))
      .bind_unowned(3, text)
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
  text_.assign(q->text(2));
  taken_to_ = 0;
  return true;
}

std::vector<Listed> Taker::next(std::size_t limit) {
  std::vector<Listed> out;
  out.reserve(limit);
  // Entries are read as they are handed out: a list may hold many more than a receive takes.
  while (out.size() < limit) {
    if (taken_to_ == text_.size() && !read_next_list()) break;
    const char* at = text_.data() + taken_to_;
    out.push_back(parse_entry(at, text_.data() + text_.size(), time_of(queue_id_, current_.key)));
    taken_to_ = static_cast<std::size_t>(at - text_.data());
  }
  return out;
}

void Taker::finish() {
  if (!first_) return;
  if (taken_to_ == text_.size()) last_emptied_ = current_;
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
  if (taken_to_ > 0 && taken_to_ < text_.size()) {
    std::string_view rest = std::string_view(text_).substr(taken_to_);
    db_.query("UPDATE sqs_visibility SET row_ids = ?3 WHERE key = ?1 AND tag = ?2")
        ->bind(1, current_.key)
        .bind(2, current_.tag)
        .bind_unowned(3, rest)
        .run();
  }
  first_.reset();
  last_emptied_.reset();
}

namespace {

// An entry's text within its list's, with the comma after it: [begin, end).
struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;
};

// The list at `place` and, when it names row `row_id` and message `tag`, that entry and its span.
struct Lookup {
  std::string text;
  std::optional<std::pair<Listed, Span>> found;
};

Lookup look_up(store::Database& db, std::int64_t queue_id, const Place& place, std::int64_t row_id,
               std::uint64_t tag) {
  Lookup out;
  auto q = db.query("SELECT row_ids FROM sqs_visibility WHERE key = ?1 AND tag = ?2");
  q->bind(1, key(queue_id, place.time)).bind(2, list_tag(queue_id, place.list_row));
  if (!q->step()) return out;
  out.text.assign(q->text(0));
  const char* begin = out.text.data();
  const char* end = begin + out.text.size();
  for (const char* at = begin; at < end;) {
    auto from = static_cast<std::size_t>(at - begin);
    Listed entry = parse_entry(at, end, place.time);
    if (entry.row_id != row_id || entry.tag != tag) continue;
    out.found.emplace(entry, Span{from, static_cast<std::size_t>(at - begin)});
    break;
  }
  return out;
}

}  // namespace

std::optional<Listed> find(store::Database& db, std::int64_t queue_id, const Place& place,
                           std::int64_t row_id, std::uint64_t tag) {
  auto lookup = look_up(db, queue_id, place, row_id, tag);
  if (!lookup.found) return std::nullopt;
  return lookup.found->first;
}

std::optional<std::pair<Place, Listed>> find_after(store::Database& db, std::int64_t queue_id,
                                                   std::int64_t now, std::int64_t row_id,
                                                   std::uint64_t tag) {
  auto q = db.query(
      "SELECT key, tag, row_ids FROM sqs_visibility "
      "WHERE key BETWEEN ?1 AND ?2 AND tag >> 24 = ?3");
  q->bind(1, key(queue_id, now) + 1).bind(2, last_key(queue_id)).bind(3, queue_id);
  std::vector<Listed> entries;
  while (q->step()) {
    entries.clear();
    parse_entries(q->text(2), time_of(queue_id, q->int64(0)), entries);
    for (const Listed& entry : entries) {
      if (entry.row_id != row_id || entry.tag != tag) continue;
      // Any row id of the list's chunk names it.
      std::int64_t chunk = q->int64(1) & ((std::int64_t{1} << kChunkBits) - 1);
      return std::pair(
          Place{.time = time_of(queue_id, q->int64(0)), .list_row = chunk << kChunkShift}, entry);
    }
  }
  return std::nullopt;
}

std::optional<Listed> remove(store::Database& db, std::int64_t queue_id, const Place& place,
                             std::int64_t row_id, std::uint64_t tag) {
  auto lookup = look_up(db, queue_id, place, row_id, tag);
  if (!lookup.found) return std::nullopt;
  // The entry with the comma after it, or, for the last, the comma before it.
  auto [begin, end] = lookup.found->second;
  if (end == lookup.text.size() && begin > 0) --begin;
  lookup.text.erase(begin, end - begin);
  if (lookup.text.empty()) {
    db.query("DELETE FROM sqs_visibility WHERE key = ?1 AND tag = ?2")
        ->bind(1, key(queue_id, place.time))
        .bind(2, list_tag(queue_id, place.list_row))
        .run();
  } else {
    db.query("UPDATE sqs_visibility SET row_ids = ?3 WHERE key = ?1 AND tag = ?2")
        ->bind(1, key(queue_id, place.time))
        .bind(2, list_tag(queue_id, place.list_row))
        .bind_unowned(3, lookup.text)
        .run();
  }
  return lookup.found->first;
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

std::vector<Listed> listed_after(store::Database& db, std::int64_t queue_id, std::int64_t now) {
  auto q = db.query(
      "SELECT key, row_ids FROM sqs_visibility WHERE key BETWEEN ?1 AND ?2 AND tag >> 24 = ?3");
  q->bind(1, key(queue_id, now) + 1).bind(2, last_key(queue_id)).bind(3, queue_id);
  std::vector<Listed> out;
  while (q->step()) parse_entries(q->text(1), time_of(queue_id, q->int64(0)), out);
  return out;
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
