#pragma once
// Streams and their shards in the store. Callers hold the store lock (reads) or write through the
// store's write path.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "eddy/json.hpp"
#include "services/shards/hash_key.hpp"
#include "store/database.hpp"

namespace eddy::services::kinesis {

struct Stream {
  std::int64_t id = 0;
  std::string account;
  std::string region;
  std::string name;
  std::int64_t created_ms = 0;
  std::string mode = "PROVISIONED";
  std::int64_t retention_hours = 24;
  std::string encryption_type = "NONE";
  std::optional<std::string> key_id;
  json shard_level_metrics = json::array();
  std::int64_t next_shard_index = 0;
  std::int64_t next_counter = 1;

  std::string arn() const;
  // Records that arrived before this are past retention.
  std::int64_t retention_cutoff_ms(std::int64_t now_ms) const {
    return now_ms - retention_hours * 3'600'000;
  }
};

struct Shard {
  std::int64_t stream_id = 0;
  std::int64_t index = 0;
  std::optional<std::int64_t> parent;
  std::optional<std::int64_t> adjacent_parent;
  shards::HashKeyRange range;
  std::int64_t created_ms = 0;
  std::int64_t starting_counter = 0;
  std::optional<std::int64_t> ending_counter;
  std::optional<std::int64_t> closed_ms;
  // The stream's creation: every sequence number of the stream encodes it.
  std::int64_t stream_created_ms = 0;
  // Its records' table (record_table).
  std::int64_t records_slot = 0;

  bool open() const { return !ending_counter.has_value(); }
  std::string id() const;
  std::string starting_sequence_number() const;
  std::optional<std::string> ending_sequence_number() const;
  // As DescribeStream and ListShards write it.
  json describe() const;
};

namespace stream_table {

// Moves whenever a stream's row or shards change (except set_next_counter), and again when such
// a write rolls back: what was read before it may be stale. StreamRoutes drops its cache then.
// One count for every emulator in the process: a change elsewhere costs a reload, never a stale
// read.
std::uint64_t generation();

std::optional<Stream> find(store::Database& db, const std::string& account,
                           const std::string& region, const std::string& name);
std::optional<Stream> find_by_id(store::Database& db, std::int64_t id);
// The streams of an account and region, by name, after `after` (exclusive) when given.
std::vector<Stream> list(store::Database& db, const std::string& account, const std::string& region,
                         const std::string& after, int limit);
// Returns the new stream's id.
std::int64_t insert(store::Database& db, const Stream& stream);
// Deletes the stream with its shards, records, tags and consumers.
void remove(store::Database& db, std::int64_t stream_id);
void update_settings(store::Database& db, const Stream& stream);
// Hands out `count` consecutive counters and returns the first. A Stream's next_counter is past
// the counter its row last handed out and past every record it holds: puts take theirs from
// StreamRoutes and store only their records.
std::int64_t take_counters(store::Database& db, std::int64_t stream_id, std::int64_t count);
// Before the records that remember it go: no later counter may be `counter` or less. Moves no
// generation(): cached routes are past it already.
void keep_counter_past(store::Database& db, std::int64_t stream_id, std::int64_t counter);
// Hands out the next shard index.
std::int64_t take_shard_index(store::Database& db, std::int64_t stream_id);
// Open shards of every stream of an account and region: the shard limit counts them.
std::int64_t open_shard_count(store::Database& db, const std::string& account,
                              const std::string& region);

std::vector<Shard> shards(store::Database& db, std::int64_t stream_id);
std::vector<Shard> open_shards(store::Database& db, std::int64_t stream_id);
std::optional<Shard> shard(store::Database& db, std::int64_t stream_id, std::int64_t index);
// Gives the shard a free record slot (its records' table), whatever `shard.records_slot` says.
void insert_shard(store::Database& db, const Shard& shard);
void close_shard(store::Database& db, std::int64_t stream_id, std::int64_t index,
                 std::int64_t ending_counter, std::int64_t closed_ms);

}  // namespace stream_table
}  // namespace eddy::services::kinesis
