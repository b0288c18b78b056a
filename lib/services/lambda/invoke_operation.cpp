// Invoke and the in-process LambdaApi it adapts: resolve the version, check the payload, then
// run it now (RequestResponse), queue it (Event) or only check (DryRun), within concurrency.
#include <random>

#include "core/base64.hpp"
#include "core/ids.hpp"
#include "core/input.hpp"
#include "services/lambda/async_queue.hpp"
#include "services/lambda/function_configuration.hpp"
#include "services/lambda/function_tables.hpp"
#include "services/lambda/lambda_requests.hpp"
#include "services/lambda/lambda_service.hpp"

namespace eddy::services::lambda {
namespace {

constexpr std::size_t kMaxSyncPayload = 6 * 1024 * 1024;
constexpr std::size_t kMaxAsyncPayload = 256 * 1024;
constexpr std::size_t kLogTailBytes = 4096;

void check_payload(const std::string& payload, InvocationType type) {
  std::size_t limit = type == InvocationType::event ? kMaxAsyncPayload : kMaxSyncPayload;
  if (payload.size() > limit)
    throw AwsError("RequestEntityTooLargeException",
                   "Request must be smaller than " + std::to_string(limit) +
                       " bytes for the InvokeFunction operation",
                   413);
  if (payload.empty()) return;
  try {
    json parsed = json::parse(payload);
  } catch (const json::parse_error& e) {
    throw AwsError("InvalidRequestContentException",
                   std::string("Could not parse request body into json: Could not parse payload "
                               "into json: ") +
                       e.what());
  }
}

// AWS's documented ceiling on Invoke's ClientContext, in base64 bytes.
constexpr std::size_t kMaxClientContextBytes = 3583;

// ClientContext must be base64 of a JSON object, at most 3,583 bytes.
void check_client_context(const std::string& client_context) {
  if (client_context.size() > kMaxClientContextBytes)
    throw AwsError(
        "InvalidRequestContentException",
        "Client context must be at most " + std::to_string(kMaxClientContextBytes) + " bytes");
  auto decoded = base64::decode(client_context);
  bool is_object = false;
  if (decoded) {
    json parsed = json::parse(*decoded, nullptr, false);
    is_object = !parsed.is_discarded() && parsed.is_object();
  }
  if (!is_object)
    throw AwsError("InvalidRequestContentException",
                   "Client context must be a valid Base64-encoded JSON object.");
}

AwsError throttled(const char* reason) {
  return AwsError("TooManyRequestsException", "Rate Exceeded.", 429)
      .with_details({{"Reason", reason}, {"Type", "User"}});
}

// An alias with RoutingConfig sends each invocation to its additional version with that weight.
std::string routed_version(const json& alias) {
  std::string version = alias.value("FunctionVersion", "$LATEST");
  json weights = alias.value("RoutingConfig", json::object())
                     .value("AdditionalVersionWeights", json::object());
  if (!weights.is_object()) return version;
  thread_local std::mt19937_64 random{std::random_device{}()};
  std::uniform_real_distribution<double> roll(0.0, 1.0);
  for (const auto& [other, weight] : weights.items())
    if (weight.is_number() && roll(random) < weight.get<double>()) return other;
  return version;
}

// The version an invocation runs, and what concurrency it may use.
struct ResolvedInvocation {
  json configuration;
  std::optional<std::int64_t> reserved;
  std::int64_t reserved_total = 0;
};

ResolvedInvocation resolve_invocation(store::Database& db, const FunctionRef& ref) {
  auto row = tables::function(db, ref);
  if (!row) throw function_not_found(ref.qualifier ? ref.qualified_arn() : ref.arn());
  std::string version = ref.qualifier.value_or("$LATEST");
  if (version.empty()) version = "$LATEST";
  if (version != "$LATEST" && version.find_first_not_of("0123456789") != std::string::npos) {
    auto alias = tables::alias(db, ref, version);
    if (!alias) throw function_not_found(ref.qualified_arn());
    version = routed_version(*alias);
  }
  auto config = tables::version(db, ref, version);
  if (!config) throw function_not_found(ref.qualified_arn());
  return {std::move(*config), row->reserved_concurrency,
          tables::reserved_total(db, ref.account, ref.region)};
}

// Holds one unit of concurrency until the invocation ends.
class ConcurrencySlot {
 public:
  ConcurrencySlot(std::mutex& mutex, int& count) : mutex_(mutex), count_(count) {}
  ~ConcurrencySlot() {
    std::lock_guard lock(mutex_);
    --count_;
  }
  ConcurrencySlot(const ConcurrencySlot&) = delete;
  ConcurrencySlot& operator=(const ConcurrencySlot&) = delete;

