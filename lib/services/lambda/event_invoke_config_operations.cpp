// Event invoke configs: retries, event age and destinations of asynchronous invocations, per
// function and qualifier.
#include "core/arn.hpp"
#include "core/input.hpp"
#include "core/time_format.hpp"
#include "services/lambda/function_tables.hpp"
#include "services/lambda/lambda_requests.hpp"
#include "services/lambda/lambda_service.hpp"

namespace eddy::services::lambda {
namespace {

std::string destination_text(const json& destinations, const char* which) {
  const json* target = input::member(destinations, which);
  if (!target || !target->is_object() || !target->contains("Destination")) return "null";
  return std::string(which) + "(destination=" + target->value("Destination", "") + ")";
}

// Checks the members a Put or Update sets and writes them into `config`.
void apply_event_invoke_members(store::Database& db, const FunctionRef& ref, const json& input,
                                json& config) {
  if (const json* value = input::member(input, "MaximumRetryAttempts")) {
    auto retries = input::integer(*value);
    if (!retries) throw AwsError("SerializationException", "Expected an integer.");
    if (*retries < 0 || *retries > 2)
      throw_validation(std::to_string(*retries), "maximumRetryAttempts",
                       *retries < 0 ? "Member must have value greater than or equal to 0"
                                    : "Member must have value less than or equal to 2");
    config["MaximumRetryAttempts"] = *retries;
  }
  if (const json* value = input::member(input, "MaximumEventAgeInSeconds")) {
    auto age = input::integer(*value);
    if (!age) throw AwsError("SerializationException", "Expected an integer.");
    if (*age < 60 || *age > 21600)
      throw_validation(std::to_string(*age), "maximumEventAgeInSeconds",
                       *age < 60 ? "Member must have value greater than or equal to 60"
                                 : "Member must have value less than or equal to 21600");
    config["MaximumEventAgeInSeconds"] = *age;
  }
  const json* destinations = input::member(input, "DestinationConfig");
  if (!destinations) return;
  if (!destinations->is_object())
    throw AwsError("SerializationException", "Expected a structure for DestinationConfig.");
  json checked = json::object();
  for (const char* which : {"OnSuccess", "OnFailure"}) {
    const json* target = input::member(*destinations, which);
    std::string arn_text =
        target && target->is_object() ? target->value("Destination", "") : std::string();
    if (arn_text.empty()) {
      checked[which] = json::object();
      continue;
    }
    auto arn = Arn::parse(arn_text);
    bool supported = arn && (arn->service == "sqs" || arn->service == "sns" ||
                             arn->service == "lambda" || arn->service == "events");
    if (!supported)
      throw AwsError("InvalidParameterValueException",
                     "The provided destination config DestinationConfig(onSuccess=" +
                         destination_text(*destinations, "OnSuccess") + ", onFailure=" +
                         destination_text(*destinations, "OnFailure") + ") is invalid.");
    if (arn->service == "lambda") {
      FunctionRef target_ref = parse_function_name(arn_text, ref.account, ref.region);
      if (target_ref.name == ref.name)
        throw AwsError("InvalidParameterValueException",
                       "You can't specify the function as a destination for itself.");
      if (!tables::function(db, target_ref))
        throw AwsError("InvalidParameterValueException",
                       "The destination ARN " + arn_text + " is invalid.");
    }
    checked[which] = {{"Destination", arn_text}};
  }
  config["DestinationConfig"] = checked;
}

std::string config_qualifier(const FunctionRef& ref) {
  return ref.qualifier && !ref.qualifier->empty() ? *ref.qualifier : "$LATEST";
}

// The function must exist, and so must the version or alias the config is for.
void require_function_for_config(store::Database& db, const FunctionRef& ref) {
  if (!tables::function(db, ref))
    throw AwsError("ResourceNotFoundException", "The function doesn't exist.", 404);
  std::string qualifier = config_qualifier(ref);
  if (qualifier != "$LATEST" && !tables::version(db, ref, qualifier) &&
      !tables::alias(db, ref, qualifier))
    throw function_not_found(ref.arn() + ":" + qualifier);
}

AwsError no_event_invoke_config(const FunctionRef& ref) {
  return AwsError("ResourceNotFoundException",
                  "The function " + ref.arn() + ":" + config_qualifier(ref) +
                      " doesn't have an EventInvokeConfig",
                  404);
}

bool sets_anything(const json& input) {
  return input::member(input, "MaximumRetryAttempts") ||
         input::member(input, "MaximumEventAgeInSeconds") ||
         input::member(input, "DestinationConfig");
}

}  // namespace

Awaitable<json> LambdaService::PutFunctionEventInvokeConfig(const Call& call) {
  FunctionRef ref = requested_function(call);
  if (!sets_anything(call.input))
    throw AwsError("InvalidParameterValueException",
                   "You must specify at least one of error handling or destination setting.");
  json config;
  co_await context_.store.write([&](store::Database& db) {
    require_function_for_config(db, ref);
    config = {
        {"FunctionArn", ref.arn() + ":" + config_qualifier(ref)},
        {"DestinationConfig", {{"OnSuccess", json::object()}, {"OnFailure", json::object()}}}};
    apply_event_invoke_members(db, ref, call.input, config);
    config["LastModified"] = time_format::epoch_ms(context_.clock.now()) / 1000.0;
    tables::put_event_invoke_config(db, ref, config_qualifier(ref), config);
  });
  co_return config;
}

Awaitable<json> LambdaService::UpdateFunctionEventInvokeConfig(const Call& call) {
  FunctionRef ref = requested_function(call);
  if (!sets_anything(call.input))
    throw AwsError("InvalidParameterValueException",
                   "You must specify at least one of error handling or destination setting.");
  json config;
  co_await context_.store.write([&](store::Database& db) {
    require_function_for_config(db, ref);
    auto stored = tables::event_invoke_config(db, ref, config_qualifier(ref));
    config = stored ? *stored
                    : json{{"FunctionArn", ref.arn() + ":" + config_qualifier(ref)},
                           {"DestinationConfig",
                            {{"OnSuccess", json::object()}, {"OnFailure", json::object()}}}};
    apply_event_invoke_members(db, ref, call.input, config);
    config["LastModified"] = time_format::epoch_ms(context_.clock.now()) / 1000.0;
    tables::put_event_invoke_config(db, ref, config_qualifier(ref), config);
  });
  co_return config;
}

json LambdaService::GetFunctionEventInvokeConfig(const Call& call) {
  FunctionRef ref = requested_function(call);
  auto lock = context_.store.lock();
  auto& db = context_.store.db();
  if (!tables::function(db, ref)) throw no_event_invoke_config(ref);
  auto config = tables::event_invoke_config(db, ref, config_qualifier(ref));
  if (!config) throw no_event_invoke_config(ref);
  return *config;
}

json LambdaService::ListFunctionEventInvokeConfigs(const Call& call) {
  FunctionRef ref = requested_function(call, false);
  int limit = max_items(call.input);
  auto marker = optional_string(call.input, "Marker");
  auto lock = context_.store.lock();
  auto& db = context_.store.db();
  if (!tables::function(db, ref)) throw function_not_found(ref.arn());
  json configs = json::array();
  json out = json::object();
  for (auto& config : tables::event_invoke_configs(db, ref)) {
    std::string arn = config.value("FunctionArn", "");
    if (marker && arn <= *marker) continue;
    if (static_cast<int>(configs.size()) == limit) {
      out["NextMarker"] = configs.back().value("FunctionArn", "");
      break;
    }
    configs.push_back(std::move(config));
  }
  out["FunctionEventInvokeConfigs"] = std::move(configs);
  return out;
}

Awaitable<json> LambdaService::DeleteFunctionEventInvokeConfig(const Call& call) {
  FunctionRef ref = requested_function(call);
  co_await context_.store.write([&](store::Database& db) {
    if (!tables::function(db, ref)) throw no_event_invoke_config(ref);
    if (!tables::event_invoke_config(db, ref, config_qualifier(ref)))
      throw no_event_invoke_config(ref);
    tables::delete_event_invoke_config(db, ref, config_qualifier(ref));
  });
  co_return json::object();
}

}  // namespace eddy::services::lambda
