#pragma once
// Items and secondary index entries in SQLite (ddb_items, ddb_index_items), keyed by encoded
// keys. Callers hold the store lock; writes run inside a store write.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "eddy/json.hpp"
#include "services/dynamodb/item_keys.hpp"
#include "store/database.hpp"

namespace eddy::services::dynamodb::item_table {

struct StoredItem {
  json item;
  std::int64_t size = 0;
};

std::optional<StoredItem> get(store::Database& db, std::int64_t table_id, const EncodedKey& key);
// The item as stored: its JSON text (values/stored_item_text), not parsed.
struct StoredItemText {
  std::string text;
  std::int64_t size = 0;
};
std::optional<StoredItemText> get_text(store::Database& db, std::int64_t table_id,
                                       const EncodedKey& key);
// The item a write stores: its text (values/stored_item_text.hpp), size and TTL expiry.
struct ItemRow {
  std::string text;
  std::int64_t size = 0;
  std::optional<std::int64_t> expires_at;
};
// Stores an item where the caller read that `key` holds none (insert) or one (replace).
void insert(store::Database& db, std::int64_t table_id, const EncodedKey& key, const ItemRow& row);
void replace(store::Database& db, std::int64_t table_id, const EncodedKey& key, const ItemRow& row);
// replace() on a table without TTL, where every row's expiry is null (UpdateTimeToLive clears them
// when it turns TTL off): the UPDATE leaves that column alone, so SQLite skips the expiry index.
void replace_unexpiring(store::Database& db, std::int64_t table_id, const EncodedKey& key,
                        const ItemRow& row);
// Stores an item where the caller did not read what `key` holds; answers the size of the item it
// replaced, if any. Most such puts are of new keys, so it tries an insert first.
std::optional<std::int64_t> put_unread(store::Database& db, std::int64_t table_id,
                                       const EncodedKey& key, const ItemRow& row);
void remove(store::Database& db, std::int64_t table_id, const EncodedKey& key);
// Removes an item the caller did not read; answers the size of the item removed, if any.
std::optional<std::int64_t> remove_unread(store::Database& db, std::int64_t table_id,
                                          const EncodedKey& key);

// An index entry: the index key, the table key, the projected item.
struct IndexEntry {
  std::string index_name;
  EncodedKey index_key;
  EncodedKey table_key;
};
// Both answer the size of the entry replaced or removed, if there was one.
std::optional<std::int64_t> put_index_entry(store::Database& db, std::int64_t table_id,
                                            const IndexEntry& entry, const json& projected,
                                            std::int64_t size);
std::optional<std::int64_t> remove_index_entry(store::Database& db, std::int64_t table_id,
                                               const IndexEntry& entry);
void remove_index(store::Database& db, std::int64_t table_id, std::string_view index_name);

// A walk over a table's items or an index's entries in key order.
struct RangeBound {
  std::string bytes;
  bool inclusive = true;
};
struct KeyRange {
  std::int64_t table_id = 0;
  std::optional<std::string> index_name;
  std::optional<std::string> hash;  // equality on the partition key (Query); none for Scan
  std::optional<RangeBound> lower;
  std::optional<RangeBound> upper;
  // Continue strictly after (or, backwards, before) this position: with `hash`, the sort key
  // then (for indexes) the table key; without, the partition key first.
  std::vector<std::string> after;
  bool forward = true;
};
// Every item of a table, in key order.
KeyRange whole_table(std::int64_t table_id);

struct Row {
  std::string_view hash;
  std::string_view range;
  std::string_view table_hash;  // indexes only
  std::string_view table_range;
  std::string_view item;  // the item's JSON text
  std::int64_t size;
};
// Calls `visit` on each row in order until it returns false.
void walk(store::Database& db, const KeyRange& range, const std::function<bool(const Row&)>& visit);

// A row of walk_rows, whose columns are read only when asked: a page answered as stored text
// reads the item and its size, and selects the keys only when it needs them.
class RowColumns {
 public:
  RowColumns(const store::Statement& statement, bool index) : row_(statement), index_(index) {}
  std::string_view item() const { return row_.text(0); }
  std::int64_t size() const { return row_.int64(1); }
  // Only in a walk with keys: the row's own key, and the key of the item it is (or indexes).
  std::string_view hash() const { return row_.text(2); }
  std::string_view range() const { return row_.text(3); }
  std::string_view table_hash() const { return row_.text(index_ ? 4 : 2); }
  std::string_view table_range() const { return row_.text(index_ ? 5 : 3); }

 private:
  const store::Statement& row_;
  bool index_;
};
enum class WalkColumns { item, item_and_keys };
void walk_rows(store::Database& db, const KeyRange& range, WalkColumns columns,
               const std::function<bool(const RowColumns&)>& visit);

// TTL: the keys of items whose expiry passed (at most `limit`), and setting an item's expiry.
std::vector<EncodedKey> expired(store::Database& db, std::int64_t table_id, std::int64_t now_s,
                                std::int64_t oldest_s, int limit);
void set_expiry(store::Database& db, std::int64_t table_id, const EncodedKey& key,
                std::optional<std::int64_t> expires_at);

}  // namespace eddy::services::dynamodb::item_table
