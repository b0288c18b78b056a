#pragma once
// Event-source mappings and their per-shard checkpoints in the store. Callers hold the store lock
// (reads) or write through the store's write path.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "eddy/json.hpp"
#include "services/lambda/event_sources/tumbling_window.hpp"
#include "store/database.hpp"

namespace eddy::services::lambda::event_sources {

enum class SourceKind { sqs, kinesis, dynamodb };

// The kind of source an ARN names, or nullopt when Lambda does not poll it.
std::optional<SourceKind> source_kind_of(std::string_view event_source_arn);

struct Mapping {
  std::int64_t seq = 0;
  std::string uuid{};
  std::string account{};
  std::string region{};
  std::string function_arn{};
  std::string event_source_arn{};
  bool enabled = true;
  std::string state_transition_reason{};
  std::int64_t last_modified_ms = 0;
  std::optional<std::string> last_processing_result{};
  // BatchSize, MaximumBatchingWindowInSeconds, StartingPosition, FilterCriteria ... as the API
  // shapes them, defaults filled in.
  json settings = json::object();

  SourceKind kind() const { return *source_kind_of(event_source_arn); }
  // EventSourceMappingConfiguration, with `state` as the operation reports it.
  json describe(std::string_view state) const;
  // The state a mapping at rest is in.
  std::string_view resting_state() const { return enabled ? "Enabled" : "Disabled"; }
};

struct Checkpoint {
  std::string shard_id{};
  std::int64_t position = 0;
  bool finished = false;
  // The tumbling window open on the shard, saved with the position it has seen up to, so that a
  // restart on a data directory goes on with its state.
  std::optional<TumblingWindow> window{};
};

namespace mapping_table {

void insert(store::Database& db, Mapping& mapping);  // sets mapping.seq
void update(store::Database& db, const Mapping& mapping);
void remove(store::Database& db, const std::string& uuid);
std::optional<Mapping> find(store::Database& db, const std::string& uuid);
// Mappings of (account, region), in creation order after `after_seq`, optionally only those of
// one source and/or function; at most `limit`.
std::vector<Mapping> list(store::Database& db, const std::string& account,
                          const std::string& region, const std::optional<std::string>& source_arn,
                          const std::optional<std::string>& function_arn, std::int64_t after_seq,
                          int limit);
// Every mapping of every account, for starting pollers.
std::vector<Mapping> all(store::Database& db);
// The mapping of this function (any qualifier matches only itself) and source, if any.
std::optional<Mapping> find_duplicate(store::Database& db, const std::string& account,
                                      const std::string& region, const std::string& source_arn,
                                      const std::string& function_arn);
void set_last_processing_result(store::Database& db, const std::string& uuid,
                                const std::string& result);

std::vector<Checkpoint> checkpoints(store::Database& db, const std::string& uuid);
void save_checkpoint(store::Database& db, const std::string& uuid, const Checkpoint& checkpoint);

}  // namespace mapping_table
}  // namespace eddy::services::lambda::event_sources
