#include "services/dynamodb/item_writer.hpp"

#include <charconv>
#include <stdexcept>

#include "services/dynamodb/values/attribute_value.hpp"
#include "services/dynamodb/values/key_encoding.hpp"
#include "services/dynamodb/values/stored_item_text.hpp"

namespace eddy::services::dynamodb {
namespace {

// The index entry `item` makes, if it has the index's key attributes (indexes are sparse).
std::optional<item_table::IndexEntry> index_entry_of(const Table& table,
                                                     const SecondaryIndex& index, const json& item,
                                                     const EncodedKey& key) {
  auto hash = item.find(index.keys.hash);
  if (hash == item.end() || attribute_type(*hash) != table.type_of(index.keys.hash))
    return std::nullopt;
  item_table::IndexEntry entry{index.name, {encode_key_value(*hash), {}}, key};
  if (index.keys.range) {
    auto range = item.find(*index.keys.range);
    if (range == item.end() || attribute_type(*range) != table.type_of(*index.keys.range))
      return std::nullopt;
    entry.index_key.range = encode_key_value(*range);
  }
  return entry;
}

void put_index_entry_of(store::Database& db, ItemStats& stats, const Table& table,
                        const SecondaryIndex& index, const item_table::IndexEntry& entry,
                        const json& item) {
  json projected = project_for_index(table, index, item);
  auto size = static_cast<std::int64_t>(item_size(projected));
  auto previous = item_table::put_index_entry(db, table.id, entry, projected, size);
  stats.add_to_index(db, table.id, index.name, previous ? 0 : 1, size - previous.value_or(0));
}

item_table::ItemRow item_row_of(const Table& table, const json& item, std::size_t size) {
  return {stored_item_text(item), static_cast<std::int64_t>(size), expiry_of(table, item)};
}

// The item's primary key attributes, a stream record's Keys.
json stream_keys_of(const Table& table, const json& item) {
  json keys = json::object();
  keys[table.keys.hash] = item.at(table.keys.hash);
  if (table.keys.range) keys[*table.keys.range] = item.at(*table.keys.range);
  return keys;
}

}  // namespace

json project_for_index(const Table& table, const SecondaryIndex& index, const json& item) {
  if (index.projection.type == "ALL") return item;
  json out = json::object();
  auto copy = [&](const std::string& name) {
    auto it = item.find(name);
    if (it != item.end()) out[name] = *it;
  };
  copy(table.keys.hash);
  if (table.keys.range) copy(*table.keys.range);
  copy(index.keys.hash);
  if (index.keys.range) copy(*index.keys.range);
  for (const auto& name : index.projection.non_key_attributes) copy(name);
  return out;
}

std::optional<std::int64_t> expiry_of(const Table& table, const json& item) {
  if (!table.ttl_attribute) return std::nullopt;
  auto it = item.find(*table.ttl_attribute);
  if (it == item.end() || !it->contains("N")) return std::nullopt;
  return expiry_of_number((*it)["N"].get_ref<const std::string&>());
}

std::optional<std::int64_t> expiry_of_number(std::string_view number) {
  // Normalised numbers carry no exponent: the whole part is the text before any '.'.
  std::string_view whole = number.substr(0, number.find('.'));
  std::int64_t seconds = 0;
  auto [end, error] = std::from_chars(whole.data(), whole.data() + whole.size(), seconds);
  if (error != std::errc() || end != whole.data() + whole.size()) return std::nullopt;
  return seconds;
}

namespace {

// What write_item_change does once the item's row is written: the table's counts, its index
// entries and its stream record.
void follow_item_change(store::Database& db, ItemStats& stats, const Table& table,
                        const EncodedKey& key, const item_table::StoredItem* old,
                        const json* new_item, const item_table::ItemRow* new_row,
                        std::int64_t now_ms, dynamodbstreams::ChangeCause cause) {
  const json* old_item = old ? &old->item : nullptr;
  if (new_row)
    stats.add_to_table(db, table.id, old ? 0 : 1, new_row->size - (old ? old->size : 0));
  else if (old)
    stats.add_to_table(db, table.id, -1, -old->size);
  for (const auto& index : table.indexes) {
    auto before = old_item ? index_entry_of(table, index, *old_item, key) : std::nullopt;
    auto after = new_item ? index_entry_of(table, index, *new_item, key) : std::nullopt;
    if (before && (!after || before->index_key != after->index_key))
      if (auto removed = item_table::remove_index_entry(db, table.id, *before))
        stats.add_to_index(db, table.id, index.name, -1, -*removed);
    if (after) put_index_entry_of(db, stats, table, index, *after, *new_item);
  }
  if (table.stream_enabled && (old_item || new_item)) {
    json keys = stream_keys_of(table, new_item ? *new_item : *old_item);
    dynamodbstreams::append_record(db,
                                   {.stream_arn = table.stream_arn(),
                                    .region = table.region,
                                    .view_type = table.stream_view_type,
                                    .keys = keys,
                                    .old_image = old_item,
                                    .new_image = new_item,
                                    .cause = cause},
                                   now_ms);
  }
}

// write_item_change with the new item's row, if any, built.
void store_item_change(store::Database& db, ItemStats& stats, const Table& table,
                       const EncodedKey& key, const item_table::StoredItem* old,
                       const json* new_item, const item_table::ItemRow* new_row,
                       std::int64_t now_ms, dynamodbstreams::ChangeCause cause) {
  if (new_row) {
    if (old)
      item_table::replace(db, table.id, key, *new_row);
    else
      item_table::insert(db, table.id, key, *new_row);
  } else if (old) {
    item_table::remove(db, table.id, key);
  }
  follow_item_change(db, stats, table, key, old, new_item, new_row, now_ms, cause);
}

}  // namespace

void write_item_change(store::Database& db, ItemStats& stats, const Table& table,
                       const EncodedKey& key, const item_table::StoredItem* old,
                       const json* new_item, std::int64_t now_ms,
                       dynamodbstreams::ChangeCause cause) {
  std::optional<item_table::ItemRow> row;
  if (new_item) row = item_row_of(table, *new_item, item_size(*new_item));
  store_item_change(db, stats, table, key, old, new_item, row ? &*row : nullptr, now_ms, cause);
}

ItemToStore prepare_item_to_store(const Table& table, const json& item, std::size_t size) {
  check_item_keys(table, item);
  return {encode_key(table, item), item_row_of(table, item, size)};
}

ItemToStore prepare_item_to_store(const Table& table, const json& item, std::size_t size,
                                  const EncodedKey& key) {
  check_index_keys(table, item);
  return {key, item_row_of(table, item, size)};
}

std::optional<ItemToStore> prepare_text_item_to_store(const Table& table, const ItemText& item) {
  if (!table.indexes.empty()) return std::nullopt;
  std::optional<EncodedKey> key = encoded_item_key_text(table, item);
  if (!key) return std::nullopt;
  std::optional<std::int64_t> expires_at;
  if (table.ttl_attribute)
    if (const AttributeText* ttl = item.find(*table.ttl_attribute); ttl && ttl->type == "N")
      expires_at = expiry_of_number(ttl->value);
  return ItemToStore{std::move(*key),
                     {item.stored_text, static_cast<std::int64_t>(item.size), expires_at}};
}

void write_item_change(store::Database& db, ItemStats& stats, const Table& table,
                       const ItemToStore& put, const item_table::StoredItem* old,
                       const json& new_item, std::int64_t now_ms) {
  store_item_change(db, stats, table, put.key, old, &new_item, &put.row, now_ms,
                    dynamodbstreams::ChangeCause::Request);
}

void write_item_change_without_json(store::Database& db, ItemStats& stats, const Table& table,
                                    const ItemToStore& put, const item_table::StoredItem* old) {
  // Only index entries and stream records read the new item: a table with either needs it.
  if (!table.indexes.empty() || table.stream_enabled)
    throw std::logic_error("an item change on a table with indexes or a stream needs the item");
  store_item_change(db, stats, table, put.key, old, nullptr, &put.row, 0,
                    dynamodbstreams::ChangeCause::Request);
}

void put_item_unread(store::Database& db, ItemStats& stats, const Table& table,
                     const ItemToStore& put) {
  auto previous = item_table::put_unread(db, table.id, put.key, put.row);
  stats.add_to_table(db, table.id, previous ? 0 : 1, put.row.size - previous.value_or(0));
}

void replace_item_without_json(store::Database& db, ItemStats& stats, const Table& table,
                               const ItemToStore& put, std::int64_t old_size) {
  if (!table.indexes.empty() || table.stream_enabled)
    throw std::logic_error("an item change on a table with indexes or a stream needs the items");
  if (table.ttl_attribute)
    item_table::replace(db, table.id, put.key, put.row);
  else
    item_table::replace_unexpiring(db, table.id, put.key, put.row);
  stats.add_to_table(db, table.id, 0, put.row.size - old_size);
}

void delete_item_unread(store::Database& db, ItemStats& stats, const Table& table,
                        const EncodedKey& key) {
  if (auto removed = item_table::remove_unread(db, table.id, key))
    stats.add_to_table(db, table.id, -1, -*removed);
}

void backfill_index(store::Database& db, ItemStats& stats, const Table& table,
                    const SecondaryIndex& index) {
  std::vector<std::pair<EncodedKey, json>> items;
  item_table::walk(db, item_table::whole_table(table.id), [&](const item_table::Row& row) {
    items.emplace_back(EncodedKey{std::string(row.hash), std::string(row.range)},
                       parse_stored_item(row.item));
    return true;
  });
  for (const auto& [key, item] : items)
    if (auto entry = index_entry_of(table, index, item, key))
      put_index_entry_of(db, stats, table, index, *entry, item);
}

}  // namespace eddy::services::dynamodb