 private:
  std::mutex& mutex_;
  int& count_;
};

}  // namespace

std::optional<std::string> LambdaService::resolve(const std::string& account,
                                                  const std::string& region,
                                                  const std::string& function,
                                                  const std::optional<std::string>& qualifier) {
  try {
    FunctionRef ref = parse_function_name(function, qualifier, account, region);
    auto lock = context_.store.lock();
    auto& db = context_.store.db();
    if (!tables::function(db, ref)) return std::nullopt;
    if (!ref.qualifier || *ref.qualifier == "$LATEST" || ref.qualifier->empty())
      return ref.qualifier && !ref.qualifier->empty() ? ref.qualified_arn() : ref.arn();
    if (tables::version(db, ref, *ref.qualifier) || tables::alias(db, ref, *ref.qualifier))
      return ref.qualified_arn();
    return std::nullopt;
  } catch (const AwsError&) {
    return std::nullopt;
  }
}

Awaitable<InvokeResult> LambdaService::invoke(InvokeRequest request) {
  FunctionRef ref =
      parse_function_name(request.function, request.qualifier, request.account, request.region);
  check_payload(request.payload, request.type);
  if (request.client_context) check_client_context(*request.client_context);
  ResolvedInvocation resolved;
  {
    auto lock = context_.store.lock();
    resolved = resolve_invocation(context_.store.db(), ref);
  }
  std::string version = resolved.configuration.value("Version", "$LATEST");
  if (request.type == InvocationType::event) {
    if (resolved.reserved == 0)
      throw throttled("ReservedFunctionConcurrentInvocationLimitExceeded");
    std::string request_id = ids::uuid();
    co_await context_.store.write([&](store::Database& db) {
      async_queue::add(db, ref, request.payload, request_id, context_.clock.now_ms());
    });
    wake_async_worker();
    InvokeResult accepted;
    accepted.status_code = 202;
    accepted.executed_version = version;
    co_return accepted;
  }
  co_return co_await run(ref, std::move(resolved.configuration), resolved.reserved,
                         resolved.reserved_total, std::move(request.payload), ids::uuid(),
                         std::move(request.client_context));
}

Awaitable<InvokeResult> LambdaService::run(FunctionRef ref, json configuration,
                                           std::optional<std::int64_t> reserved,
                                           std::int64_t reserved_total, std::string payload,
                                           std::string request_id,
                                           std::optional<std::string> client_context) {
  std::string account_key = ref.account + "/" + ref.region;
  std::string function_key = ref.arn();
  std::unique_ptr<ConcurrencySlot> function_slot, account_slot;
  {
    std::lock_guard lock(concurrency_mutex_);
    int& function_running = running_per_function_[function_key];
    if (reserved) {
      if (function_running >= *reserved)
        throw throttled("ReservedFunctionConcurrentInvocationLimitExceeded");
    } else {
      int& unreserved_running = running_unreserved_[account_key];
      if (unreserved_running >= context_.config.lambda_concurrency_limit - reserved_total)
        throw throttled("ConcurrentInvocationLimitExceeded");
      ++unreserved_running;
      account_slot = std::make_unique<ConcurrencySlot>(concurrency_mutex_, unreserved_running);
    }
    ++function_running;
    function_slot = std::make_unique<ConcurrencySlot>(concurrency_mutex_, function_running);
  }
  std::shared_ptr<FunctionRunner> runner = runner_for(ref.name);
  Invocation invocation;
  invocation.deployment = deployment_of(configuration, ref);
  invocation.payload = payload.empty() ? "{}" : std::move(payload);
  invocation.request_id = std::move(request_id);
  invocation.invoked_function_arn = ref.qualified_arn();
  invocation.client_context = std::move(client_context);
  invocation.deployment.load_package = [this, key = code_key(configuration)]() -> std::string {
    auto lock = context_.store.lock();
    return tables::code(context_.store.db(), key).value_or(std::string());
  };
  InvocationResult result = co_await runner->invoke(std::move(invocation));
  InvokeResult out;
  out.status_code = 200;
  out.payload = std::move(result.payload);
  out.function_error = std::move(result.function_error);
  out.executed_version = configuration.value("Version", "$LATEST");
  out.log = std::move(result.log);
  co_return out;
}

Awaitable<json> LambdaService::Invoke(const Call& call) {
  FunctionRef ref = requested_function(call);
  std::string type = optional_string(call.input, "InvocationType").value_or("RequestResponse");
  if (type != "RequestResponse" && type != "Event" && type != "DryRun")
    throw_validation(type, "invocationType",
                     "Member must satisfy enum value set: [Event, RequestResponse, DryRun]");
  std::string log_type = optional_string(call.input, "LogType").value_or("None");
  if (log_type != "None" && log_type != "Tail")
    throw_validation(log_type, "logType", "Member must satisfy enum value set: [None, Tail]");
  std::string payload = optional_string(call.input, "Payload").value_or("");
  auto client_context = optional_string(call.input, "ClientContext");
  if (type == "DryRun") {
    check_payload(payload, InvocationType::request_response);
    if (client_context) check_client_context(*client_context);
    auto lock = context_.store.lock();
    resolve_invocation(context_.store.db(), ref);  // only that it exists
    co_return json{{"StatusCode", 204}};
  }
  InvokeRequest request;
  request.account = call.account;
  request.region = call.region;
  request.function = ref.name;
  request.qualifier = ref.qualifier;
  request.payload = std::move(payload);
  request.client_context = std::move(client_context);
  bool is_event = type == "Event";
  request.type = is_event ? InvocationType::event : InvocationType::request_response;
  InvokeResult result = co_await invoke(std::move(request));
  json out = {{"StatusCode", result.status_code}};
  if (is_event) {
    out["Payload"] = "";
    co_return out;
  }
  out["Payload"] = std::move(result.payload);
  out["ExecutedVersion"] = result.executed_version;
  if (result.function_error) out["FunctionError"] = *result.function_error;
  if (log_type == "Tail") {
    std::string tail = result.log.size() > kLogTailBytes
                           ? result.log.substr(result.log.size() - kLogTailBytes)
                           : result.log;
    out["LogResult"] = base64::encode(tail);
  }
  co_return out;
}

}  // namespace eddy::services::lambda
