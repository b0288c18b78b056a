#include "services/lambda/event_sources/event_source_mappings.hpp"

#include <fmt/format.h>

#include <charconv>

#include "core/ids.hpp"
#include "eddy/log.hpp"
#include "services/lambda/event_sources/event_source_schema.hpp"
#include "services/lambda/event_sources/mapping_settings.hpp"
#include "services/lambda/event_sources/sqs_poller.hpp"
#include "services/lambda/event_sources/stream_poller.hpp"
#include "store/clear_tables.hpp"

namespace eddy::services::lambda::event_sources {
namespace {

constexpr int kMaxListPage = 100;

AwsError invalid_parameter(const std::string& message) {
  return AwsError("InvalidParameterValueException", message, 400);
}

AwsError mapping_not_found() {
  return AwsError("ResourceNotFoundException", "The resource you requested does not exist.", 404);
}

// A string member, or nullopt when absent; SerializationException when not a string.
std::optional<std::string> string_member(const json& input, std::string_view member) {
  auto it = input.find(member);
  if (it == input.end() || it->is_null()) return std::nullopt;
  if (!it->is_string())
    throw AwsError("SerializationException",
                   fmt::format("Cannot deserialize {} as a string", member), 400);
  return it->get<std::string>();
}

std::optional<bool> enabled_member(const json& input) {
  auto it = input.find("Enabled");
  if (it == input.end() || it->is_null()) return std::nullopt;
  if (!it->is_boolean())
    throw AwsError("SerializationException", "Cannot deserialize Enabled as a boolean", 400);
  return it->get<bool>();
}

// A query-string integer (ListEventSourceMappings' MaxItems arrives as text over REST).
std::optional<std::int64_t> integer_member(const json& input, std::string_view member) {
  auto it = input.find(member);
  if (it == input.end() || it->is_null()) return std::nullopt;
  if (it->is_number_integer()) return it->get<std::int64_t>();
  std::int64_t value = 0;
  if (it->is_string()) {
    const auto& text = it->get_ref<const std::string&>();
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error == std::errc() && end == text.data() + text.size()) return value;
  }
  throw invalid_parameter(fmt::format("Invalid {}: {}", member, it->dump()));
}

std::string user_action_reason(SourceKind kind) {
  return kind == SourceKind::sqs ? "USER_INITIATED" : "User action";
}

AwsError duplicate_mapping(const Mapping& existing, const std::string& function_name) {
  std::string message =
      existing.kind() == SourceKind::sqs
          ? fmt::format(
                "An event source mapping with SQS arn (\" {} \") and function (\" {} \") already "
                "exists. Please update or delete the existing mapping with UUID {}",
                existing.event_source_arn, function_name, existing.uuid)
          : fmt::format(
                "The event source arn (\" {} \") and function (\" {} \") provided mapping already "
                "exists. Please update or delete the existing mapping with UUID {}",
                existing.event_source_arn, function_name, existing.uuid);
  return AwsError("ResourceConflictException", message, 409);
}

}  // namespace

EventSourceMappings::EventSourceMappings(EventSourceContext context, EventSourceApis apis)
    : env_(std::make_shared<PollerEnvironment>(PollerEnvironment{context, std::move(apis)})) {}

void EventSourceMappings::prepare(store::Database& db) {
  migrate_event_source_schema(db);
}

EventSourceMappings::~EventSourceMappings() {
  stop();
}

