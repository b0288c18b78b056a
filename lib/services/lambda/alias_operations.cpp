// Aliases: a name for a version, optionally routing a share of invocations to a second one.
#include "core/ids.hpp"
#include "core/input.hpp"
#include "services/lambda/api_patterns.hpp"
#include "services/lambda/function_tables.hpp"
#include "services/lambda/lambda_requests.hpp"
#include "services/lambda/lambda_service.hpp"

namespace eddy::services::lambda {
namespace {

std::string alias_name(const json& input) {
  std::string name = required_string(input, "Name", "name");
  if (name.size() > 128)
    throw_validation(name, "name", "Member must have length less than or equal to 128");
  if (!api_patterns::is_alias_name(name))
    throw_validation(name, "name",
                     "Member must satisfy regular expression pattern: "
                     "(?!^[0-9]+$)([a-zA-Z0-9-_]+)");
  return name;
}

std::string weight_text(const std::string& version, double weight) {
  std::string number = std::to_string(weight);
  number.erase(number.find_last_not_of('0') + 1);
  if (number.back() == '.') number += '0';
  return "{" + version + "=" + number + "}";
}

// Checks RoutingConfig against the alias's version and the function's versions.
void check_routing(store::Database& db, const FunctionRef& ref, const std::string& version,
                   const json& routing) {
  json weights = routing.value("AdditionalVersionWeights", json::object());
  if (!weights.is_object())
    throw AwsError("SerializationException", "Expected a map for AdditionalVersionWeights.");
  for (const auto& [weighted, weight] : weights.items()) {
    if (!weight.is_number())
      throw AwsError("SerializationException", "Expected a number for a version weight.");
    double value = weight.get<double>();
    if (weighted.empty() || weighted.find_first_not_of("0123456789") != std::string::npos)
      throw_validation(weight_text(weighted, value), "routingConfig.additionalVersionWeights",
                       "Map keys must satisfy constraint: [Member must have length less than or "
                       "equal to 1024, Member must have length greater than or equal to 1, Member "
                       "must satisfy regular expression pattern: [0-9]+]");
    if (value < 0.0 || value > 1.0)
      throw_validation(weight_text(weighted, value), "routingConfig.additionalVersionWeights",
                       "Map value must satisfy constraint: [Member must have value less than or "
                       "equal to 1.0, Member must have value greater than or equal to 0.0, Member "
                       "must not be null]");
  }
  if (weights.size() > 1)
    throw AwsError("InvalidParameterValueException",
                   "Number of items in AdditionalVersionWeights cannot be greater than 1");
  for (const auto& [weighted, weight] : weights.items()) {
    if (version == "$LATEST")
      throw AwsError("InvalidParameterValueException",
                     "$LATEST is not supported for an alias pointing to more than 1 version");
    if (weighted == version)
      throw AwsError("InvalidParameterValueException",
                     "Invalid function version " + version + ". Function version " + version +
                         " is already included in routing configuration.");
    if (!tables::version(db, ref, weighted)) throw function_not_found(ref.arn() + ":" + weighted);
  }
}

void require_version(store::Database& db, const FunctionRef& ref, const std::string& version) {
  if (!tables::function(db, ref)) throw function_not_found(ref.arn());
  if (!tables::version(db, ref, version)) throw function_not_found(ref.arn() + ":" + version);
}

AwsError alias_not_found(const FunctionRef& ref, const std::string& name) {
  return AwsError("ResourceNotFoundException", "Cannot find alias arn: " + ref.arn() + ":" + name,
                  404);
}

}  // namespace

Awaitable<json> LambdaService::CreateAlias(const Call& call) {
  FunctionRef ref = requested_function(call, false);
  std::string name = alias_name(call.input);
  std::string version = required_string(call.input, "FunctionVersion", "functionVersion");
  json alias = {{"AliasArn", ref.arn() + ":" + name},
                {"Name", name},
                {"FunctionVersion", version},
                {"Description", optional_string(call.input, "Description").value_or("")},
                {"RevisionId", ids::uuid()}};
  co_await context_.store.write([&](store::Database& db) {
    require_version(db, ref, version);
    if (const json* routing = input::member(call.input, "RoutingConfig")) {
      check_routing(db, ref, version, *routing);
      alias["RoutingConfig"] = *routing;
    }
    if (tables::alias(db, ref, name))
      throw AwsError("ResourceConflictException",
                     "Alias already exists: " + alias["AliasArn"].get<std::string>(), 409);
    tables::put_alias(db, ref, name, alias);
  });
  co_return alias;
}

json LambdaService::GetAlias(const Call& call) {
  FunctionRef ref = requested_function(call, false);
  std::string name = alias_name(call.input);
  auto lock = context_.store.lock();
  auto& db = context_.store.db();
  if (!tables::function(db, ref)) throw function_not_found(ref.arn());
  auto alias = tables::alias(db, ref, name);
  if (!alias) throw function_not_found(ref.arn() + ":" + name);
  return *alias;
}

json LambdaService::ListAliases(const Call& call) {
  FunctionRef ref = requested_function(call, false);
  int limit = max_items(call.input);
  auto marker = optional_string(call.input, "Marker");
  auto version = optional_string(call.input, "FunctionVersion");
  auto lock = context_.store.lock();
  auto& db = context_.store.db();
  if (!tables::function(db, ref)) throw function_not_found(ref.arn());
  json aliases = json::array();
  json out = json::object();
  for (auto& alias : tables::aliases(db, ref)) {
    if (version && alias.value("FunctionVersion", "") != *version) continue;
    if (marker && alias.value("Name", "") <= *marker) continue;
    if (static_cast<int>(aliases.size()) == limit) {
      out["NextMarker"] = aliases.back().value("Name", "");
      break;
    }
    aliases.push_back(std::move(alias));
  }
  out["Aliases"] = std::move(aliases);
  return out;
}

Awaitable<json> LambdaService::UpdateAlias(const Call& call) {
  FunctionRef ref = requested_function(call, false);
  std::string name = alias_name(call.input);
  json alias;
  co_await context_.store.write([&](store::Database& db) {
    if (!tables::function(db, ref)) throw function_not_found(ref.arn());
    auto stored = tables::alias(db, ref, name);
    if (!stored) throw alias_not_found(ref, name);
    alias = *stored;
    auto revision = optional_string(call.input, "RevisionId");
    if (revision && *revision != alias.value("RevisionId", "")) throw revision_mismatch();
    if (auto version = optional_string(call.input, "FunctionVersion")) {
      require_version(db, ref, *version);
      alias["FunctionVersion"] = *version;
    }
    if (auto description = optional_string(call.input, "Description"))
      alias["Description"] = *description;
    if (const json* routing = input::member(call.input, "RoutingConfig")) {
      check_routing(db, ref, alias["FunctionVersion"], *routing);
      alias["RoutingConfig"] = *routing;
    }
    alias["RevisionId"] = ids::uuid();
    tables::put_alias(db, ref, name, alias);
  });
  co_return alias;
}

Awaitable<json> LambdaService::DeleteAlias(const Call& call) {
  FunctionRef ref = requested_function(call, false);
  std::string name = alias_name(call.input);
  co_await context_.store.write([&](store::Database& db) {
    if (!tables::function(db, ref)) throw function_not_found(ref.arn());
    tables::delete_alias(db, ref, name);
  });
  co_return json::object();
}

}  // namespace eddy::services::lambda
