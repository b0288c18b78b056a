// CreateFunction, GetFunction(Configuration), ListFunctions, DeleteFunction and the two updates.
#include "core/ids.hpp"
#include "core/input.hpp"
#include "services/lambda/function_configuration.hpp"
#include "services/lambda/function_tables.hpp"
#include "services/lambda/lambda_requests.hpp"
#include "services/lambda/lambda_service.hpp"

namespace eddy::services::lambda {
namespace {

json requested_tags(const json& input) {
  const json* tags = input::member(input, "Tags");
  if (!tags) return json::object();
  if (!tags->is_object()) throw AwsError("SerializationException", "Expected a map for Tags.");
  for (const auto& [key, value] : tags->items())
    if (!value.is_string())
      throw AwsError("SerializationException", "Expected a string for tag " + key + ".");
  return *tags;
}

void check_revision(const json& config, const json& input) {
  auto revision = optional_string(input, "RevisionId");
  if (revision && *revision != config.value("RevisionId", "")) throw revision_mismatch();
}

// The unqualified function a control-plane operation changes; AWS refuses a qualifier there.
FunctionRef unqualified_function(const Call& call) {
  FunctionRef ref = requested_function(call, false);
  if (ref.qualifier)
    throw AwsError("InvalidParameterValueException",
                   "Unsupported qualifier: the operation changes $LATEST; name the function "
                   "without a qualifier.");
  return ref;
}

}  // namespace

Awaitable<json> LambdaService::CreateFunction(const Call& call) {
  std::string name = required_string(call.input, "FunctionName", "functionName");
  FunctionRef ref = parse_function_name(name, call.account, call.region, 140);
  if (ref.name.size() > 64)
    throw_validation(name, "functionName", "Member must have length less than or equal to 64");
  if (ref.qualifier)
    throw AwsError("InvalidParameterValueException",
                   "A function name in CreateFunction cannot carry a qualifier: " + name);
  const json* code_input = input::member(call.input, "Code");
  if (!code_input || !code_input->is_object())
    throw AwsError("ValidationException",
                   "1 validation error detected: Value null at 'code' failed to satisfy "
                   "constraint: Member must not be null");
  json tags = requested_tags(call.input);
  bool publish = input::boolean(call.input.value("Publish", json(false))).value_or(false);
  FunctionCode code = read_function_code(*code_input);
  json config = new_configuration(call.input, ref, code, context_.clock.now());
  json answer = config;
  co_await context_.store.write([&](store::Database& db) {
    if (tables::function(db, ref))
      throw AwsError("ResourceConflictException", "Function already exist: " + ref.name, 409);
    tables::put_code(db, code.sha256_hex, code.zip);
    tables::FunctionRow row;
    row.tags = tags;
    row.policy_revision = ids::uuid();
    tables::put_version(db, ref, "$LATEST", code.sha256_hex, config);
    if (publish) {
      row.last_version = 1;
      answer = published_configuration(config, "1");
      tables::put_version(db, ref, "1", code.sha256_hex, answer);
    }
    tables::insert_function(db, ref, row);
  });
  co_return answer;
}

json LambdaService::GetFunction(const Call& call) {
  FunctionRef ref = requested_function(call);
  auto lock = context_.store.lock();
  auto& db = context_.store.db();
  json config = resolved_configuration(db, ref);
  auto row = tables::function(db, ref);
  json out = {{"Configuration", config}, {"Code", code_location(config, call.host)}};
  if (row && !row->tags.empty()) out["Tags"] = row->tags;
  if (row && row->reserved_concurrency)
    out["Concurrency"] = {{"ReservedConcurrentExecutions", *row->reserved_concurrency}};
  return out;
}

json LambdaService::GetFunctionConfiguration(const Call& call) {
  FunctionRef ref = requested_function(call);
  auto lock = context_.store.lock();
  return resolved_configuration(context_.store.db(), ref);
}

json LambdaService::ListFunctions(const Call& call) {
  int limit = max_items(call.input);
  std::string marker = optional_string(call.input, "Marker").value_or("");
  auto all_versions = optional_string(call.input, "FunctionVersion");
  if (all_versions && *all_versions != "ALL")
    throw_validation(*all_versions, "functionVersion", "Member must satisfy enum value set: [ALL]");
  auto lock = context_.store.lock();
  auto& db = context_.store.db();
  auto names = tables::function_names(db, call.account, call.region, marker, limit + 1);
  json functions = json::array();
  json out = json::object();
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (static_cast<int>(i) == limit) {
      out["NextMarker"] = names[i - 1];
      break;
    }
    FunctionRef ref{call.account, call.region, names[i], std::nullopt};
    if (all_versions) {
      for (auto& config : tables::versions(db, ref)) functions.push_back(std::move(config));
    } else if (auto latest = tables::version(db, ref, "$LATEST")) {
      functions.push_back(std::move(*latest));
    }
  }
  out["Functions"] = std::move(functions);
  return out;
}

