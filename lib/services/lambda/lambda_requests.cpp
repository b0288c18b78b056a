#include "services/lambda/lambda_requests.hpp"

#include "core/input.hpp"

namespace eddy::services::lambda {

std::optional<std::string> optional_string(const json& input, std::string_view key) {
  const json* value = input::member(input, key);
  if (!value) return std::nullopt;
  if (!value->is_string())
    throw AwsError("SerializationException", "Expected a string for " + std::string(key) + ".");
  return value->get<std::string>();
}

std::string required_string(const json& input, std::string_view key, const std::string& member) {
  auto value = optional_string(input, key);
  if (!value)
    throw AwsError("ValidationException", "1 validation error detected: Value null at '" + member +
                                              "' failed to satisfy constraint: Member must not "
                                              "be null");
  return *value;
}

FunctionRef requested_function(const protocol::Call& call, bool takes_qualifier) {
  std::string name = required_string(call.input, "FunctionName", "functionName");
  std::optional<std::string> qualifier =
      takes_qualifier ? optional_string(call.input, "Qualifier") : std::nullopt;
  return parse_function_name(name, qualifier, call.account, call.region);
}

int max_items(const json& input, int fallback) {
  const json* value = input::member(input, "MaxItems");
  if (!value) return fallback;
  auto number = input::integer(*value);
  if (!number || *number < 1 || *number > 10000)
    throw AwsError("ValidationException",
                   "1 validation error detected: Value '" + input::text(*value) +
                       "' at 'maxItems' failed to satisfy constraint: Member must have value " +
                       (number && *number > 10000 ? "less than or equal to 10000"
                                                  : "greater than or equal to 1"));
  return static_cast<int>(*number);
}

AwsError function_not_found(const std::string& arn) {
  return AwsError("ResourceNotFoundException", "Function not found: " + arn, 404);
}

AwsError revision_mismatch() {
  return AwsError("PreconditionFailedException",
                  "The Revision Id provided does not match the latest Revision Id. Call the "
                  "GetFunction/GetAlias API to retrieve the latest Revision Id",
                  412);
}

}  // namespace eddy::services::lambda
