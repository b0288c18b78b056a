#include "services/sqs/message_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <stdexcept>

#include "services/sqs/visibility_buckets.hpp"

namespace eddy::services::sqs::message_table {
namespace {

constexpr const char* kColumns =
    "id, message_id, body, body_md5, attributes, attributes_md5, system_attributes, sender_id, "
    "sent_ms, visible_at, receive_count, first_receive_ms, last_receive_ms, receipt_token, "
    "group_id, dedup_id, sequence_number";

// The columns both readings start with, in this order: id ... sent_ms.
void read_leading_columns(store::Statement& s, MessageRow& row) {
  row.row_id = s.int64(0);
  row.message_id = s.string(1);
  row.body = s.string(2);
  row.body_md5 = s.string(3);
  row.attributes_json = s.string(4);
  row.attributes_md5 = s.string(5);
  row.system_json = s.string(6);
  row.sender_id = s.string(7);
  row.sent_ms = s.int64(8);
}

// Each reading fills a row in place: a receive's rows are read straight into the vector it returns
// rather than moved there, a move of some twenty members each.
void fill_row(store::Statement& s, MessageRow& row) {
  read_leading_columns(s, row);
  row.visible_at = s.int64(9);
  row.receive_count = s.int64(10);
  row.first_receive_ms = s.optional_int64(11);
  row.last_receive_ms = s.optional_int64(12);
  row.token = s.int64(13);
  row.group_id = s.optional_string(14);
  row.dedup_id = s.optional_string(15);
  row.sequence_number = s.optional_int64(16);
}

MessageRow read_row(store::Statement& s) {
  MessageRow row;
  fill_row(s, row);
  return row;
}

// What a receive from a standard queue reads: no FIFO columns, nothing its list entry says.
constexpr const char* kStandardReceiveColumns =
    "id, message_id, body, body_md5, attributes, attributes_md5, system_attributes, sender_id, "
    "sent_ms";

// What a receive that answers with no attributes reads: each text column read is a copy and an
// allocation, most of a row's cost, so the attributes, system attributes and sender are left out.
// The time sent tells what has expired.
constexpr const char* kBareReceiveColumns = "id, message_id, body, body_md5, sent_ms";

void fill_bare_receive_row(store::Statement& s, MessageRow& row) {
  row.row_id = s.int64(0);
  row.message_id = s.string(1);
  row.body = s.string(2);
  row.body_md5 = s.string(3);
  row.sent_ms = s.int64(4);
}

// The lowest and highest of distinct `row_ids` when they are every id between the two (so the
// range holds no other row); otherwise nullopt.
std::optional<std::pair<std::int64_t, std::int64_t>> consecutive_run(
    std::span<const std::int64_t> row_ids) {
  if (row_ids.size() < 2) return std::nullopt;
  auto [low, high] = std::minmax_element(row_ids.begin(), row_ids.end());
  if (*high - *low + 1 != static_cast<std::int64_t>(row_ids.size())) return std::nullopt;
  return std::pair(*low, *high);
}

// The row ids of `entries`, each once, in order: a row id may be listed again for a later message.
std::vector<std::int64_t> distinct_rows(std::span<const visibility_buckets::Listed> entries) {
  std::vector<std::int64_t> ids;
  ids.reserve(entries.size());
  for (const auto& entry : entries)
    if (std::find(ids.begin(), ids.end(), entry.row_id) == ids.end()) ids.push_back(entry.row_id);
  return ids;
}

// The entry among `entries` that names `row`'s message, or none: its entries name a message gone.
const visibility_buckets::Listed* entry_of(std::span<const visibility_buckets::Listed> entries,
                                           const MessageRow& row) {
  std::uint64_t tag = visibility_buckets::entry_tag(row.message_id);
  for (const auto& entry : entries)
    if (entry.row_id == row.row_id && entry.tag == tag) return &entry;
  return nullptr;
}

std::optional<std::int64_t> unless_zero(std::int64_t value) {
  if (value == 0) return std::nullopt;
  return value;
}

visibility_buckets::Listed listed(const MessageRow& row) {
  return {.row_id = row.row_id,
          .tag = visibility_buckets::entry_tag(row.message_id),
          .receive_count = row.receive_count,
          .first_receive_ms = row.first_receive_ms.value_or(0),
          .last_receive_ms = row.last_receive_ms.value_or(0)};
}

// Puts rows read by id (in id order) in the order their ids were listed: the longest visible first.
void order_as_listed(std::span<MessageRow> rows, std::span<const std::int64_t> ids) {
  auto position = [&](const MessageRow& row) {
    return std::find(ids.begin(), ids.end(), row.row_id);
  };
  auto listed_first = [&](const MessageRow& a, const MessageRow& b) {
    return position(a) < position(b);
  };
  // Usually so already: ids are listed as messages were sent, and each move costs.
  if (!std::is_sorted(rows.begin(), rows.end(), listed_first))
    std::sort(rows.begin(), rows.end(), listed_first);
}

// The most row ids one statement names: a receive takes at most ten messages.
constexpr std::size_t kMostAtOnce = 10;

// One statement for every number of row ids up to ten (an IN list) and one for a run of
// consecutive ids (a range, which reads them in one pass where an IN list first builds a temporary
// B-tree), made from `form`, whose {} is the condition on id; the ids are bound from `first`.
struct StatementsByIds {
  std::array<std::string, kMostAtOnce + 1> by_list;
  std::string by_range;
  int first = 0;
};

StatementsByIds statements_by_ids(std::string_view form, int first) {
  StatementsByIds out;
  out.first = first;
  for (std::size_t n = 1; n < out.by_list.size(); ++n) {
    std::string ids = fmt::format("?{}", first);
    for (std::size_t i = 1; i < n; ++i) ids += fmt::format(", ?{}", first + static_cast<int>(i));
    std::string condition = fmt::format("id IN ({})", ids);
    out.by_list[n] = fmt::vformat(form, fmt::make_format_args(condition));
  }
  std::string range = fmt::format("id BETWEEN ?{} AND ?{}", first, first + 1);
  out.by_range = fmt::vformat(form, fmt::make_format_args(range));
  return out;
}

// Runs the statement of `statements` for `ids` (one to ten, distinct) with the parameters before
// the ids bound by `bind_before`, and hands each row it answers to `each_row`.
template <typename BindBefore, typename EachRow>
void run_by_ids(store::Database& db, const StatementsByIds& statements,
                std::span<const std::int64_t> ids, BindBefore bind_before, EachRow each_row) {
  auto run = consecutive_run(ids);
  auto q = db.query(run ? statements.by_range : statements.by_list[ids.size()]);
  bind_before(*q);
  if (run) {
    q->bind(statements.first, run->first).bind(statements.first + 1, run->second);
  } else {
    for (std::size_t i = 0; i < ids.size(); ++i)
      q->bind(statements.first + static_cast<int>(i), ids[i]);
  }
  while (q->step()) each_row(*q);
}

std::optional<std::string_view> non_empty(std::string_view text) {
  if (text.empty()) return std::nullopt;
  return text;
}

// Points the group's row at its oldest remaining message, or drops it when the group is empty.
void refresh_group(store::Database& db, std::int64_t queue_id, const std::string& group_id) {
  std::optional<std::pair<std::int64_t, std::int64_t>> head;
  {
    auto q = db.query(
        "SELECT id, visible_at FROM sqs_messages WHERE queue_id = ? AND group_id = ? "
        "ORDER BY id LIMIT 1");
    q->bind(1, queue_id).bind(2, group_id);
    if (q->step()) head.emplace(q->int64(0), q->int64(1));
  }
  if (!head) {
    db.query("DELETE FROM sqs_fifo_groups WHERE queue_id = ? AND group_id = ?")
        ->bind(1, queue_id)
        .bind(2, group_id)
        .run();
    return;
  }
  db.query(
        "INSERT INTO sqs_fifo_groups (queue_id, group_id, head_id, head_visible_at) "
        "VALUES (?, ?, ?, ?) ON CONFLICT (queue_id, group_id) DO UPDATE SET "
        "head_id = excluded.head_id, head_visible_at = excluded.head_visible_at")
      ->bind(1, queue_id)
      .bind(2, group_id)
      .bind(3, head->first)
      .bind(4, head->second)
      .run();
}

bool grouped(const Queue& queue, const MessageRow& row) {
  return queue.fifo && row.group_id;
}

// When `row` heads its FIFO group, the group index follows its visibility.
void set_group_head_visible_at(store::Database& db, const Queue& queue, const MessageRow& row,
                               std::int64_t visible_at) {
  db.query(
        "UPDATE sqs_fifo_groups SET head_visible_at = ? "
        "WHERE queue_id = ? AND group_id = ? AND head_id = ?")
      ->bind(1, visible_at)
      .bind(2, queue.id)
      .bind(3, *row.group_id)
      .bind(4, row.row_id)
      .run();
}

}  // namespace

std::int64_t insert(store::Database& db, const Queue& queue, const NewMessage& message,
                    std::vector<Unlisted>* list_later) {
  {
    auto q = db.query(
        "INSERT INTO sqs_messages (queue_id, message_id, body, body_md5, attributes, "
        "attributes_md5, system_attributes, sender_id, sent_ms, visible_at, receive_count, "
        "first_receive_ms, group_id, dedup_id, sequence_number) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    // The message's text outlives the statement's run: bound in place, not copied by SQLite.
    q->bind(1, queue.id)
        .bind_unowned(2, message.message_id)
        .bind_blob_unowned(3, message.body)
        .bind_unowned(4, message.body_md5)
        .bind_unowned(5, non_empty(message.attributes_json))
        .bind_unowned(6, non_empty(message.attributes_md5))
        .bind_unowned(7, non_empty(message.system_json))
        .bind_unowned(8, message.sender_id)
        .bind(9, message.sent_ms)
        .bind(10, message.visible_at)
        .bind(11, message.receive_count)
        .bind(12, message.first_receive_ms)
        .bind_unowned(13, message.group_id)
        .bind_unowned(14, message.dedup_id)
        .bind(15, message.sequence_number)
        .run();
  }
  std::int64_t row_id = db.last_insert_rowid();
  if (!queue.fifo) {
    visibility_buckets::Listed entry{.row_id = row_id,
                                     .tag = visibility_buckets::entry_tag(message.message_id),
                                     .receive_count = message.receive_count,
                                     .first_receive_ms = message.first_receive_ms.value_or(0),
                                     .last_receive_ms = 0};
    if (list_later)
      list_later->push_back({message.visible_at, entry});
    else
      visibility_buckets::add(db, queue.id, message.visible_at, std::span(&entry, 1));
  }
  if (queue.fifo && message.group_id) {
    // Row ids only grow, so an existing group already has an older head.
    db.query(
          "INSERT INTO sqs_fifo_groups (queue_id, group_id, head_id, head_visible_at) "
          "VALUES (?, ?, ?, ?) ON CONFLICT (queue_id, group_id) DO NOTHING")
        ->bind(1, queue.id)
        .bind(2, *message.group_id)
        .bind(3, row_id)
        .bind(4, message.visible_at)
        .run();
  }
  return row_id;
}

void list(store::Database& db, const Queue& queue, std::vector<Unlisted>& unlisted) {
  // In order of row id within each visible_at, as one at a time would have listed them.
  std::stable_sort(unlisted.begin(), unlisted.end(), [](const Unlisted& a, const Unlisted& b) {
    return a.visible_at < b.visible_at;
  });
  std::vector<visibility_buckets::Listed> entries;
  for (std::size_t first = 0; first < unlisted.size();) {
    std::size_t end = first;
    entries.clear();
    while (end < unlisted.size() && unlisted[end].visible_at == unlisted[first].visible_at)
      entries.push_back(unlisted[end++].entry);
    visibility_buckets::add(db, queue.id, unlisted[first].visible_at, entries);
    first = end;
  }
  unlisted.clear();
}

std::int64_t next_sequence_number(store::Database& db) {
  auto q = db.query(
      "UPDATE sqs_counters SET value = value + 1 WHERE name = 'fifo_sequence' RETURNING value");
  if (!q->step()) throw std::logic_error("sqs_counters has no fifo_sequence");
  return q->int64(0);
}

std::vector<MessageRow> visible_to_receive(store::Database& db, const Queue& queue,
                                           std::int64_t now, std::size_t limit,
                                           ReceiveColumns columns) {
  // ?1 the queue: a list may name a message deleted or moved since, whose row id a later message
  // may have taken (the entry's tag tells them apart).
  static constexpr std::string_view kForm =
      "SELECT {} FROM sqs_messages WHERE {{}} AND +queue_id = ?1 ORDER BY id";
  static const StatementsByIds bare = statements_by_ids(fmt::format(kForm, kBareReceiveColumns), 2);
  static const StatementsByIds all =
      statements_by_ids(fmt::format(kForm, kStandardReceiveColumns), 2);
  const StatementsByIds& statements = columns == ReceiveColumns::bare ? bare : all;
  auto fill = columns == ReceiveColumns::bare ? fill_bare_receive_row : read_leading_columns;
  std::vector<MessageRow> out;
  out.reserve(limit);
  visibility_buckets::Taker taker(db, queue.id, now);
  // Each round takes as many entries as rows are still wanted; entries whose messages are gone are
  // dropped from their lists, so the next round goes on past them.
  while (out.size() < limit) {
    auto entries = taker.next(std::min(limit - out.size(), kMostAtOnce));
    if (entries.empty()) break;
    std::vector<std::int64_t> ids = distinct_rows(entries);
    std::size_t before = out.size();
    run_by_ids(
        db, statements, ids, [&](store::Statement& q) { q.bind(1, queue.id); },
        [&](store::Statement& q) {
          MessageRow& row = out.emplace_back();
          fill(q, row);
          const auto* entry = entry_of(entries, row);
          if (!entry) {
            out.pop_back();
            return;
          }
          row.receive_count = entry->receive_count;
          row.first_receive_ms = unless_zero(entry->first_receive_ms);
          row.last_receive_ms = unless_zero(entry->last_receive_ms);
        });
    order_as_listed(std::span(out).subspan(before), ids);
  }
  taker.finish();
  return out;
}

std::optional<MessageRow> next_to_move(store::Database& db, const Queue& queue, std::int64_t now) {
  if (!queue.fifo) {
    auto rows = visible_to_receive(db, queue, now, 1, ReceiveColumns::all);
    if (rows.empty()) return std::nullopt;
    return std::move(rows.front());
  }
  // A scan past the messages in flight: move tasks are the only callers that look without
  // receiving.
  static const std::string sql = fmt::format(
      "SELECT {} FROM sqs_messages WHERE queue_id = ?1 AND visible_at <= ?2 "
      "ORDER BY sent_ms, id LIMIT 1",
      kColumns);
  auto q = db.query(sql);
  q->bind(1, queue.id).bind(2, now);
  if (!q->step()) return std::nullopt;
  return read_row(*q);
}

void put_back(store::Database& db, const Queue& queue, const MessageRow& row, std::int64_t now) {
  if (queue.fifo) return;
  auto entry = listed(row);
  visibility_buckets::add(db, queue.id, now, std::span(&entry, 1));
}

std::vector<std::string> ready_groups(store::Database& db, std::int64_t queue_id, std::int64_t now,
                                      std::size_t limit) {
  std::vector<std::string> out;
  auto q = db.query(
      "SELECT group_id FROM sqs_fifo_groups WHERE queue_id = ? AND head_visible_at <= ? "
      "ORDER BY head_visible_at, head_id LIMIT ?");
  q->bind(1, queue_id).bind(2, now).bind(3, static_cast<std::int64_t>(limit));
  while (q->step()) out.push_back(q->string(0));
  return out;
}

std::vector<MessageRow> group_messages(store::Database& db, std::int64_t queue_id,
                                       const std::string& group_id, std::size_t limit) {
  std::vector<MessageRow> out;
  static const std::string sql = fmt::format(
      "SELECT {} FROM sqs_messages WHERE queue_id = ? AND group_id = ? ORDER BY id LIMIT ?",
      kColumns);
  auto q = db.query(sql);
  q->bind(1, queue_id).bind(2, group_id).bind(3, static_cast<std::int64_t>(limit));
  while (q->step()) fill_row(*q, out.emplace_back());
  return out;
}

std::optional<MessageRow> find(store::Database& db, std::int64_t queue_id, std::int64_t row_id) {
  static const std::string sql =
      fmt::format("SELECT {} FROM sqs_messages WHERE id = ? AND queue_id = ?", kColumns);
  auto q = db.query(sql);
  q->bind(1, row_id).bind(2, queue_id);
  if (!q->step()) return std::nullopt;
  return read_row(*q);
}

std::optional<MessageRow> find_to_delete(store::Database& db, std::int64_t queue_id,
                                         std::int64_t row_id) {
  auto q = db.query(
      "SELECT message_id, visible_at, receipt_token, group_id FROM sqs_messages "
      "WHERE id = ? AND queue_id = ?");
  q->bind(1, row_id).bind(2, queue_id);
  if (!q->step()) return std::nullopt;
  MessageRow row;
  row.row_id = row_id;
  row.message_id = q->string(0);
  row.visible_at = q->int64(1);
  row.token = q->int64(2);
  row.group_id = q->optional_string(3);
  return row;
}

void mark_received(store::Database& db, const Queue& queue, const MessageRow& row, std::int64_t now,
                   std::int64_t visible_at, std::int64_t token) {
  db.query(
        "UPDATE sqs_messages SET visible_at = ?, receive_count = receive_count + 1, "
        "first_receive_ms = COALESCE(first_receive_ms, ?), last_receive_ms = ?, "
        "receipt_token = ? WHERE id = ?")
      ->bind(1, visible_at)
      .bind(2, now)
      .bind(3, now)
      .bind(4, token)
      .bind(5, row.row_id)
      .run();
  if (grouped(queue, row)) set_group_head_visible_at(db, queue, row, visible_at);
}

void mark_received(store::Database& db, const Queue& queue, std::span<const MessageRow* const> rows,
                   std::int64_t now, std::int64_t visible_at) {
  std::vector<visibility_buckets::Listed> entries;
  entries.reserve(rows.size());
  for (const MessageRow* row : rows) {
    auto& entry = entries.emplace_back(listed(*row));
    entry.last_receive_ms = now;
  }
  visibility_buckets::add(db, queue.id, visible_at, entries);
}

void set_visible_at(store::Database& db, const Queue& queue, const MessageRow& row,
                    std::int64_t visible_at) {
  db.query("UPDATE sqs_messages SET visible_at = ? WHERE id = ?")
      ->bind(1, visible_at)
      .bind(2, row.row_id)
      .run();
  if (grouped(queue, row)) set_group_head_visible_at(db, queue, row, visible_at);
}

std::optional<Listing> find_listing(store::Database& db, const Queue& queue, const MessageRow& row,
                                    const visibility_buckets::Place& received_at,
                                    std::int64_t now) {
  std::uint64_t tag = visibility_buckets::entry_tag(row.message_id);
  auto listing = [](const visibility_buckets::Place& place,
                    const visibility_buckets::Listed& entry) {
    return Listing{.place = place,
                   .receive_count = entry.receive_count,
                   .last_receive_ms = entry.last_receive_ms};
  };
  // A visibility change lists the message in its own chunk, at the time it keeps in the row.
  visibility_buckets::Place changed_at{.time = row.visible_at, .list_row = row.row_id};
  for (const auto& place : {received_at, changed_at}) {
    if (place.time == 0) continue;
    if (auto entry = visibility_buckets::find(db, queue.id, place, row.row_id, tag)) {
      if (place.time <= now) return std::nullopt;
      return listing(place, *entry);
    }
  }
  if (auto found = visibility_buckets::find_after(db, queue.id, now, row.row_id, tag))
    return listing(found->first, found->second);
  return std::nullopt;
}

void relist(store::Database& db, const Queue& queue, const MessageRow& row, const Listing& listing,
            std::int64_t visible_at) {
  std::uint64_t tag = visibility_buckets::entry_tag(row.message_id);
  auto entry = visibility_buckets::remove(db, queue.id, listing.place, row.row_id, tag);
  if (!entry) return;
  visibility_buckets::add(db, queue.id, visible_at, std::span(&*entry, 1));
  db.query("UPDATE sqs_messages SET visible_at = ? WHERE id = ?")
      ->bind(1, visible_at)
      .bind(2, row.row_id)
      .run();
}

void remove(store::Database& db, const Queue& queue, const MessageRow& row) {
  db.query("DELETE FROM sqs_messages WHERE id = ?")->bind(1, row.row_id).run();
  if (grouped(queue, row)) refresh_group(db, queue.id, *row.group_id);
}

std::optional<std::int64_t> next_visible_at(store::Database& db, const Queue& queue,
                                            std::int64_t now) {
  if (queue.fifo) {
    auto q = db.query(
        "SELECT head_visible_at FROM sqs_fifo_groups WHERE queue_id = ? AND "
        "head_visible_at > ? ORDER BY head_visible_at LIMIT 1");
    q->bind(1, queue.id).bind(2, now);
    if (!q->step()) return std::nullopt;
    return q->int64(0);
  }
  return visibility_buckets::next_after(db, queue.id, now);
}

namespace {

// A pass over a FIFO queue's rows, which keep their visibility and receive count.
Counts counts_by_rows(store::Database& db, std::int64_t queue_id, std::int64_t now) {
  Counts out;
  auto q = db.query(
      "SELECT COALESCE(SUM(visible_at <= ?2), 0), "
      "COALESCE(SUM(visible_at > ?2 AND receive_count > 0), 0), "
      "COALESCE(SUM(visible_at > ?2 AND receive_count = 0), 0) "
      "FROM sqs_messages WHERE queue_id = ?1");
  q->bind(1, queue_id).bind(2, now);
  if (q->step()) {
    out.visible = q->int64(0);
    out.in_flight = q->int64(1);
    out.delayed = q->int64(2);
  }
  return out;
}

// A standard queue's messages not yet visible are those listed after `now`
// (visibility_buckets.hpp), among entries of messages gone: each entry counts, as received
// before (in flight) or not (delayed), when its row is still the queue's and its message's. The
// rest of the queue's rows, counted by the age index alone, are visible.
Counts counts_by_lists(store::Database& db, std::int64_t queue_id, std::int64_t now) {
  std::int64_t total = 0;
  {
    auto q = db.query("SELECT count(*) FROM sqs_messages WHERE queue_id = ?1");
    q->bind(1, queue_id);
    if (q->step()) total = q->int64(0);
  }
  auto entries = visibility_buckets::listed_after(db, queue_id, now);
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.row_id < b.row_id; });
  Counts out;
  auto q = db.query(
      "SELECT id, message_id FROM sqs_messages WHERE id BETWEEN ?1 AND ?2 AND queue_id = ?3");
  // Ids listed together are mostly consecutive: one look per run of them.
  for (std::size_t first = 0; first < entries.size();) {
    std::size_t last = first;
    while (last + 1 < entries.size() && entries[last + 1].row_id <= entries[last].row_id + 1)
      ++last;
    q->bind(1, entries[first].row_id).bind(2, entries[last].row_id).bind(3, queue_id);
    std::size_t at = first;
    while (q->step()) {
      std::int64_t row_id = q->int64(0);
      std::uint64_t tag = visibility_buckets::entry_tag(q->text(1));
      while (at <= last && entries[at].row_id < row_id) ++at;
      for (std::size_t i = at; i <= last && entries[i].row_id == row_id; ++i) {
        if (entries[i].tag != tag) continue;
        (entries[i].receive_count > 0 ? out.in_flight : out.delayed) += 1;
        break;
      }
    }
    q->reset();
    first = last + 1;
  }
  out.visible = total - out.in_flight - out.delayed;
  return out;
}

}  // namespace