Awaitable<json> LambdaService::DeleteFunction(const Call& call) {
  FunctionRef ref = requested_function(call);
  if (ref.qualifier == "$LATEST")
    throw AwsError("InvalidParameterValueException",
                   "$LATEST version cannot be deleted without deleting the function.");
  co_await context_.store.write([&](store::Database& db) {
    if (!tables::function(db, ref)) throw function_not_found(ref.arn());
    if (!ref.qualifier) {
      tables::delete_function(db, ref);
      return;
    }
    if (!tables::version(db, ref, *ref.qualifier)) throw function_not_found(ref.qualified_arn());
    for (const auto& alias : tables::aliases(db, ref))
      if (alias.value("FunctionVersion", "") == *ref.qualifier)
        throw AwsError("ResourceConflictException",
                       "Unable to delete version because the following aliases reference it: [" +
                           alias.value("Name", "") + "]",
                       409);
    tables::delete_version(db, ref, *ref.qualifier);
  });
  if (process_runner_) process_runner_->retire(ref.arn());
  co_return json::object();
}

Awaitable<json> LambdaService::UpdateFunctionCode(const Call& call) {
  FunctionRef ref = unqualified_function(call);
  FunctionCode code = read_function_code(call.input);
  bool publish = input::boolean(call.input.value("Publish", json(false))).value_or(false);
  bool dry_run = input::boolean(call.input.value("DryRun", json(false))).value_or(false);
  json answer;
  co_await context_.store.write([&](store::Database& db) {
    auto row = tables::function(db, ref);
    auto latest = tables::version(db, ref, "$LATEST");
    if (!row || !latest) throw function_not_found(ref.arn());
    check_revision(*latest, call.input);
    if (const json* architectures = input::member(call.input, "Architectures"))
      (*latest)["Architectures"] = *architectures;
    update_code(*latest, code);
    touch(*latest, context_.clock.now());
    answer = *latest;
    if (dry_run) return;
    tables::put_code(db, code.sha256_hex, code.zip);
    tables::put_version(db, ref, "$LATEST", code.sha256_hex, *latest);
    if (publish) {
      row->last_version += 1;
      answer = published_configuration(*latest, std::to_string(row->last_version));
      tables::put_version(db, ref, answer["Version"], code.sha256_hex, answer);
      tables::update_function(db, ref, *row);
    }
    tables::collect_unused_code(db);
  });
  if (process_runner_ && !dry_run) process_runner_->retire(ref.arn());
  co_return answer;
}

Awaitable<json> LambdaService::UpdateFunctionConfiguration(const Call& call) {
  FunctionRef ref = unqualified_function(call);
  json answer;
  co_await context_.store.write([&](store::Database& db) {
    auto latest = tables::version(db, ref, "$LATEST");
    if (!latest) throw function_not_found(ref.arn());
    check_revision(*latest, call.input);
    update_configuration(*latest, call.input);
    touch(*latest, context_.clock.now());
    tables::put_version(db, ref, "$LATEST", code_key(*latest), *latest);
    answer = *latest;
  });
  if (process_runner_) process_runner_->retire(ref.arn());
  co_return answer;
}

json LambdaService::resolved_configuration(store::Database& db, const FunctionRef& ref) {
  std::string version = ref.qualifier.value_or("$LATEST");
  if (version.empty()) version = "$LATEST";
  bool numeric = !version.empty() && version.find_first_not_of("0123456789") == std::string::npos;
  if (version != "$LATEST" && !numeric) {
    auto alias = tables::alias(db, ref, version);
    if (!alias) throw function_not_found(ref.qualified_arn());
    version = alias->value("FunctionVersion", "$LATEST");
  }
  auto config = tables::version(db, ref, version);
  if (!config) throw function_not_found(ref.qualifier ? ref.qualified_arn() : ref.arn());
  return *config;
}

}  // namespace eddy::services::lambda
