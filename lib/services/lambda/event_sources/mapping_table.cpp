#include "services/lambda/event_sources/mapping_table.hpp"

#include <fmt/format.h>

#include "core/arn.hpp"
#include "core/time_format.hpp"

namespace eddy::services::lambda::event_sources {
namespace {

constexpr std::string_view kMappingColumns =
    "seq, uuid, account, region, function_arn, event_source_arn, enabled, "
    "state_transition_reason, last_modified_ms, last_processing_result, settings";

Mapping mapping_from_row(const store::Statement& row) {
  return Mapping{.seq = row.int64(0),
                 .uuid = row.string(1),
                 .account = row.string(2),
                 .region = row.string(3),
                 .function_arn = row.string(4),
                 .event_source_arn = row.string(5),
                 .enabled = row.int64(6) != 0,
                 .state_transition_reason = row.string(7),
                 .last_modified_ms = row.int64(8),
                 .last_processing_result = row.optional_string(9),
                 .settings = json::parse(row.text(10))};
}

std::string select_mappings(std::string_view where) {
  return fmt::format("SELECT {} FROM lambda_event_source_mappings {}", kMappingColumns, where);
}

}  // namespace

std::optional<SourceKind> source_kind_of(std::string_view event_source_arn) {
  auto arn = Arn::parse(event_source_arn);
  if (!arn) return std::nullopt;
  if (arn->service == "sqs") return SourceKind::sqs;
  if (arn->service == "kinesis" && arn->resource.starts_with("stream/")) return SourceKind::kinesis;
  if (arn->service == "dynamodb" && arn->resource.starts_with("table/") &&
      arn->resource.find("/stream/") != std::string::npos)
    return SourceKind::dynamodb;
  return std::nullopt;
}

json Mapping::describe(std::string_view state) const {
  json out = settings;
  out["UUID"] = uuid;
  out["EventSourceArn"] = event_source_arn;
  out["FunctionArn"] = function_arn;
  out["LastModified"] = static_cast<double>(last_modified_ms) / 1000.0;
  out["State"] = state;
  out["StateTransitionReason"] = state_transition_reason;
  out["EventSourceMappingArn"] =
      make_arn("lambda", region, account, fmt::format("event-source-mapping:{}", uuid));
  if (kind() != SourceKind::sqs)
    out["LastProcessingResult"] = last_processing_result.value_or("No records processed");
  return out;
}

namespace mapping_table {

void insert(store::Database& db, Mapping& mapping) {
  db.query(
        "INSERT INTO lambda_event_source_mappings (uuid, account, region, function_arn, "
        "event_source_arn, enabled, state_transition_reason, last_modified_ms, "
        "last_processing_result, settings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      ->bind(1, mapping.uuid)
      .bind(2, mapping.account)
      .bind(3, mapping.region)
      .bind(4, mapping.function_arn)
      .bind(5, mapping.event_source_arn)
      .bind(6, mapping.enabled ? 1 : 0)
      .bind(7, mapping.state_transition_reason)
      .bind(8, mapping.last_modified_ms)
      .bind(9, mapping.last_processing_result)
      .bind(10, mapping.settings.dump())
      .run();
  mapping.seq = db.last_insert_rowid();
}

void update(store::Database& db, const Mapping& mapping) {
  db.query(
        "UPDATE lambda_event_source_mappings SET function_arn = ?, enabled = ?, "
        "state_transition_reason = ?, last_modified_ms = ?, settings = ? WHERE uuid = ?")
      ->bind(1, mapping.function_arn)
      .bind(2, mapping.enabled ? 1 : 0)
      .bind(3, mapping.state_transition_reason)
      .bind(4, mapping.last_modified_ms)
      .bind(5, mapping.settings.dump())
      .bind(6, mapping.uuid)
      .run();
}

void remove(store::Database& db, const std::string& uuid) {
  db.query("DELETE FROM lambda_event_source_mappings WHERE uuid = ?")->bind(1, uuid).run();
  db.query("DELETE FROM lambda_event_source_checkpoints WHERE uuid = ?")->bind(1, uuid).run();
}

std::optional<Mapping> find(store::Database& db, const std::string& uuid) {
  auto q = db.query(select_mappings("WHERE uuid = ?"));
  q->bind(1, uuid);
  if (!q->step()) return std::nullopt;
  return mapping_from_row(*q);
}

std::vector<Mapping> list(store::Database& db, const std::string& account,
                          const std::string& region, const std::optional<std::string>& source_arn,
                          const std::optional<std::string>& function_arn, std::int64_t after_seq,
                          int limit) {
  auto q = db.query(select_mappings(
      "WHERE account = ?1 AND region = ?2 AND seq > ?3 AND (?5 IS NULL OR event_source_arn = ?5) "
      "AND (?6 IS NULL OR function_arn = ?6) ORDER BY seq LIMIT ?4"));
  q->bind(1, account)
      .bind(2, region)
      .bind(3, after_seq)
      .bind(4, limit)
      .bind(5, source_arn)
      .bind(6, function_arn);
  std::vector<Mapping> out;
  while (q->step()) out.push_back(mapping_from_row(*q));
  return out;
}

std::vector<Mapping> all(store::Database& db) {
  auto q = db.query(select_mappings("ORDER BY seq"));
  std::vector<Mapping> out;
  while (q->step()) out.push_back(mapping_from_row(*q));
  return out;
}

std::optional<Mapping> find_duplicate(store::Database& db, const std::string& account,
                                      const std::string& region, const std::string& source_arn,
                                      const std::string& function_arn) {
  auto q = db.query(select_mappings(
      "WHERE account = ? AND region = ? AND event_source_arn = ? AND function_arn = ? LIMIT 1"));
  q->bind(1, account).bind(2, region).bind(3, source_arn).bind(4, function_arn);
  if (!q->step()) return std::nullopt;
  return mapping_from_row(*q);
}

void set_last_processing_result(store::Database& db, const std::string& uuid,
                                const std::string& result) {
  db.query("UPDATE lambda_event_source_mappings SET last_processing_result = ? WHERE uuid = ?")
      ->bind(1, result)
      .bind(2, uuid)
      .run();
}

std::vector<Checkpoint> checkpoints(store::Database& db, const std::string& uuid) {
  auto q = db.query(
      "SELECT shard_id, position, finished, window_start_ms, window_end_ms, window_state "
      "FROM lambda_event_source_checkpoints WHERE uuid = ?");
  q->bind(1, uuid);
  std::vector<Checkpoint> out;
  while (q->step()) {
    Checkpoint& checkpoint = out.emplace_back(Checkpoint{
        .shard_id = q->string(0), .position = q->int64(1), .finished = q->int64(2) != 0});
    if (!q->is_null(3))
      checkpoint.window = TumblingWindow{.start = time_format::from_epoch_ms(q->int64(3)),
                                         .end = time_format::from_epoch_ms(q->int64(4)),
                                         .state = json::parse(q->text(5))};
  }
  return out;
}

void save_checkpoint(store::Database& db, const std::string& uuid, const Checkpoint& checkpoint) {
  auto q = db.query(
      "INSERT OR REPLACE INTO lambda_event_source_checkpoints (uuid, shard_id, position, "
      "finished, window_start_ms, window_end_ms, window_state) VALUES (?, ?, ?, ?, ?, ?, ?)");
  q->bind(1, uuid)
      .bind(2, checkpoint.shard_id)
      .bind(3, checkpoint.position)
      .bind(4, checkpoint.finished ? 1 : 0);
  if (const auto& window = checkpoint.window)
    q->bind(5, time_format::epoch_ms(window->start))
        .bind(6, time_format::epoch_ms(window->end))
        .bind(7, window->state.dump());
  q->run();
}

}  // namespace mapping_table
}  // namespace eddy::services::lambda::event_sources
