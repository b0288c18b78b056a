#pragma once
// Lambda's event-source mappings: CreateEventSourceMapping and its siblings, stored under the
// migration owner "lambda_event_sources", and the pollers that feed SQS messages, Kinesis records
// and DynamoDB stream records to functions through LambdaApi. The Lambda service owns one, routes
// the five operations (routes()) to it and calls start() once every service exists.
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "protocol/service_description.hpp"
#include "services/lambda/event_sources/poller_environment.hpp"

namespace eddy::services::lambda::event_sources {

class EventSourceMappings {
 public:
  EventSourceMappings(EventSourceContext context, EventSourceApis apis);
  ~EventSourceMappings();
  EventSourceMappings(const EventSourceMappings&) = delete;
  EventSourceMappings& operator=(const EventSourceMappings&) = delete;

  // The REST routes of the five operations under /2015-03-31/event-source-mappings.
  static std::vector<protocol::RestRoute> routes();
  static bool handles(std::string_view operation);
  // Runs one of the five operations (for a service's dispatch). Throws AwsError.
  // Coroutines take their arguments by value: a caller's temporaries may be gone when they run.
  Awaitable<json> call(std::string operation, json input, std::string account, std::string region);

  Awaitable<json> create(json input, std::string account, std::string region);
  json get(const json& input, const std::string& account, const std::string& region);
  json list(const json& input, const std::string& account, const std::string& region);
  Awaitable<json> update(json input, std::string account, std::string region);
  Awaitable<json> remove(json input, std::string account, std::string region);

  // Creates or upgrades the mappings' table, with the store lock held, before start().
  void prepare(store::Database& db);
  // Starts a poller for every enabled mapping in the store (a restarted emulator resumes each
  // stream shard at its checkpoint).
  void start();
  // Stops every poller (shutdown).
  void stop();
  // Forgets every mapping: inside the emulator's reset, with the store lock held.
  void reset(store::Database& db);

 private:
  // The mapping a request's UUID names in (account, region); ResourceNotFoundException when none.
  // Caller holds the store lock.
  Mapping existing(store::Database& db, const json& input, const std::string& account,
                   const std::string& region) const;
  // The function ARN a FunctionName resolves to; InvalidParameterValueException when none.
  std::string resolve_function(const json& input, const std::string& account,
                               const std::string& region);
  void start_poller(const Mapping& mapping);
  void stop_poller(const std::string& uuid);

  std::shared_ptr<PollerEnvironment> env_;
  std::mutex pollers_mutex_;
  std::unordered_map<std::string, std::shared_ptr<PollerControl>> pollers_;
};

}  // namespace eddy::services::lambda::event_sources
