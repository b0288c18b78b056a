#include "services/dynamodb/item_table.hpp"

#include <unordered_map>

#include "services/dynamodb/values/stored_item_text.hpp"

namespace eddy::services::dynamodb::item_table {
namespace {

// ?1..?3: the item's table and key. Bound without copies, as the row below: both outlive the
// statement's run, and the Query unbinds them when it goes.
store::Statement& bind_item_key(store::Statement& statement, std::int64_t table_id,
                                const EncodedKey& key) {
  return statement.bind(1, table_id).bind_blob_unowned(2, key.hash).bind_blob_unowned(3, key.range);
}

// ?1..?3: the item's table and key; ?4..?6: its text, size and expiry.
store::Statement& bind_item_row(store::Statement& statement, std::int64_t table_id,
                                const EncodedKey& key, const ItemRow& row) {
  return bind_item_key(statement, table_id, key)
      .bind_unowned(4, row.text)
      .bind(5, row.size)
      .bind(6, row.expires_at);
}

// ?1..?6: an index entry's table, index and whole key.
store::Statement& bind_index_entry_key(store::Statement& statement, std::int64_t table_id,
                                       const IndexEntry& entry) {
  return statement.bind(1, table_id)
      .bind(2, entry.index_name)
      .bind_blob(3, entry.index_key.hash)
      .bind_blob(4, entry.index_key.range)
      .bind_blob(5, entry.table_key.hash)
      .bind_blob(6, entry.table_key.range);
}

}  // namespace

std::optional<StoredItem> get(store::Database& db, std::int64_t table_id, const EncodedKey& key) {
  auto q = db.query(
      "SELECT item, size FROM ddb_items WHERE table_id = ? AND hash_key = ? AND range_key = ?");
  bind_item_key(*q, table_id, key);
  if (!q->step()) return std::nullopt;
  return StoredItem{parse_stored_item(q->text(0)), q->int64(1)};
}

std::optional<StoredItemText> get_text(store::Database& db, std::int64_t table_id,
                                       const EncodedKey& key) {
  auto q = db.query(
      "SELECT item, size FROM ddb_items WHERE table_id = ? AND hash_key = ? AND range_key = ?");
  bind_item_key(*q, table_id, key);
  if (!q->step()) return std::nullopt;
  return StoredItemText{std::string(q->text(0)), q->int64(1)};
}

void insert(store::Database& db, std::int64_t table_id, const EncodedKey& key, const ItemRow& row) {
  auto q = db.query(
      "INSERT INTO ddb_items (table_id, hash_key, range_key, item, size, expires_at) VALUES "
      "(?, ?, ?, ?, ?, ?)");
  bind_item_row(*q, table_id, key, row).run();
}

void replace(store::Database& db, std::int64_t table_id, const EncodedKey& key,
             const ItemRow& row) {
  auto q = db.query(
      "UPDATE ddb_items SET item = ?4, size = ?5, expires_at = ?6 WHERE table_id = ?1 AND "
      "hash_key = ?2 AND range_key = ?3");
  bind_item_row(*q, table_id, key, row).run();
}

void replace_unexpiring(store::Database& db, std::int64_t table_id, const EncodedKey& key,
                        const ItemRow& row) {
  auto q = db.query(
      "UPDATE ddb_items SET item = ?4, size = ?5 WHERE table_id = ?1 AND hash_key = ?2 AND "
      "range_key = ?3");
  bind_item_key(*q, table_id, key).bind_unowned(4, row.text).bind(5, row.size).run();
}

std::optional<std::int64_t> put_unread(store::Database& db, std::int64_t table_id,
                                       const EncodedKey& key, const ItemRow& row) {
  {
    auto q = db.query(
        "INSERT INTO ddb_items (table_id, hash_key, range_key, item, size, expires_at) VALUES "
        "(?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
    bind_item_row(*q, table_id, key, row).run();
    if (db.changes() == 1) return std::nullopt;
  }
  std::int64_t previous = 0;
  {
    auto q = db.query(
        "SELECT size FROM ddb_items WHERE table_id = ? AND hash_key = ? AND range_key = ?");
    bind_item_key(*q, table_id, key);
    if (q->step()) previous = q->int64(0);
  }
  replace(db, table_id, key, row);
  return previous;
}

void remove(store::Database& db, std::int64_t table_id, const EncodedKey& key) {
  auto q = db.query("DELETE FROM ddb_items WHERE table_id = ? AND hash_key = ? AND range_key = ?");
  bind_item_key(*q, table_id, key).run();
}

std::optional<std::int64_t> remove_unread(store::Database& db, std::int64_t table_id,
                                          const EncodedKey& key) {
  // Its size, then the row: DELETE ... RETURNING size cost twice as much (SQLite runs the
  // whole statement into a buffer of results at the first step).
  std::optional<std::int64_t> size;
  {
    auto q = db.query(
        "SELECT size FROM ddb_items WHERE table_id = ? AND hash_key = ? AND range_key = ?");
    bind_item_key(*q, table_id, key);
    if (q->step()) size = q->int64(0);
  }
  if (size) remove(db, table_id, key);
  return size;
}

std::optional<std::int64_t> put_index_entry(store::Database& db, std::int64_t table_id,
                                            const IndexEntry& entry, const json& projected,
                                            std::int64_t size) {
  // An entry's old size is not at hand (it is of the old item's projection): it comes back from
  // the row an insert conflicts with.
  std::string text = stored_item_text(projected);
  {
    auto q = db.query(
        "INSERT INTO ddb_index_items (table_id, index_name, hash_key, range_key, table_hash_key, "
        "table_range_key, item, size) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
    bind_index_entry_key(*q, table_id, entry).bind(7, text).bind(8, size).run();
    if (db.changes() == 1) return std::nullopt;
  }
  std::int64_t previous = 0;
  {
    auto q = db.query(
        "SELECT size FROM ddb_index_items WHERE table_id = ?1 AND index_name = ?2 AND hash_key = "
        "?3 AND range_key = ?4 AND table_hash_key = ?5 AND table_range_key = ?6");
    if (bind_index_entry_key(*q, table_id, entry).step()) previous = q->int64(0);
  }
  auto q = db.query(
      "UPDATE ddb_index_items SET item = ?7, size = ?8 WHERE table_id = ?1 AND index_name = ?2 AND "
      "hash_key = ?3 AND range_key = ?4 AND table_hash_key = ?5 AND table_range_key = ?6");
  bind_index_entry_key(*q, table_id, entry).bind(7, text).bind(8, size).run();
  return previous;
}

std::optional<std::int64_t> remove_index_entry(store::Database& db, std::int64_t table_id,
                                               const IndexEntry& entry) {
  // Its size, then the row, as remove_unread does (not DELETE ... RETURNING).
  std::optional<std::int64_t> size;
  {
    auto q = db.query(
        "SELECT size FROM ddb_index_items WHERE table_id = ?1 AND index_name = ?2 AND hash_key = "
        "?3 AND range_key = ?4 AND table_hash_key = ?5 AND table_range_key = ?6");
    if (bind_index_entry_key(*q, table_id, entry).step()) size = q->int64(0);
  }
  if (!size) return std::nullopt;
  auto q = db.query(
      "DELETE FROM ddb_index_items WHERE table_id = ?1 AND index_name = ?2 AND hash_key = ?3 AND "
      "range_key = ?4 AND table_hash_key = ?5 AND table_range_key = ?6");
  bind_index_entry_key(*q, table_id, entry).run();
  return size;
}

void remove_index(store::Database& db, std::int64_t table_id, std::string_view index_name) {
  db.query("DELETE FROM ddb_index_items WHERE table_id = ? AND index_name = ?")
      ->bind(1, table_id)
      .bind(2, index_name)
      .run();
}

namespace {

// The SQL of a walk: the item and its size, then (with keys) the row's key and for an index the
// table key.
std::string walk_sql(const KeyRange& range, WalkColumns wanted) {
  bool index = range.index_name.has_value();
  bool keys = wanted == WalkColumns::item_and_keys;
  std::string sql = "SELECT item, size";
  if (keys)
    sql +=
        index ? ", hash_key, range_key, table_hash_key, table_range_key" : ", hash_key, range_key";
  sql += index ? " FROM ddb_index_items WHERE table_id = ?1 AND index_name = ?2"
               : " FROM ddb_items WHERE table_id = ?1";
  if (range.hash) sql += " AND hash_key = ?3";
  if (range.lower) sql += range.lower->inclusive ? " AND range_key >= ?4" : " AND range_key > ?4";
  if (range.upper) sql += range.upper->inclusive ? " AND range_key <= ?5" : " AND range_key < ?5";
  std::vector<std::string> columns;
  if (!range.hash) columns.push_back("hash_key");
  columns.push_back("range_key");
  if (index) {
    columns.push_back("table_hash_key");
    columns.push_back("table_range_key");
  }
  std::string direction = range.forward ? " ASC" : " DESC";
  if (!range.after.empty()) {
    std::string lhs, rhs;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      lhs += (i ? ", " : "") + columns[i];
      rhs += (i ? ", ?" : "?") + std::to_string(6 + i);
    }
    sql += " AND (" + lhs + (range.forward ? ") > (" : ") < (") + rhs + ")";
  }
  sql += " ORDER BY ";
  for (std::size_t i = 0; i < columns.size(); ++i) sql += (i ? ", " : "") + columns[i] + direction;
  return sql;
}

// A walk's SQL depends only on the range's shape: built once per shape and thread, since
// building it cost more than finding its prepared statement.
const std::string& cached_walk_sql(const KeyRange& range, WalkColumns wanted) {
  auto bound_shape = [](const std::optional<RangeBound>& bound) {
    return bound ? (bound->inclusive ? 1u : 2u) : 0u;
  };
  std::uint32_t shape = (range.index_name ? 1u : 0u) | (range.hash ? 2u : 0u) |
                        bound_shape(range.lower) << 2 | bound_shape(range.upper) << 4 |
                        (range.forward ? 1u : 0u) << 6 |
                        (wanted == WalkColumns::item_and_keys ? 1u : 0u) << 7 |
                        static_cast<std::uint32_t>(range.after.size()) << 8;
  thread_local std::unordered_map<std::uint32_t, std::string> sql_by_shape;
  auto it = sql_by_shape.find(shape);
  if (it == sql_by_shape.end()) it = sql_by_shape.emplace(shape, walk_sql(range, wanted)).first;
  return it->second;
}

}  // namespace

KeyRange whole_table(std::int64_t table_id) {
  KeyRange range;
  range.table_id = table_id;
  return range;
}

void walk_rows(store::Database& db, const KeyRange& range, WalkColumns columns,
               const std::function<bool(const RowColumns&)>& visit) {
  auto q = db.query(cached_walk_sql(range, columns));
  q->bind(1, range.table_id);
  if (range.index_name) q->bind(2, *range.index_name);
  if (range.hash) q->bind_blob(3, *range.hash);
  if (range.lower) q->bind_blob(4, range.lower->bytes);
  if (range.upper) q->bind_blob(5, range.upper->bytes);
  for (std::size_t i = 0; i < range.after.size(); ++i)
    q->bind_blob(static_cast<int>(6 + i), range.after[i]);
  RowColumns row(*q, range.index_name.has_value());
  while (q->step())
    if (!visit(row)) break;
}

void walk(store::Database& db, const KeyRange& range,
          const std::function<bool(const Row&)>& visit) {
  walk_rows(db, range, WalkColumns::item_and_keys, [&](const RowColumns& columns) {
    return visit(Row{columns.hash(), columns.range(), columns.table_hash(), columns.table_range(),
                     columns.item(), columns.size()});
  });
}

std::vector<EncodedKey> expired(store::Database& db, std::int64_t table_id, std::int64_t now_s,
                                std::int64_t oldest_s, int limit) {
  auto q = db.query(
      "SELECT hash_key, range_key FROM ddb_items WHERE table_id = ? AND expires_at IS NOT NULL "
      "AND expires_at <= ? AND expires_at >= ? LIMIT ?");
  q->bind(1, table_id).bind(2, now_s).bind(3, oldest_s).bind(4, limit);
  std::vector<EncodedKey> out;
  while (q->step()) out.push_back({q->string(0), q->string(1)});
  return out;
}

void set_expiry(store::Database& db, std::int64_t table_id, const EncodedKey& key,
                std::optional<std::int64_t> expires_at) {
  db.query(
        "UPDATE ddb_items SET expires_at = ? WHERE table_id = ? AND hash_key = ? AND range_key = ?")
      ->bind(1, expires_at)
      .bind(2, table_id)
      .bind_blob(3, key.hash)
      .bind_blob(4, key.range)
      .run();
}

}  // namespace eddy::services::dynamodb::item_table