std::vector<protocol::RestRoute> EventSourceMappings::routes() {
  constexpr std::string_view kMappings = "/2015-03-31/event-source-mappings";
  constexpr std::string_view kMappingsSlash = "/2015-03-31/event-source-mappings/";
  constexpr std::string_view kMapping = "/2015-03-31/event-source-mappings/{UUID}";
  return {
      {.method = "POST",
       .path = kMappings,
       .operation = "CreateEventSourceMapping",
       .success_status = 202},
      {.method = "POST",
       .path = kMappingsSlash,
       .operation = "CreateEventSourceMapping",
       .success_status = 202},
      {.method = "GET", .path = kMappings, .operation = "ListEventSourceMappings"},
      {.method = "GET", .path = kMappingsSlash, .operation = "ListEventSourceMappings"},
      {.method = "GET", .path = kMapping, .operation = "GetEventSourceMapping"},
      {.method = "PUT",
       .path = kMapping,
       .operation = "UpdateEventSourceMapping",
       .success_status = 202},
      {.method = "DELETE",
       .path = kMapping,
       .operation = "DeleteEventSourceMapping",
       .success_status = 202},
  };
}

bool EventSourceMappings::handles(std::string_view operation) {
  return operation == "CreateEventSourceMapping" || operation == "GetEventSourceMapping" ||
         operation == "ListEventSourceMappings" || operation == "UpdateEventSourceMapping" ||
         operation == "DeleteEventSourceMapping";
}

Awaitable<json> EventSourceMappings::call(std::string operation, json input, std::string account,
                                          std::string region) {
  if (operation == "CreateEventSourceMapping") co_return co_await create(input, account, region);
  if (operation == "GetEventSourceMapping") co_return get(input, account, region);
  if (operation == "ListEventSourceMappings") co_return list(input, account, region);
  if (operation == "UpdateEventSourceMapping") co_return co_await update(input, account, region);
  if (operation == "DeleteEventSourceMapping") co_return co_await remove(input, account, region);
  throw AwsError("InvalidAction",
                 fmt::format("The action {} is not valid for this endpoint.", operation));
}

std::string EventSourceMappings::resolve_function(const json& input, const std::string& account,
                                                  const std::string& region) {
  auto name = string_member(input, "FunctionName");
  if (!name)
    throw AwsError("ValidationException",
                   "1 validation error detected: Value null at 'functionName' failed to satisfy "
                   "constraint: Member must not be null.",
                   400);
  auto arn = env_->apis.lambda.resolve(account, region, *name, std::nullopt);
  if (!arn) throw invalid_parameter("Function does not exist");
  return *arn;
}

Awaitable<json> EventSourceMappings::create(json input, std::string account, std::string region) {
  if (!input.is_object()) throw AwsError("SerializationException", "Expected a JSON object", 400);
  auto source_arn = string_member(input, "EventSourceArn");
  auto kind = source_arn ? source_kind_of(*source_arn) : std::nullopt;
  if (!kind) throw invalid_parameter("Unrecognized event source.");
  std::string function_arn = resolve_function(input, account, region);
  std::string function_name = *string_member(input, "FunctionName");
  json settings = settings_for_create(input, *kind);
  bool enabled = enabled_member(input).value_or(true);

  Mapping mapping{.uuid = ids::uuid(),
                  .account = account,
                  .region = region,
                  .function_arn = function_arn,
                  .event_source_arn = *source_arn,
                  .enabled = enabled,
                  .state_transition_reason = user_action_reason(*kind),
                  .last_modified_ms = env_->context.clock.now_ms(),
                  .settings = std::move(settings)};
  std::vector<Checkpoint> checkpoints;
  if (*kind == SourceKind::sqs) {
    bool queue_exists = true;
    try {
      // Deleting nothing finds the queue, or fails as a receive would.
      co_await env_->apis.sqs.delete_messages(*source_arn, {});
    } catch (const AwsError&) {
      queue_exists = false;
    }
    if (!queue_exists)
      throw invalid_parameter(
          "Error occurred while ReceiveMessage. SQS Error Code: "
          "AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified queue does "
          "not exist.");
  } else {
    auto source = open_stream_source(*env_, mapping);
    if (!source) throw invalid_parameter(fmt::format("Stream not found: {}", *source_arn));
    checkpoints = initial_checkpoints(*source, mapping.settings, env_->context.clock.now_ms());
  }

  co_await env_->context.store.write([&](store::Database& db) {
    if (auto existing =
            mapping_table::find_duplicate(db, account, region, *source_arn, function_arn))
      throw duplicate_mapping(*existing, function_name);
    mapping_table::insert(db, mapping);
    for (const auto& checkpoint : checkpoints)
      mapping_table::save_checkpoint(db, mapping.uuid, checkpoint);
  });
  if (mapping.enabled) start_poller(mapping);
  co_return mapping.describe("Creating");
}

