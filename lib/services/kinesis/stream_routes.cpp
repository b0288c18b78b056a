#include "services/kinesis/stream_routes.hpp"

namespace eddy::services::kinesis {

StreamRoute* StreamRoutes::find(store::Database& db, const std::string& account,
                                const std::string& region, const std::string& name) {
  if (generation_ != stream_table::generation()) {
    routes_.clear();
    generation_ = stream_table::generation();
  }
  std::string key = account;
  key.append(1, '\0').append(region).append(1, '\0').append(name);
  if (auto it = routes_.find(key); it != routes_.end()) return it->second.get();
  auto stream = stream_table::find(db, account, region, name);
  if (!stream) return nullptr;
  auto route = std::make_unique<StreamRoute>();
  route->open_shards = stream_table::open_shards(db, stream->id);
  route->stream = std::move(*stream);
  return routes_.emplace(std::move(key), std::move(route)).first->second.get();
}

std::int64_t StreamRoutes::take_counters(store::Database& db, StreamRoute& route,
                                         std::int64_t count) {
  std::int64_t first = route.stream.next_counter;
  stream_table::set_next_counter(db, route.stream.id, first + count);
  route.stream.next_counter = first + count;
  // Undone in SQLite, so forgotten here: the next put reads the counter again.
  db.on_rollback([this] { routes_.clear(); });
  return first;
}

}  // namespace eddy::services::kinesis