Counts counts(store::Database& db, const Queue& queue, std::int64_t now) {
  return queue.fifo ? counts_by_rows(db, queue.id, now) : counts_by_lists(db, queue.id, now);
}

void purge(store::Database& db, std::int64_t queue_id) {
  for (const char* sql : {"DELETE FROM sqs_messages WHERE queue_id = ?",
                          "DELETE FROM sqs_fifo_groups WHERE queue_id = ?",
                          "DELETE FROM sqs_fifo_dedup WHERE queue_id = ?",
                          "DELETE FROM sqs_receive_attempts WHERE queue_id = ?"})
    db.query(sql)->bind(1, queue_id).run();
  visibility_buckets::remove_all(db, queue_id);
}

std::int64_t expire(store::Database& db, const Queue& queue, std::int64_t cutoff_ms) {
  std::vector<std::string> groups;
  if (queue.fifo) {
    auto q = db.query(
        "SELECT DISTINCT group_id FROM sqs_messages WHERE queue_id = ? AND sent_ms <= ? "
        "AND group_id IS NOT NULL");
    q->bind(1, queue.id).bind(2, cutoff_ms);
    while (q->step()) groups.push_back(q->string(0));
  }
  db.query("DELETE FROM sqs_messages WHERE queue_id = ? AND sent_ms <= ?")
      ->bind(1, queue.id)
      .bind(2, cutoff_ms)
      .run();
  std::int64_t removed = db.changes();
  if (!queue.fifo) visibility_buckets::remove_through(db, queue.id, cutoff_ms);
  for (const auto& group : groups) refresh_group(db, queue.id, group);
  return removed;
}

}  // namespace eddy::services::sqs::message_table
