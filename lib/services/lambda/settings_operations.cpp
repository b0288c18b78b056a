// Reserved concurrency, tags and account settings.
#include "core/input.hpp"
#include "services/lambda/function_tables.hpp"
#include "services/lambda/lambda_requests.hpp"
#include "services/lambda/lambda_service.hpp"

namespace eddy::services::lambda {
namespace {

// AWS keeps this much of an account's concurrency for functions without a reservation.
constexpr std::int64_t kMinimumUnreservedConcurrency = 100;

// The function a tagging operation's Resource names: a function ARN, unqualified.
FunctionRef tagged_function(const Call& call) {
  std::string resource = required_string(call.input, "Resource", "resource");
  FunctionRef ref = parse_function_name(resource, call.account, call.region);
  if (!resource.starts_with("arn:") || ref.qualifier)
    throw AwsError("InvalidParameterValueException",
                   "Tags are supported only on functions: " + resource + " is not a function ARN.");
  return ref;
}

}  // namespace

Awaitable<json> LambdaService::PutFunctionConcurrency(const Call& call) {
  FunctionRef ref = requested_function(call, false);
  const json* value = input::member(call.input, "ReservedConcurrentExecutions");
  if (!value)
    throw AwsError("ValidationException",
                   "1 validation error detected: Value null at 'reservedConcurrentExecutions' "
                   "failed to satisfy constraint: Member must not be null");
  auto reserved = input::integer(*value);
  if (!reserved)
    throw AwsError("SerializationException",
                   "Expected an integer for ReservedConcurrentExecutions.");
  if (*reserved < 0)
    throw_validation(std::to_string(*reserved), "reservedConcurrentExecutions",
                     "Member must have value greater than or equal to 0");
  std::int64_t limit = context_.config.lambda_concurrency_limit;
  co_await context_.store.write([&](store::Database& db) {
    auto row = tables::function(db, ref);
    if (!row) throw function_not_found(ref.arn());
    if (limit - tables::reserved_total(db, ref.account, ref.region, ref.name) - *reserved <
        kMinimumUnreservedConcurrency)
      throw AwsError("InvalidParameterValueException",
                     "Specified ReservedConcurrentExecutions for function decreases account's "
                     "UnreservedConcurrentExecution below its minimum value of [" +
                         std::to_string(kMinimumUnreservedConcurrency) + "].");
    row->reserved_concurrency = *reserved;
    tables::update_function(db, ref, *row);
  });
  co_return json{{"ReservedConcurrentExecutions", *reserved}};
}

json LambdaService::GetFunctionConcurrency(const Call& call) {
  FunctionRef ref = requested_function(call, false);
  auto lock = context_.store.lock();
  auto row = tables::function(context_.store.db(), ref);
  if (!row) throw function_not_found(ref.arn());
  if (!row->reserved_concurrency) return json::object();
  return {{"ReservedConcurrentExecutions", *row->reserved_concurrency}};
}

Awaitable<json> LambdaService::DeleteFunctionConcurrency(const Call& call) {
  FunctionRef ref = requested_function(call, false);
  co_await context_.store.write([&](store::Database& db) {
    auto row = tables::function(db, ref);
    if (!row) throw function_not_found(ref.arn());
    row->reserved_concurrency.reset();
    tables::update_function(db, ref, *row);
  });
  co_return json::object();
}

Awaitable<json> LambdaService::TagResource(const Call& call) {
  FunctionRef ref = tagged_function(call);
  const json* tags = input::member(call.input, "Tags");
  if (!tags || !tags->is_object())
    throw AwsError("ValidationException",
                   "1 validation error detected: Value null at 'tags' failed to satisfy "
                   "constraint: Member must not be null");
  for (const auto& [key, value] : tags->items())
    if (!value.is_string())
      throw AwsError("SerializationException", "Expected a string for tag " + key + ".");
  co_await context_.store.write([&](store::Database& db) {
    auto row = tables::function(db, ref);
    if (!row) throw function_not_found(ref.arn());
    row->tags.update(*tags);
    if (row->tags.size() > 50)
      throw AwsError("InvalidParameterValueException",
                     "Number of tags exceeds resource tag limit.");
    tables::update_function(db, ref, *row);
  });
  co_return json::object();
}

Awaitable<json> LambdaService::UntagResource(const Call& call) {
  FunctionRef ref = tagged_function(call);
  json keys = call.input.contains("tagKeys") ? input::list(call.input["tagKeys"]) : json::array();
  if (call.input.contains("TagKeys")) keys = input::list(call.input["TagKeys"]);
  co_await context_.store.write([&](store::Database& db) {
    auto row = tables::function(db, ref);
    if (!row) throw function_not_found(ref.arn());
    for (const auto& key : keys)
      if (key.is_string()) row->tags.erase(key.get<std::string>());
    tables::update_function(db, ref, *row);
  });
  co_return json::object();
}

json LambdaService::ListTags(const Call& call) {
  FunctionRef ref = tagged_function(call);
  auto lock = context_.store.lock();
  auto row = tables::function(context_.store.db(), ref);
  if (!row) throw function_not_found(ref.arn());
  return {{"Tags", row->tags}};
}

json LambdaService::GetAccountSettings(const Call& call) {
  std::int64_t limit = context_.config.lambda_concurrency_limit;
  auto lock = context_.store.lock();
  auto& db = context_.store.db();
  auto q = db.query(
      "SELECT COUNT(*), (SELECT COALESCE(SUM(json_extract(config, '$.CodeSize')), 0) FROM "
      "lambda_versions WHERE account = ?1 AND region = ?2) FROM lambda_functions WHERE "
      "account = ?1 AND region = ?2");
  q->bind(1, call.account).bind(2, call.region);
  std::int64_t functions = 0, code_size = 0;
  if (q->step()) {
    functions = q->int64(0);
    code_size = q->int64(1);
  }
  return {{"AccountLimit",
           {{"TotalCodeSize", 80530636800LL},
            {"CodeSizeUnzipped", 262144000},
            {"CodeSizeZipped", 52428800},
            {"ConcurrentExecutions", limit},
            {"UnreservedConcurrentExecutions",
             limit - tables::reserved_total(db, call.account, call.region)}}},
          {"AccountUsage", {{"TotalCodeSize", code_size}, {"FunctionCount", functions}}}};
}

}  // namespace eddy::services::lambda
