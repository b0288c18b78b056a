#pragma once
// The write side of DynamoDB Streams, called by DynamoDB inside the store write that changes a
// table or an item, so a stream record commits (or rolls back) with its change.
#include <cstdint>
#include <string>
#include <string_view>

#include "eddy/json.hpp"
#include "engine/notifier.hpp"
#include "store/database.hpp"

namespace eddy::services::dynamodbstreams {

// A table's stream as it is turned on.
struct StreamOpening {
  std::string_view arn;
  std::string_view account;
  std::string_view region;
  std::string_view table_name;
  std::string_view label;
  std::string_view view_type;
  json key_schema;  // [{AttributeName, KeyType}]
};

void open_stream(store::Database& db, const StreamOpening& stream, std::int64_t now_ms);
// Disables the stream and closes its shard; it stays readable until retention passes.
void close_stream(store::Database& db, std::string_view arn, std::int64_t now_ms);

// Why an item changed: a request, or DynamoDB's TTL deleting it.
enum class ChangeCause { Request, TimeToLive };

struct ItemChange {
  std::string_view stream_arn;
  std::string_view region;
  std::string_view view_type;
  const json& keys;
  const json* old_image;  // null when there was no item
  const json* new_image;  // null when the item is gone
  ChangeCause cause = ChangeCause::Request;
};

// Appends the record of one item change. A write that leaves the item as it was makes none, as
// in AWS.
void append_record(store::Database& db, const ItemChange& change, std::int64_t now_ms);

// What a stream's new record notifies once its write commits, so in-process readers (Lambda's
// event-source pollers) look at once instead of polling.
std::string stream_records_wake_key(std::string_view stream_arn);
// The notifier told of records appended through `db`; null to stop. DynamoDbStreamsService sets
// it, since DynamoDB's item writes reach append_record with the database alone.
void set_record_notifier(store::Database& db, engine::Notifier* notifier);

}  // namespace eddy::services::dynamodbstreams
