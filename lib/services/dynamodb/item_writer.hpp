#pragma once
// The one place an item changes. Every write path (PutItem, UpdateItem, DeleteItem, batches,
// transactions, the TTL sweep) calls write_item_change with the item before and after, so the
// table row, its secondary index entries and its stream record stay in step.
#include <optional>

#include "eddy/json.hpp"
#include "services/dynamodb/item_keys.hpp"
#include "services/dynamodb/item_stats.hpp"
#include "services/dynamodb/item_table.hpp"
#include "services/dynamodb/table.hpp"
#include "services/dynamodb/values/item_text_reader.hpp"
#include "services/dynamodbstreams/stream_log.hpp"
#include "store/database.hpp"

namespace eddy::services::dynamodb {

// `old` / `new_item` are null when there was / will be no item; `old` is the stored item the
// caller read, inside this store write (its item read only for indexes and the stream: a caller
// may have moved it into `new_item` on a table with neither). `now_ms` (the emulator's clock) and
// `cause` go into the table's stream record, when it has a stream. `stats` follows the rows.
void write_item_change(store::Database& db, ItemStats& stats, const Table& table,
                       const EncodedKey& key, const item_table::StoredItem* old,
                       const json* new_item, std::int64_t now_ms,
                       dynamodbstreams::ChangeCause cause = dynamodbstreams::ChangeCause::Request);

// An item ready to be stored in a table: its encoded key and its row (text, size, TTL expiry).
// Built before the store write, whose section runs one write at a time, so that the write only
// stores it; valid for the table it was built for (a TablePtr: a changed table is a new one).
struct ItemToStore {
  EncodedKey key;
  item_table::ItemRow row;
};
// Checks the item's key attributes against the table (check_item_keys) and builds its row.
// `size` is item_size(item), known from the item's validation.
ItemToStore prepare_item_to_store(const Table& table, const json& item, std::size_t size);
// The same for an item whose primary key is already checked and encoded as `key` (an updated
// item, whose key an update cannot change): only its index key attributes are checked.
ItemToStore prepare_item_to_store(const Table& table, const json& item, std::size_t size,
                                  const EncodedKey& key);

// The same from an item read from request text, when that needs no json value: on a table
// without secondary indexes (whose key attributes are checked on the item's json), an item whose
// key attributes are present, of the defined types and not empty. Nothing otherwise: then the
// json item's prepare_item_to_store gives the row, or the error.
std::optional<ItemToStore> prepare_text_item_to_store(const Table& table, const ItemText& item);

// write_item_change storing `put` (prepared from `new_item` for this table).
void write_item_change(store::Database& db, ItemStats& stats, const Table& table,
                       const ItemToStore& put, const item_table::StoredItem* old,
                       const json& new_item, std::int64_t now_ms);

// The same without the new item as json, for a table without indexes or a stream (which read it).
void write_item_change_without_json(store::Database& db, ItemStats& stats, const Table& table,
                                    const ItemToStore& put, const item_table::StoredItem* old);

// Replaces an item the caller read (its size `old_size`) with `put`, on a table without indexes or
// a stream (whose entries and records would need both items).
void replace_item_without_json(store::Database& db, ItemStats& stats, const Table& table,
                               const ItemToStore& put, std::int64_t old_size);

// Stores an item without reading the item it replaces, for a put that needs nothing of it: no
// condition, ReturnValues or capacity, on a table without indexes or a stream (whose entries
// and records would need it).
void put_item_unread(store::Database& db, ItemStats& stats, const Table& table,
                     const ItemToStore& put);

// Deletes an item without reading it, for a delete that needs nothing of it: as put_item_unread.
void delete_item_unread(store::Database& db, ItemStats& stats, const Table& table,
                        const EncodedKey& key);

// The attributes of `item` an index holds, by its projection type.
json project_for_index(const Table& table, const SecondaryIndex& index, const json& item);

// Writes the index entries of every existing item (a GSI added by UpdateTable).
void backfill_index(store::Database& db, ItemStats& stats, const Table& table,
                    const SecondaryIndex& index);

// The item's TTL expiry in epoch seconds, when the table has TTL on and the attribute is a number.
std::optional<std::int64_t> expiry_of(const Table& table, const json& item);
// The expiry a TTL attribute's (normalised) number text gives.
std::optional<std::int64_t> expiry_of_number(std::string_view number);

}  // namespace eddy::services::dynamodb