Mapping EventSourceMappings::existing(store::Database& db, const json& input,
                                      const std::string& account, const std::string& region) const {
  auto uuid = input.is_object() ? string_member(input, "UUID") : std::nullopt;
  if (!uuid) throw mapping_not_found();
  auto mapping = mapping_table::find(db, *uuid);
  if (!mapping || mapping->account != account || mapping->region != region)
    throw mapping_not_found();
  return *mapping;
}

json EventSourceMappings::get(const json& input, const std::string& account,
                              const std::string& region) {
  auto lock = env_->context.store.lock();
  Mapping mapping = existing(env_->context.store.db(), input, account, region);
  return mapping.describe(mapping.resting_state());
}

json EventSourceMappings::list(const json& input, const std::string& account,
                               const std::string& region) {
  if (!input.is_object()) throw AwsError("SerializationException", "Expected a JSON object", 400);
  auto source_arn = string_member(input, "EventSourceArn");
  auto function_name = string_member(input, "FunctionName");
  auto max_items = integer_member(input, "MaxItems");
  if (max_items && (*max_items < 1 || *max_items > 10000))
    throw validation_error(*max_items, "maxItems",
                           *max_items < 1 ? "Member must have value greater than or equal to 1"
                                          : "Member must have value less than or equal to 10000");
  std::int64_t after = 0;
  if (auto marker = string_member(input, "Marker")) {
    auto [end, error] = std::from_chars(marker->data(), marker->data() + marker->size(), after);
    if (error != std::errc() || end != marker->data() + marker->size() || after < 0)
      throw invalid_parameter(fmt::format("Invalid Marker: {}", *marker));
  }
  std::optional<std::string> function_arn;
  if (function_name) {
    function_arn = env_->apis.lambda.resolve(account, region, *function_name, std::nullopt);
    if (!function_arn) throw AwsError("ResourceNotFoundException", "Function does not exist", 404);
  }
  int page =
      static_cast<int>(std::min<std::int64_t>(max_items.value_or(kMaxListPage), kMaxListPage));
  auto lock = env_->context.store.lock();
  auto mappings = mapping_table::list(env_->context.store.db(), account, region, source_arn,
                                      function_arn, after, page + 1);
  lock.unlock();
  json out = {{"EventSourceMappings", json::array()}};
  for (int i = 0; i < static_cast<int>(mappings.size()) && i < page; ++i)
    out["EventSourceMappings"].push_back(mappings[i].describe(mappings[i].resting_state()));
  if (static_cast<int>(mappings.size()) > page)
    out["NextMarker"] = std::to_string(mappings[page - 1].seq);
  return out;
}

Awaitable<json> EventSourceMappings::update(json input, std::string account, std::string region) {
  Mapping mapping = [&] {
    auto lock = env_->context.store.lock();
    return existing(env_->context.store.db(), input, account, region);
  }();
  bool was_enabled = mapping.enabled;
  std::optional<std::string> function_name = string_member(input, "FunctionName");
  if (function_name) mapping.function_arn = resolve_function(input, account, region);
  mapping.settings = settings_for_update(input, mapping.settings, mapping.kind());
  mapping.enabled = enabled_member(input).value_or(mapping.enabled);
  mapping.last_modified_ms = env_->context.clock.now_ms();
  mapping.state_transition_reason = user_action_reason(mapping.kind());

  co_await env_->context.store.write([&](store::Database& db) {
    if (!mapping_table::find(db, mapping.uuid)) throw mapping_not_found();
    auto other = mapping_table::find_duplicate(db, account, region, mapping.event_source_arn,
                                               mapping.function_arn);
    if (other && other->uuid != mapping.uuid)
      throw duplicate_mapping(*other, function_name.value_or(mapping.function_arn));
    mapping_table::update(db, mapping);
  });
  stop_poller(mapping.uuid);
  if (mapping.enabled) start_poller(mapping);
  std::string_view state = mapping.enabled == was_enabled ? "Updating"
                           : mapping.enabled              ? "Enabling"
                                                          : "Disabling";
  co_return mapping.describe(state);
}

