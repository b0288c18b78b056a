#include "services/dynamodbstreams/stream_log.hpp"

#include <mutex>
#include <unordered_map>

#include "core/hashing.hpp"
#include "core/ids.hpp"
#include "services/dynamodb/values/attribute_value.hpp"
#include "services/shards/shard_id.hpp"

namespace eddy::services::dynamodbstreams {
namespace {

// The next sequence number ddbstreams_records' AUTOINCREMENT hands out.
std::int64_t next_stream_sequence(store::Database& db) {
  auto q = db.query("SELECT seq FROM sqlite_sequence WHERE name = 'ddbstreams_records'");
  return q->step() ? q->int64(0) + 1 : 1;
}

// One emulator per database: each registers its notifier under its own database.
std::mutex record_notifiers_mutex;
std::unordered_map<const store::Database*, engine::Notifier*> record_notifiers;

void notify_record_after_commit(store::Database& db, std::string_view stream_arn) {
  engine::Notifier* notifier = nullptr;
  {
    std::lock_guard lock(record_notifiers_mutex);
    auto it = record_notifiers.find(&db);
    if (it != record_notifiers.end()) notifier = it->second;
  }
  if (notifier)
    db.after_commit(
        [notifier, key = stream_records_wake_key(stream_arn)] { notifier->notify(key); });
}

}  // namespace

std::string stream_records_wake_key(std::string_view stream_arn) {
  return "dynamodbstreams:records:" + std::string(stream_arn);
}

void set_record_notifier(store::Database& db, engine::Notifier* notifier) {
  std::lock_guard lock(record_notifiers_mutex);
  if (notifier)
    record_notifiers[&db] = notifier;
  else
    record_notifiers.erase(&db);
}

void open_stream(store::Database& db, const StreamOpening& stream, std::int64_t now_ms) {
  // The shard id's suffix: stable for the stream, different between streams.
  auto suffix = static_cast<std::uint32_t>(
      std::stoul(hashing::md5_hex(stream.arn).substr(0, 8), nullptr, 16));
  db.query(
        "INSERT OR REPLACE INTO ddbstreams_streams (arn, account, region, table_name, label, "
        "view_type, key_schema, shard_id, created_ms, start_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?)")
      ->bind(1, stream.arn)
      .bind(2, stream.account)
      .bind(3, stream.region)
      .bind(4, stream.table_name)
      .bind(5, stream.label)
      .bind(6, stream.view_type)
      .bind(7, stream.key_schema.dump())
      .bind(8, shards::format_stream_shard_id(now_ms, suffix))
      .bind(9, now_ms)
      .bind(10, next_stream_sequence(db))
      .run();
}

void close_stream(store::Database& db, std::string_view arn, std::int64_t now_ms) {
  db.query("UPDATE ddbstreams_streams SET disabled_ms = ? WHERE arn = ? AND disabled_ms IS NULL")
      ->bind(1, now_ms)
      .bind(2, arn)
      .run();
}

void append_record(store::Database& db, const ItemChange& change, std::int64_t now_ms) {
  if (change.old_image && change.new_image && *change.old_image == *change.new_image) return;
  auto q = db.query("SELECT id FROM ddbstreams_streams WHERE arn = ? AND disabled_ms IS NULL");
  q->bind(1, change.stream_arn);
  if (!q->step()) return;
  std::int64_t stream_id = q->int64(0);

  json body = {{"ApproximateCreationDateTime", now_ms / 1000},
               {"Keys", change.keys},
               {"StreamViewType", change.view_type}};
  std::size_t size = dynamodb::item_size(change.keys);
  bool wants_new = change.view_type == "NEW_IMAGE" || change.view_type == "NEW_AND_OLD_IMAGES";
  bool wants_old = change.view_type == "OLD_IMAGE" || change.view_type == "NEW_AND_OLD_IMAGES";
  if (wants_new && change.new_image) {
    body["NewImage"] = *change.new_image;
    size += dynamodb::item_size(*change.new_image);
  }
  if (wants_old && change.old_image) {
    body["OldImage"] = *change.old_image;
    size += dynamodb::item_size(*change.old_image);
  }
  body["SizeBytes"] = size;
  json record = {
      {"eventID", hashing::md5_hex(ids::uuid())},
      {"eventName", !change.old_image   ? "INSERT"
                    : !change.new_image ? "REMOVE"
                                        : "MODIFY"},
      {"eventVersion", "1.1"},
      {"eventSource", "aws:dynamodb"},
      {"awsRegion", change.region},
      {"dynamodb", std::move(body)},
  };
  if (change.cause == ChangeCause::TimeToLive)
    record["userIdentity"] = {{"type", "Service"}, {"principalId", "dynamodb.amazonaws.com"}};
  db.query("INSERT INTO ddbstreams_records (stream_id, created_ms, record) VALUES (?, ?, ?)")
      ->bind(1, stream_id)
      .bind(2, now_ms)
      .bind(3, record.dump())
      .run();
  notify_record_after_commit(db, change.stream_arn);
}

}  // namespace eddy::services::dynamodbstreams
