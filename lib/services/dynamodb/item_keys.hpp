#pragma once
// An item's primary key: checked against the table's key schema and encoded for storage.
#include <optional>
#include <string>

#include "eddy/json.hpp"
#include "services/dynamodb/table.hpp"
#include "services/dynamodb/values/item_text_reader.hpp"

namespace eddy::services::dynamodb {

// Encoded partition and sort key (values/key_encoding.hpp); range is empty without a sort key.
struct EncodedKey {
  std::string hash;
  std::string range;
  bool operator==(const EncodedKey&) const = default;
  auto operator<=>(const EncodedKey&) const = default;
};

// A request's Key member (GetItem, DeleteItem, UpdateItem, batches): exactly the key attributes,
// of the defined types, normalised. Throws ValidationException as AWS does.
json checked_key(const Table& table, const json& key);
// The same checks, answering the key encoded (encode_key of checked_key) without building it.
EncodedKey checked_encoded_key(const Table& table, const json& key);

// checked_encoded_key for a Key read from request text, when it passes those checks; nothing when
// checked_encoded_key would throw (the json Key then gives the error).
std::optional<EncodedKey> checked_encoded_key_text(const Table& table, const ItemText& key);
// The encoded primary key of an item read from request text, when check_item_keys would pass
// its primary key attributes; nothing otherwise.
std::optional<EncodedKey> encoded_item_key_text(const Table& table, const ItemText& item);

// The key attributes of an item about to be stored (PutItem): present, of the defined types,
// not empty; index key attributes, when present, of their defined types too.
void check_item_keys(const Table& table, const json& item);
// Only the index key attributes of check_item_keys, for an item whose primary key is known good.
void check_index_keys(const Table& table, const json& item);

// The key attributes of `item` (which has them): {hash: v, range: v}.
json key_of(const Table& table, const json& item);
EncodedKey encode_key(const Table& table, const json& item);

// Checks an ExclusiveStartKey for a table or index (`index` may be null) and returns it
// normalised. Throws "The provided starting key is invalid: ...".
json checked_start_key(const Table& table, const SecondaryIndex* index, const json& start_key);

}  // namespace eddy::services::dynamodb
