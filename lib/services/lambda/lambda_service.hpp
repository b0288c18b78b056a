#pragma once
// AWS Lambda: functions, versions, aliases, permissions, concurrency and event invoke configs in
// SQLite; Invoke runs a function on the native runner (a registered C++ handler) or the process
// runner (a runtime speaking the Runtime API); Event invocations wait in a durable queue and are
// retried and routed to destinations on the emulator's clock. The LambdaApi it implements serves
// SNS deliveries and event-source mappings in-process.
#include <filesystem>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include "eddy/lambda_handler.hpp"
#include "services/dynamodbstreams/dynamodb_streams_api.hpp"
#include "services/kinesis/kinesis_api.hpp"
#include "services/lambda/event_sources/event_source_mappings.hpp"
#include "services/lambda/execution/function_runner.hpp"
#include "services/lambda/function_name.hpp"
#include "services/lambda/lambda_api.hpp"
#include "services/service.hpp"
#include "services/service_context.hpp"
#include "services/sns/sns_service.hpp"
#include "services/sqs/sqs_api.hpp"

namespace eddy::services::lambda {

namespace async_queue {
struct QueuedInvocation;
}

class LambdaService final : public Service, public LambdaApi {
 public:
  LambdaService(const ServiceContext& context, const LambdaHandlers& handlers, sqs::SqsApi& sqs,
                sns::SnsService& sns, const kinesis::KinesisApi& kinesis,
                const dynamodbstreams::DynamoDbStreamsApi& dynamodb_streams);
  ~LambdaService() override;

  const protocol::ServiceDescription& description() const override;
  Awaitable<json> call(const Call& call) override;
  void start() override;
  void prepare(store::Database& db) override;
  void reset(store::Database& db) override;
  // Ends the runtime processes and their Runtime API servers while the executor still exists.
  void stop() override;
  // Serves packages at /_eddy/lambda/code/<sha256 hex>.zip: GetFunction's Code.Location.
  std::optional<protocol::HttpResponse> admin(const protocol::HttpRequest& request) override;

  std::optional<std::string> resolve(const std::string& account, const std::string& region,
                                     const std::string& function,
                                     const std::optional<std::string>& qualifier) override;
  Awaitable<InvokeResult> invoke(InvokeRequest request) override;

 private:
  static const OperationTable<LambdaService>& operations();

  // Functions (function_operations.cpp).
  Awaitable<json> CreateFunction(const Call& call);
  json GetFunction(const Call& call);
  json GetFunctionConfiguration(const Call& call);
  json ListFunctions(const Call& call);
  Awaitable<json> DeleteFunction(const Call& call);
  Awaitable<json> UpdateFunctionCode(const Call& call);
  Awaitable<json> UpdateFunctionConfiguration(const Call& call);

  // Versions and aliases (version_operations.cpp, alias_operations.cpp).
  Awaitable<json> PublishVersion(const Call& call);
  json ListVersionsByFunction(const Call& call);
  Awaitable<json> CreateAlias(const Call& call);
  json GetAlias(const Call& call);
  json ListAliases(const Call& call);
  Awaitable<json> UpdateAlias(const Call& call);
  Awaitable<json> DeleteAlias(const Call& call);

  // Resource policy (policy_operations.cpp).
  Awaitable<json> AddPermission(const Call& call);
  Awaitable<json> RemovePermission(const Call& call);
  json GetPolicy(const Call& call);

  // Concurrency, tags, account settings (settings_operations.cpp).
  Awaitable<json> PutFunctionConcurrency(const Call& call);
  json GetFunctionConcurrency(const Call& call);
  Awaitable<json> DeleteFunctionConcurrency(const Call& call);
  Awaitable<json> TagResource(const Call& call);
  Awaitable<json> UntagResource(const Call& call);
  json ListTags(const Call& call);
  json GetAccountSettings(const Call& call);

  // Event invoke configs (event_invoke_config_operations.cpp).
  Awaitable<json> PutFunctionEventInvokeConfig(const Call& call);
  Awaitable<json> UpdateFunctionEventInvokeConfig(const Call& call);
  json GetFunctionEventInvokeConfig(const Call& call);
  json ListFunctionEventInvokeConfigs(const Call& call);
  Awaitable<json> DeleteFunctionEventInvokeConfig(const Call& call);

  // Invoke (invoke_operation.cpp).
  Awaitable<json> Invoke(const Call& call);

  // The version a qualifier (none, $LATEST, a number, an alias) resolves to, with its
  // configuration; throws ResourceNotFoundException as AWS words it. Callers hold the store lock.
  json resolved_configuration(store::Database& db, const FunctionRef& ref);
  // Runs one invocation of a resolved version on its runner, within the concurrency limits.
  Awaitable<InvokeResult> run(FunctionRef ref, json configuration,
                              std::optional<std::int64_t> reserved, std::int64_t reserved_total,
                              std::string payload, std::string request_id,
                              std::optional<std::string> client_context = std::nullopt);
  // The native runner when a handler is registered under the name, else the process runner.
  std::shared_ptr<FunctionRunner> runner_for(const std::string& function_name);
  // Created at the first process invocation, so an emulator that never runs one starts no
  // sweeps and makes no directory; dropped by reset().
  std::shared_ptr<FunctionRunner> process_runner();
  // Stops the instances of one function, if the process runner runs (its code or configuration
  // changed, or it was deleted).
  void retire_instances(const std::string& function_arn);
  // Stops every instance and drops the runner (reset, stop); the next invocation makes a new one.
  void end_process_runner();
  // The execution role of a function ARN (event-source records name it); empty when unknown.
  std::string role_of(const std::string& function_arn);

  // The asynchronous queue (async_invocations.cpp).
  void start_async_worker();
  void wake_async_worker();
  Awaitable<std::optional<TimePoint>> poll_async_queue();
  Awaitable<void> run_async(async_queue::QueuedInvocation queued);
  Awaitable<void> deliver_to_destination(const std::string& destination, const json& record,
                                         const std::string& account, const std::string& region);
  Awaitable<void> deliver_dead_letter(const std::string& target,
                                      const async_queue::QueuedInvocation& queued,
                                      const InvokeResult& result, const std::string& error);
  // Through SNS's own Publish, as any publisher.
  Awaitable<void> publish_to_topic(const std::string& topic_arn, const std::string& message,
                                   const std::string& account, const std::string& region);

  ServiceContext context_;
  const LambdaHandlers& handlers_;
  sqs::SqsApi& sqs_;
  sns::SnsService& sns_;
  std::shared_ptr<FunctionRunner> native_runner_;
  // Python, node and provided runtimes; see process_runner().
  std::mutex process_runner_mutex_;
  std::shared_ptr<FunctionRunner> process_runner_;
  // Where packages are unpacked when the emulator keeps no data directory: removed with us.
  std::filesystem::path temporary_packages_;

  // Invocations running now, per unqualified function ARN, and those of functions without a
  // reservation per "account/region".
  std::mutex concurrency_mutex_;
  std::unordered_map<std::string, int> running_per_function_;
  std::unordered_map<std::string, int> running_unreserved_;

  std::mutex async_mutex_;
  std::unordered_set<std::int64_t> async_in_flight_;
  std::atomic<bool> async_woken_{false};

  // Event-source mappings and their pollers; last, so they stop before the rest goes.
  std::unique_ptr<event_sources::EventSourceMappings> event_sources_;
};

}  // namespace eddy::services::lambda
