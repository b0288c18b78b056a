#pragma once
// What a mapping's poller works with: the emulator's store, clock, notifier and executor, the
// in-process APIs of Lambda and the sources, and the switch that stops it.
#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "core/asio.hpp"
#include "eddy/clock.hpp"
#include "engine/notifier.hpp"
#include "services/dynamodbstreams/dynamodb_streams_api.hpp"
#include "services/kinesis/kinesis_api.hpp"
#include "services/lambda/event_sources/mapping_table.hpp"
#include "services/lambda/lambda_api.hpp"
#include "services/sqs/sqs_api.hpp"
#include "store/store.hpp"

namespace eddy::services::lambda::event_sources {

struct EventSourceContext {
  store::Store& store;
  Clock& clock;
  engine::Notifier& notifier;
  asio::io_context& io;
};

struct EventSourceApis {
  LambdaApi& lambda;
  sqs::SqsApi& sqs;
  const kinesis::KinesisApi& kinesis;
  const dynamodbstreams::DynamoDbStreamsApi& dynamodb_streams;
  // The execution role of a function ARN, which Kinesis records name as invokeIdentityArn; the
  // Lambda service supplies it (empty text when unknown).
  std::function<std::string(const std::string& function_arn)> function_role = {};
  // Publishes an on-failure record to an SNS topic through SNS's Publish (the Lambda service
  // supplies it); unset, SNS destinations are logged and skipped.
  std::function<Awaitable<void>(std::string topic_arn, std::string message, std::string account,
                                std::string region)>
      publish_to_topic = {};
};

// One running poller: the mapping as it was started, and the flag that ends it.
struct PollerControl {
  Mapping mapping;
  std::atomic<bool> stopped{false};
  // What the poller waits on: new data in its source, or a stop.
  std::string wake_key;
  // The last LastProcessingResult stored, so an unchanged one is not written again.
  std::string last_result;
};

struct PollerEnvironment {
  EventSourceContext context;
  EventSourceApis apis;
};

// Waits, holding no thread, until the clock reaches `deadline`, the poller is stopped or the
// emulator shuts down (other wake-ups of its key do not end the wait early).
Awaitable<void> sleep_until(PollerEnvironment& env, PollerControl& control, TimePoint deadline);

bool poller_should_stop(const PollerEnvironment& env, const PollerControl& control);

// Stores LastProcessingResult when it changed.
Awaitable<void> record_processing_result(PollerEnvironment& env, PollerControl& control,
                                         std::string result);

}  // namespace eddy::services::lambda::event_sources
