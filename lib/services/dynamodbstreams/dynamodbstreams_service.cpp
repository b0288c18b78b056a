#include "services/dynamodbstreams/dynamodbstreams_service.hpp"

#include "services/dynamodbstreams/dynamodbstreams_errors.hpp"
#include "services/dynamodbstreams/dynamodbstreams_schema.hpp"
#include "services/dynamodbstreams/stream_log.hpp"
#include "store/clear_tables.hpp"

namespace eddy::services::dynamodbstreams {

const OperationTable<DynamoDbStreamsService>& DynamoDbStreamsService::operations() {
  static const OperationTable<DynamoDbStreamsService> table{
      {"DescribeStream", &DynamoDbStreamsService::DescribeStream},
      {"GetRecords", &DynamoDbStreamsService::GetRecords},
      {"GetShardIterator", &DynamoDbStreamsService::GetShardIterator},
      {"ListStreams", &DynamoDbStreamsService::ListStreams},
  };
  return table;
}

DynamoDbStreamsService::DynamoDbStreamsService(const ServiceContext& context) : context_(context) {
  auto lock = context_.store.lock();
  set_record_notifier(context_.store.db(), &context_.notifier);
}

void DynamoDbStreamsService::prepare(store::Database& db) {
  migrate_dynamodbstreams_schema(db);
}

DynamoDbStreamsService::~DynamoDbStreamsService() {
  auto lock = context_.store.lock();
  set_record_notifier(context_.store.db(), nullptr);
}

const protocol::ServiceDescription& DynamoDbStreamsService::description() const {
  static const protocol::ServiceDescription description{
      .name = "dynamodbstreams",
      .target_prefix = "DynamoDBStreams_20120810",
      .json_version = "1.0",
      .error_namespace = "com.amazonaws.dynamodb.v20120810#",
      .operations = operations().names(),
  };
  return description;
}

Awaitable<json> DynamoDbStreamsService::call(const Call& call) {
  std::optional<json> out;
  try {
    out = co_await operations().dispatch(*this, call);
  } catch (const json::exception&) {
    // A member of the wrong JSON type, met while reading the request.
  }
  if (!out) throw streams_errors::serialization();
  co_return std::move(*out);
}

void DynamoDbStreamsService::start() {
  context_.scheduler.every("dynamodbstreams:trim", std::chrono::milliseconds(1000),
                           [this] { return sweep_trimmed_records(); });
}

void DynamoDbStreamsService::reset(store::Database& db) {
  store::clear_tables(db, "ddbstreams_");
}

StreamRow DynamoDbStreamsService::stream_for(const Call& call) const {
  streams_errors::ConstraintErrors errors;
  const std::string* arn =
      streams_errors::check_string(errors, call.input, "StreamArn", "streamArn", 37, 1024, true);
  errors.throw_if_any();
  auto stream = stream_rows::find_by_arn(context_.store.db(), *arn);
  if (!stream || stream->account != call.account || stream->region != call.region)
    throw streams_errors::stream_not_found(*arn);
  return *stream;
}

// Trims records past retention, and streams disabled longer than it. Reads already skip them.
Awaitable<std::optional<TimePoint>> DynamoDbStreamsService::sweep_trimmed_records() {
  co_await context_.store.write(
      [this](store::Database& db) { stream_rows::trim(db, context_.clock.now_ms()); });
  co_return std::nullopt;
}

}  // namespace eddy::services::dynamodbstreams
