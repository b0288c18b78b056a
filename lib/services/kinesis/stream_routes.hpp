#pragma once
// What a put needs to know about its stream, kept in memory: the stream, its open shards in
// hash-key order, and its next record counter. A PutRecord then reads nothing from SQLite and
// writes only its record and the counter. Any other change to a stream or its shards (stream_table
// bumps its generation) drops every cached route, as does a rollback of a write that took
// counters. Callers hold the store lock.
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
  std::vector<Shard> open_shards;  // by starting hash key
};

class StreamRoutes {
 public:
  // nullptr when (account, region) has no stream of that name.
  StreamRoute* find(store::Database& db, const std::string& account, const std::string& region,
                    const std::string& name);
  // Hands out `count` consecutive counters of the route's stream and returns the first.
  std::int64_t take_counters(store::Database& db, StreamRoute& route, std::int64_t count);
  void clear() { routes_.clear(); }

 private:
  std::unordered_map<std::string, std::unique_ptr<StreamRoute>> routes_;
  std::uint64_t generation_ = 0;  // stream_table::generation() the routes were read at
};

}  // namespace eddy::services::kinesis
