#pragma once
// What puts and reads need to know about a stream, kept in memory: the stream, its shards, and
// its next record counter. A PutRecord then reads nothing from SQLite and writes only its record;
// a GetRecords reads only records. Any other change to a stream or its shards (stream_table bumps
// its generation) drops every cached route. Callers hold the store lock.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "services/kinesis/stream_table.hpp"
#include "store/database.hpp"

namespace eddy::services::kinesis {

struct StreamRoute {
  Stream stream;                   // stream.next_counter is kept current by take_counters
  std::vector<Shard> shards;       // every shard, by index
  std::vector<Shard> open_shards;  // by starting hash key

  // nullptr when the stream has no shard of that index.
  const Shard* shard(std::int64_t index) const;
};

class StreamRoutes {
 public:
  // nullptr when (account, region) has no stream of that name.
  StreamRoute* find(store::Database& db, const std::string& account, const std::string& region,
                    const std::string& name);
  // The stream of that row id, or nullptr. Shared, so a reader may keep using it after releasing
  // the store lock: a later change replaces the cached route rather than changing this one (only
  // stream.next_counter moves in place, under the lock).
  std::shared_ptr<const StreamRoute> find_by_id(store::Database& db, std::int64_t stream_id);
  // Hands out `count` consecutive counters of the route's stream and returns the first.
  std::int64_t take_counters(StreamRoute& route, std::int64_t count);
  void clear();

 private:
  void drop_if_stale();
  StreamRoute& load(store::Database& db, Stream stream);

  std::unordered_map<std::int64_t, std::shared_ptr<StreamRoute>> by_id_;
  std::unordered_map<std::string, StreamRoute*> by_name_;  // into by_id_
  std::uint64_t generation_ = 0;  // stream_table::generation() the routes were read at
};

}  // namespace eddy::services::kinesis
