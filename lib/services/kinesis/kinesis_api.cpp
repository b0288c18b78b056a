#include "services/kinesis/kinesis_api.hpp"

#include <fmt/format.h>

#include "core/arn.hpp"
#include "services/kinesis/kinesis_limits.hpp"
#include "services/kinesis/record_table.hpp"
#include "services/kinesis/shard_reading.hpp"
#include "services/kinesis/stream_table.hpp"
#include "services/shards/shard_id.hpp"

namespace eddy::services::kinesis {
namespace {

// The stream an ARN names, in the ARN's own account and region. Caller holds the store lock.
std::optional<Stream> stream_named_by(store::Database& db, std::string_view arn) {
  auto parsed = Arn::parse(arn);
  if (!parsed || parsed->service != "kinesis" || !parsed->resource.starts_with("stream/"))
    return std::nullopt;
  return stream_table::find(db, parsed->account, parsed->region, parsed->resource.substr(7));
}

std::optional<Shard> shard_named_by(store::Database& db, const Stream& stream,
                                    std::string_view shard_id) {
  auto index = shards::parse_shard_id(shard_id);
  if (!index) return std::nullopt;
  return stream_table::shard(db, stream.id, *index);
}

// The counter just past a shard's records: where LATEST starts.
std::int64_t end_position(const Stream& stream, const Shard& shard) {
  return shard.open() ? stream.next_counter : *shard.ending_counter + 1;
}

}  // namespace

std::string stream_records_wake_key(std::int64_t stream_id) {
  return fmt::format("kinesis:subscribers:{}", stream_id);
}

std::optional<KinesisStreamInfo> KinesisApi::find_stream(std::string_view account,
                                                         std::string_view region,
                                                         std::string_view arn) const {
  auto lock = store_.lock();
  auto& db = store_.db();
  auto stream = stream_named_by(db, arn);
  if (!stream || stream->account != account || stream->region != region) return std::nullopt;
  KinesisStreamInfo info{.arn = stream->arn(), .stream_id = stream->id};
  for (const Shard& shard : stream_table::shards(db, stream->id)) {
    KinesisShardInfo entry{.shard_id = shard.id(), .closed = !shard.open()};
    if (shard.parent) entry.parents.push_back(shards::format_shard_id(*shard.parent));
    if (shard.adjacent_parent)
      entry.parents.push_back(shards::format_shard_id(*shard.adjacent_parent));
    info.shards.push_back(std::move(entry));
  }
  return info;
}

std::optional<std::int64_t> KinesisApi::position(std::string_view arn, std::string_view shard_id,
                                                 KinesisStart start, std::int64_t at_ms) const {
  auto lock = store_.lock();
  auto& db = store_.db();
  auto stream = stream_named_by(db, arn);
  if (!stream) return std::nullopt;
  auto shard = shard_named_by(db, *stream, shard_id);
  if (!shard) return std::nullopt;
  switch (start) {
    case KinesisStart::trim_horizon:
      return shard->starting_counter;
    case KinesisStart::latest:
      return end_position(*stream, *shard);
    case KinesisStart::at_timestamp: {
      auto first = record_table::first_arrived_at(db, shard->records_slot, at_ms);
      return first ? *first : end_position(*stream, *shard);
    }
  }
  return std::nullopt;
}

KinesisReadResult KinesisApi::read(std::string_view arn, std::string_view shard_id,
                                   std::int64_t position, int limit) const {
  auto lock = store_.lock();
  auto& db = store_.db();
  KinesisReadResult result{.next_position = position, .read_at_ms = clock_.now_ms()};
  auto stream = stream_named_by(db, arn);
  auto shard = stream ? shard_named_by(db, *stream, shard_id) : std::nullopt;
  if (!shard) {
    result.shard_finished = true;
    return result;
  }
  auto batch = record_table::read(db, shard->records_slot, position,
                                  stream->retention_cutoff_ms(result.read_at_ms), limit,
                                  kMaxGetRecordsBytes);
  lock.unlock();
  for (const StoredRecord& record : batch.records) {
    if (result.first_arrival_ms == 0) result.first_arrival_ms = record.arrival_ms;
    result.records.push_back(record_json(*stream, shard->index, record));
    result.next_position = record.counter + 1;
  }
  result.shard_finished = !shard->open() && !batch.more;
  return result;
}

}  // namespace eddy::services::kinesis
