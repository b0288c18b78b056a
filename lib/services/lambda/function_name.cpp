#include "services/lambda/function_name.hpp"

#include <regex>

#include "eddy/aws_error.hpp"

namespace eddy::services::lambda {
namespace {

// NamespacedFunctionName in the API model, with groups for the region, account, name, qualifier.
constexpr const char* kFunctionNamePattern =
    R"((arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_\.]+)(:(\$LATEST(\.PUBLISHED)?|[a-zA-Z0-9-_]+))?)";
constexpr const char* kQualifierPattern = R"((|[a-zA-Z0-9$_-]+))";

const std::regex& function_name_regex() {
  static const std::regex regex(kFunctionNamePattern);
  return regex;
}

}  // namespace

std::string function_arn(const std::string& account, const std::string& region,
                         const std::string& name) {
  return "arn:aws:lambda:" + region + ":" + account + ":function:" + name;
}

std::string FunctionRef::arn() const {
  return function_arn(account, region, name);
}

std::string FunctionRef::qualified_arn() const {
  return qualifier ? arn() + ":" + *qualifier : arn();
}

void throw_validation(const std::string& value, const std::string& member,
                      const std::string& constraint) {
  throw AwsError("ValidationException", "1 validation error detected: Value '" + value + "' at '" +
                                            member +
                                            "' failed to satisfy constraint: " + constraint);
}

FunctionRef parse_function_name(const std::string& value, const std::string& account,
                                const std::string& region, std::size_t max_length) {
  if (value.empty() || value.size() > max_length)
    throw_validation(value, "functionName",
                     "Member must have length less than or equal to " + std::to_string(max_length));
  std::smatch match;
  if (!std::regex_match(value, match, function_name_regex()))
    throw_validation(
        value, "functionName",
        std::string("Member must satisfy regular expression pattern: ") + kFunctionNamePattern);
  FunctionRef ref{account, region, match[10].str(), std::nullopt};
  if (match[3].matched) {
    std::string named_region = match[3].str();
    named_region.pop_back();  // the ':'
    if (named_region != region)
      throw AwsError("ResourceNotFoundException",
                     "Functions from '" + named_region + "' are not reachable in this region ('" +
                         region + "')",
                     404);
  }
  if (match[12].matched) ref.qualifier = match[12].str();
  return ref;
}

FunctionRef parse_function_name(const std::string& value,
                                const std::optional<std::string>& qualifier,
                                const std::string& account, const std::string& region) {
  FunctionRef ref = parse_function_name(value, account, region);
  if (!qualifier) return ref;
  static const std::regex qualifier_regex(kQualifierPattern);
  if (qualifier->size() > 128)
    throw_validation(*qualifier, "qualifier", "Member must have length less than or equal to 128");
  if (!std::regex_match(*qualifier, qualifier_regex))
    throw_validation(
        *qualifier, "qualifier",
        std::string("Member must satisfy regular expression pattern: ") + kQualifierPattern);
  if (ref.qualifier && *ref.qualifier != *qualifier)
    throw AwsError("InvalidParameterValueException",
                   "The derived qualifier from the function name does not match the specified "
                   "qualifier.");
  if (!qualifier->empty()) ref.qualifier = *qualifier;
  return ref;
}

}  // namespace eddy::services::lambda
