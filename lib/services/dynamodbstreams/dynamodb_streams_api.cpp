#include "services/dynamodbstreams/dynamodb_streams_api.hpp"

#include "services/dynamodbstreams/stream_rows.hpp"

namespace eddy::services::dynamodbstreams {

std::optional<StreamInfo> DynamoDbStreamsApi::find_stream(std::string_view account,
                                                          std::string_view region,
                                                          std::string_view arn) const {
  auto lock = store_.lock();
  auto stream = stream_rows::find_by_arn(store_.db(), arn);
  if (!stream || stream->account != account || stream->region != region) return std::nullopt;
  return StreamInfo{.arn = stream->arn,
                    .table_name = stream->table_name,
                    .view_type = stream->view_type,
                    .enabled = stream->enabled(),
                    .shards = {{.shard_id = stream->shard_id, .closed = !stream->enabled()}}};
}

std::int64_t DynamoDbStreamsApi::trim_horizon(std::string_view arn) const {
  auto lock = store_.lock();
  auto stream = stream_rows::find_by_arn(store_.db(), arn);
  return stream ? stream_rows::trim_horizon(store_.db(), *stream, clock_.now_ms()) : 0;
}

std::int64_t DynamoDbStreamsApi::latest(std::string_view arn) const {
  auto lock = store_.lock();
  auto stream = stream_rows::find_by_arn(store_.db(), arn);
  if (!stream) return 0;
  auto ending = stream_rows::ending_sequence(store_.db(), *stream);
  return ending ? *ending + 1 : stream_rows::latest_position(store_.db());
}

StreamReadResult DynamoDbStreamsApi::read(std::string_view arn, std::int64_t position,
                                          int limit) const {
  auto lock = store_.lock();
  StreamReadResult result{.next_position = position, .read_at_ms = clock_.now_ms()};
  auto stream = stream_rows::find_by_arn(store_.db(), arn);
  if (!stream) {
    result.shard_finished = true;
    return result;
  }
  if (position <= stream->trimmed_seq) {
    result.trimmed = true;
    return result;
  }
  for (auto& stored :
       stream_rows::read(store_.db(), stream->id, position, limit, result.read_at_ms)) {
    result.records.push_back(std::move(stored.record));
    result.next_position = stored.seq + 1;
  }
  auto ending = stream_rows::ending_sequence(store_.db(), *stream);
  result.shard_finished = ending && result.next_position > *ending;
  return result;
}

}  // namespace eddy::services::dynamodbstreams
