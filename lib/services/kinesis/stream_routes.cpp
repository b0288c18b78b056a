#include "services/kinesis/stream_routes.hpp"

#include <algorithm>

namespace eddy::services::kinesis {

const Shard* StreamRoute::shard(std::int64_t index) const {
  auto it = std::lower_bound(shards.begin(), shards.end(), index,
                             [](const Shard& s, std::int64_t i) { return s.index < i; });
  return it != shards.end() && it->index == index ? &*it : nullptr;
}

void StreamRoutes::drop_if_stale() {
  if (generation_ == stream_table::generation()) return;
  clear();
  generation_ = stream_table::generation();
}

void StreamRoutes::clear() {
  by_name_.clear();
  by_id_.clear();
}

StreamRoute& StreamRoutes::load(store::Database& db, Stream stream) {
  auto route = std::make_shared<StreamRoute>();
  route->shards = stream_table::shards(db, stream.id);
  for (const Shard& shard : route->shards)
    if (shard.open()) route->open_shards.push_back(shard);
  std::sort(route->open_shards.begin(), route->open_shards.end(),
            [](const Shard& a, const Shard& b) { return a.range.start < b.range.start; });
  route->stream = std::move(stream);
  std::int64_t id = route->stream.id;
  return *by_id_.insert_or_assign(id, std::move(route)).first->second;
}

StreamRoute* StreamRoutes::find(store::Database& db, const std::string& account,
                                const std::string& region, const std::string& name) {
  drop_if_stale();
  std::string key = account;
  key.append(1, '\0').append(region).append(1, '\0').append(name);
  if (auto it = by_name_.find(key); it != by_name_.end()) return it->second;
  auto stream = stream_table::find(db, account, region, name);
  if (!stream) return nullptr;
  auto known = by_id_.find(stream->id);
  StreamRoute& route = known != by_id_.end() ? *known->second : load(db, std::move(*stream));
  by_name_.emplace(std::move(key), &route);
  return &route;
}

std::shared_ptr<const StreamRoute> StreamRoutes::find_by_id(store::Database& db,
                                                            std::int64_t stream_id) {
  drop_if_stale();
  if (auto it = by_id_.find(stream_id); it != by_id_.end()) return it->second;
  auto stream = stream_table::find_by_id(db, stream_id);
  if (!stream) return nullptr;
  load(db, std::move(*stream));
  return by_id_.at(stream_id);
}

std::int64_t StreamRoutes::take_counters(StreamRoute& route, std::int64_t count) {
  // Nothing is written: the records stored with these counters remember them. A rolled-back put
  // leaves a gap, never a repeat.
  std::int64_t first = route.stream.next_counter;
  route.stream.next_counter = first + count;
  return first;
}

}  // namespace eddy::services::kinesis