Awaitable<json> EventSourceMappings::remove(json input, std::string account, std::string region) {
  Mapping mapping = [&] {
    auto lock = env_->context.store.lock();
    return existing(env_->context.store.db(), input, account, region);
  }();
  co_await env_->context.store.write(
      [&](store::Database& db) { mapping_table::remove(db, mapping.uuid); });
  stop_poller(mapping.uuid);
  co_return mapping.describe("Deleting");
}

void EventSourceMappings::start() {
  std::vector<Mapping> mappings;
  {
    auto lock = env_->context.store.lock();
    mappings = mapping_table::all(env_->context.store.db());
  }
  for (const auto& mapping : mappings)
    if (mapping.enabled) start_poller(mapping);
}

void EventSourceMappings::stop() {
  std::unordered_map<std::string, std::shared_ptr<PollerControl>> stopping;
  {
    std::lock_guard lock(pollers_mutex_);
    stopping.swap(pollers_);
  }
  for (auto& [uuid, control] : stopping) {
    control->stopped = true;
    env_->context.notifier.notify(control->wake_key);
  }
}

void EventSourceMappings::reset(store::Database& db) {
  store::clear_tables(db, "lambda_event_source");
  stop();
}

void EventSourceMappings::start_poller(const Mapping& mapping) {
  auto control = std::make_shared<PollerControl>();
  control->mapping = mapping;
  control->last_result = mapping.last_processing_result.value_or("");
  auto& io = env_->context.io;
  auto report = [uuid = mapping.uuid](std::exception_ptr failure) {
    if (!failure) return;
    try {
      std::rethrow_exception(failure);
    } catch (const std::exception& e) {
      log::write(log::Level::error,
                 fmt::format("event-source mapping {} poller failed: {}", uuid, e.what()));
    }
  };
  if (mapping.kind() == SourceKind::sqs) {
    control->wake_key = fmt::format("lambda:event-source-mapping:{}", mapping.uuid);
    int workers = kDefaultSqsPollers;
    if (mapping.settings.contains("ScalingConfig") &&
        mapping.settings["ScalingConfig"].contains("MaximumConcurrency"))
      workers = mapping.settings["ScalingConfig"]["MaximumConcurrency"].get<int>();
    for (int i = 0; i < workers; ++i)
      asio::co_spawn(asio::make_strand(io), run_sqs_poller(env_, control), report);
  } else {
    auto source = open_stream_source(*env_, mapping);
    if (!source) {
      log::write(log::Level::warn,
                 fmt::format("event-source mapping {}: its stream is gone", mapping.uuid));
      return;
    }
    control->wake_key = source->wake_key();
    asio::co_spawn(asio::make_strand(io), run_stream_poller(env_, control, std::move(source)),
                   report);
  }
  std::lock_guard lock(pollers_mutex_);
  if (auto previous = pollers_.find(mapping.uuid); previous != pollers_.end()) {
    previous->second->stopped = true;
    env_->context.notifier.notify(previous->second->wake_key);
  }
  pollers_[mapping.uuid] = control;
}

void EventSourceMappings::stop_poller(const std::string& uuid) {
  std::shared_ptr<PollerControl> control;
  {
    std::lock_guard lock(pollers_mutex_);
    auto it = pollers_.find(uuid);
    if (it == pollers_.end()) return;
    control = std::move(it->second);
    pollers_.erase(it);
  }
  control->stopped = true;
  env_->context.notifier.notify(control->wake_key);
}

}  // namespace eddy::services::lambda::event_sources
