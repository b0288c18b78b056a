#include "services/lambda/function_configuration.hpp"

#include "eddy/aws_error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "core/arn.hpp"
#include "core/base64.hpp"
#include "core/hashing.hpp"
#include "core/ids.hpp"
#include "core/input.hpp"
#include "core/time_format.hpp"
#include "eddy/aws_error.hpp"
#include "services/lambda/api_patterns.hpp"
#include "services/lambda/execution/function_package.hpp"

namespace eddy::services::lambda {
namespace {

constexpr std::size_t kMaxZipBytes = 50 * 1024 * 1024;
constexpr std::array kRuntimes = {
    "nodejs",     "nodejs4.3",       "nodejs6.10",     "nodejs8.10",    "nodejs10.x",
    "nodejs12.x", "nodejs14.x",      "nodejs16.x",     "java8",         "java8.al2",
    "java11",     "python2.7",       "python3.6",      "python3.7",     "python3.8",
    "python3.9",  "dotnetcore1.0",   "dotnetcore2.0",  "dotnetcore2.1", "dotnetcore3.1",
    "dotnet6",    "dotnet8",         "nodejs4.3-edge", "go1.x",         "ruby2.5",
    "ruby2.7",    "provided",        "provided.al2",   "nodejs18.x",    "python3.10",
    "java17",     "ruby3.2",         "ruby3.3",        "ruby3.4",       "python3.11",
    "nodejs20.x", "provided.al2023", "python3.12",     "java21",        "python3.13",
    "nodejs22.x", "nodejs24.x",      "python3.14",     "java25",        "dotnet10",
    "ruby4.0"};
constexpr std::array kReservedVariables = {"_HANDLER",
                                           "_X_AMZN_TRACE_ID",
                                           "AWS_DEFAULT_REGION",
                                           "AWS_REGION",
                                           "AWS_EXECUTION_ENV",
                                           "AWS_LAMBDA_FUNCTION_NAME",
                                           "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
                                           "AWS_LAMBDA_FUNCTION_VERSION",
                                           "AWS_LAMBDA_INITIALIZATION_TYPE",
                                           "AWS_LAMBDA_LOG_GROUP_NAME",
                                           "AWS_LAMBDA_LOG_STREAM_NAME",
                                           "AWS_ACCESS_KEY",
                                           "AWS_ACCESS_KEY_ID",
                                           "AWS_SECRET_ACCESS_KEY",
                                           "AWS_SESSION_TOKEN",
                                           "AWS_LAMBDA_RUNTIME_API",
                                           "LAMBDA_TASK_ROOT",
                                           "LAMBDA_RUNTIME_DIR"};
// Quoted in validation messages; matched by api_patterns::is_role_arn.
constexpr const char* kRolePattern =
    R"(arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+)";

[[noreturn]] void invalid_parameter(const std::string& message) {
  throw AwsError("InvalidParameterValueException", message);
}

std::string string_member(const json& input, std::string_view key, const std::string& member) {
  const json* value = input::member(input, key);
  if (!value) return {};
  if (!value->is_string())
    throw AwsError("SerializationException", "Expected a string for " + member + ".");
  return value->get<std::string>();
}

void check_runtime(const std::string& runtime) {
  if (std::find(kRuntimes.begin(), kRuntimes.end(), runtime) != kRuntimes.end()) return;
  std::string set;
  for (const char* known : kRuntimes) set += (set.empty() ? "" : ", ") + std::string(known);
  throw_validation(runtime, "runtime", "Member must satisfy enum value set: [" + set + "]");
}

void check_role(const std::string& role) {
  if (!api_patterns::is_role_arn(role))
    throw_validation(
        role, "role",
        std::string("Member must satisfy regular expression pattern: ") + kRolePattern);
}

void check_handler(const std::string& handler) {
  if (handler.size() > 128)
    throw_validation(handler, "handler", "Member must have length less than or equal to 128");
  if (!api_patterns::is_handler(handler))
    throw_validation(handler, "handler",
                     R"(Member must satisfy regular expression pattern: [^\s]+)");
}

std::int64_t integer_member(const json& value, const std::string& member) {
  auto number = input::integer(value);
  if (!number) throw AwsError("SerializationException", "Expected an integer for " + member + ".");
  return *number;
}

void apply_timeout(json& config, const json& value) {
  std::int64_t timeout = integer_member(value, "Timeout");
  if (timeout < 1)
    throw_validation(std::to_string(timeout), "timeout",
                     "Member must have value greater than or equal to 1");
  if (timeout > 900)
    throw_validation(std::to_string(timeout), "timeout",
                     "Member must have value less than or equal to 900");
  config["Timeout"] = timeout;
}

void apply_memory_size(json& config, const json& value) {
  std::int64_t memory = integer_member(value, "MemorySize");
  if (memory < 128)
    throw_validation(std::to_string(memory), "memorySize",
                     "Member must have value greater than or equal to 128");
  if (memory > 10240)
    invalid_parameter(
        "'MemorySize' value failed to satisfy constraint: Member must have value less than or "
        "equal to 10240");
  config["MemorySize"] = memory;
}

void apply_environment(json& config, const json& value) {
  json variables = value.is_object() ? value.value("Variables", json::object()) : json::object();
  if (!variables.is_object())
    throw AwsError("SerializationException", "Expected a map for Environment.Variables.");
  std::vector<std::string> reserved;
  std::size_t total = 0;
  for (const auto& [key, variable] : variables.items()) {
    if (!variable.is_string())
      throw AwsError("SerializationException", "Expected a string for variable " + key + ".");
    if (!api_patterns::is_environment_key(key))
      throw_validation("[" + key + "]", "environment.variables",
                       "Map keys must satisfy constraint: [Member must satisfy regular expression "
                       "pattern: [a-zA-Z]([a-zA-Z0-9_])+]");
    if (std::find(kReservedVariables.begin(), kReservedVariables.end(), key) !=
        kReservedVariables.end())
      reserved.push_back(key);
    total += key.size() + variable.get<std::string>().size();
  }
  if (!reserved.empty()) {
    std::string names;
    for (const auto& name : reserved) names += (names.empty() ? "" : ", ") + name;
    invalid_parameter(
        "Lambda was unable to configure your environment variables because the environment "
        "variables you have provided contains reserved keys that are currently not supported for "
        "modification. Reserved keys used in this request: " +
        names);
  }
  if (total > 4096)
    invalid_parameter(
        "Lambda was unable to configure your environment variables because the environment "
        "variables you have provided exceeded the 4KB limit. String measured: " +
        variables.dump());
  if (variables.empty())
    config.erase("Environment");
  else
    config["Environment"] = {{"Variables", variables}};
}

void apply_dead_letter_config(json& config, const json& value) {
  std::string target = value.is_object() ? value.value("TargetArn", "") : "";
  if (target.empty()) {
    config.erase("DeadLetterConfig");
    return;
  }
  auto arn = Arn::parse(target);
  if (!arn || (arn->service != "sqs" && arn->service != "sns"))
    invalid_parameter("The provided target arn is invalid: " + target +
                      ". Only SQS and SNS are valid targets.");
  config["DeadLetterConfig"] = {{"TargetArn", target}};
}

void apply_layers(json& config, const json& value) {
  if (!value.is_array()) throw AwsError("SerializationException", "Expected a list for Layers.");
  json layers = json::array();
  for (const auto& layer : value) {
    if (!layer.is_string())
      throw AwsError("SerializationException", "Expected a string in Layers.");
    layers.push_back({{"Arn", layer}, {"CodeSize", 0}});
  }
  if (layers.size() > 5) invalid_parameter("Cannot reference more than 5 layers.");
  if (layers.empty())
    config.erase("Layers");
  else
    config["Layers"] = layers;
}

void apply_description(json& config, const json& value) {
  if (!value.is_string())
    throw AwsError("SerializationException", "Expected a string for Description.");
  auto text = value.get<std::string>();
  if (text.size() > 256)
    throw_validation(text, "description", "Member must have length less than or equal to 256");
  config["Description"] = text;
}

// The members CreateFunction and UpdateFunctionConfiguration share.
void apply_settings(json& config, const json& input) {
  if (input::member(input, "Role")) {
    std::string role = string_member(input, "Role", "Role");
    check_role(role);
    config["Role"] = role;
  }
  if (input::member(input, "Runtime")) {
    std::string runtime = string_member(input, "Runtime", "Runtime");
    check_runtime(runtime);
    config["Runtime"] = runtime;
  }
  if (input::member(input, "Handler")) {
    std::string handler = string_member(input, "Handler", "Handler");
    check_handler(handler);
    config["Handler"] = handler;
  }
  if (const json* v = input::member(input, "Description")) apply_description(config, *v);
  if (const json* v = input::member(input, "Timeout")) apply_timeout(config, *v);
  if (const json* v = input::member(input, "MemorySize")) apply_memory_size(config, *v);
  if (const json* v = input::member(input, "Environment")) apply_environment(config, *v);
  if (const json* v = input::member(input, "DeadLetterConfig"))
    apply_dead_letter_config(config, *v);
  if (const json* v = input::member(input, "Layers")) apply_layers(config, *v);
  if (const json* v = input::member(input, "TracingConfig"); v && v->is_object())
    config["TracingConfig"] = {{"Mode", v->value("Mode", "PassThrough")}};
  if (const json* v = input::member(input, "EphemeralStorage"); v && v->is_object())
    config["EphemeralStorage"] = {{"Size", v->value("Size", 512)}};
}

}  // namespace

FunctionCode read_function_code(const json& input) {
  if (input::member(input, "S3Bucket") || input::member(input, "S3Key"))
    invalid_parameter(
        "Eddy does not emulate S3: upload the deployment package as ZipFile instead of "
        "S3Bucket/S3Key.");
  if (input::member(input, "ImageUri"))
    invalid_parameter(
        "Eddy runs zip packages only: container images (ImageUri) are not supported.");
  const json* zip_file = input::member(input, "ZipFile");
  if (!zip_file) invalid_parameter("Please provide a source for function code.");
  if (!zip_file->is_string())
    throw AwsError("SerializationException", "Expected base64 text for ZipFile.");
  auto zip = base64::decode(zip_file->get<std::string>());
  if (!zip) throw AwsError("SerializationException", "ZipFile is not valid base64.");
  if (zip->size() > kMaxZipBytes)
    throw AwsError("RequestEntityTooLargeException",
                   "Zipped size must be smaller than 52428800 bytes", 413);
  if (!is_readable_zip(*zip))
    invalid_parameter(
        "Could not unzip uploaded file. Please check your file, then try to upload again.");
  FunctionCode code;
  code.sha256_hex = hashing::sha256_hex(*zip);
  std::string digest;
  for (std::size_t i = 0; i + 1 < code.sha256_hex.size(); i += 2)
    digest.push_back(static_cast<char>(std::stoi(code.sha256_hex.substr(i, 2), nullptr, 16)));
  code.sha256_base64 = base64::encode(digest);
  code.zip = std::move(*zip);
  return code;
}

json new_configuration(const json& input, const FunctionRef& ref, const FunctionCode& code,
                       TimePoint now) {
  if (!input::member(input, "Role"))
    throw AwsError("ValidationException",
                   "1 validation error detected: Value null at 'role' failed to satisfy "
                   "constraint: Member must not be null");
  std::string package_type = input.value("PackageType", "Zip");
  if (package_type == "Image")
    invalid_parameter(
        "Eddy runs zip packages only: PackageType Image (container images) is not supported.");
  if (package_type != "Zip")
    throw_validation(package_type, "packageType",
                     "Member must satisfy enum value set: [Image, Zip]");
  if (!input::member(input, "Runtime") || !input::member(input, "Handler"))
    invalid_parameter(
        "Runtime and Handler are mandatory parameters for functions created with Zip packages.");
  json config = {
      {"FunctionName", ref.name},
      {"FunctionArn", ref.arn()},
      {"Description", ""},
      {"Timeout", 3},
      {"MemorySize", 128},
      {"Version", "$LATEST"},
      {"TracingConfig", {{"Mode", "PassThrough"}}},
      {"State", "Active"},
      {"LastUpdateStatus", "Successful"},
      {"PackageType", "Zip"},
      {"Architectures", json::array({"x86_64"})},
      {"EphemeralStorage", {{"Size", 512}}},
      {"SnapStart", {{"ApplyOn", "None"}, {"OptimizationStatus", "Off"}}},
      {"LoggingConfig", {{"LogFormat", "Text"}, {"LogGroup", "/aws/lambda/" + ref.name}}},
  };
  if (const json* v = input::member(input, "Architectures")) {
    if (!v->is_array() || v->size() != 1 || !(*v)[0].is_string() ||
        ((*v)[0] != "x86_64" && (*v)[0] != "arm64"))
      throw_validation(v->dump(), "architectures",
                       "Member must satisfy constraint: [Member must satisfy enum value set: "
                       "[x86_64, arm64]]");
    config["Architectures"] = *v;
  }
  apply_settings(config, input);
  update_code(config, code);
  touch(config, now);
  return config;
}

void update_configuration(json& config, const json& input) {
  apply_settings(config, input);
}

void update_code(json& config, const FunctionCode& code) {
  config["CodeSha256"] = code.sha256_base64;
  config["CodeSize"] = code.zip.size();
}

void touch(json& config, TimePoint now) {
  config["LastModified"] = lambda_timestamp(now);
  config["RevisionId"] = ids::uuid();
}

json published_configuration(json latest, const std::string& version) {
  latest["Version"] = version;
  latest["FunctionArn"] = latest.value("FunctionArn", "") + ":" + version;
  latest["RevisionId"] = ids::uuid();
  return latest;
}

std::string lambda_timestamp(TimePoint t) {
  std::string iso = time_format::iso8601_ms(t);  // ...T00:00:00.000Z
  iso.pop_back();
  return iso + "+0000";
}

std::string code_key(const json& config) {
  auto digest = base64::decode(config.value("CodeSha256", ""));
  if (!digest) return {};
  return hashing::to_hex(reinterpret_cast<const unsigned char*>(digest->data()), digest->size());
}

json code_location(const json& config, const std::string& host) {
  return {{"RepositoryType", "S3"},
          {"Location", "http://" + host + "/_eddy/lambda/code/" + code_key(config) + ".zip"}};
}

FunctionDeployment deployment_of(const json& config, const FunctionRef& ref) {
  FunctionDeployment deployment;
  deployment.account = ref.account;
  deployment.region = ref.region;
  deployment.function_name = ref.name;
  deployment.function_arn = ref.arn();
  deployment.version = config.value("Version", "$LATEST");
  deployment.runtime = config.value("Runtime", "");
  deployment.handler = config.value("Handler", "");
  deployment.code_sha256 = config.value("CodeSha256", "");
  deployment.timeout_seconds = config.value("Timeout", 3);
  deployment.memory_size_mb = config.value("MemorySize", 128);
  auto environment = config.find("Environment");
  if (environment != config.end() && environment->is_object()) {
    auto variables = environment->find("Variables");
    if (variables != environment->end() && variables->is_object())
      for (const auto& [key, value] : variables->items())
        if (value.is_string()) deployment.environment[key] = value.get<std::string>();
  }
  return deployment;
}

}  // namespace eddy::services::lambda
