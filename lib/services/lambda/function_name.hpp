#pragma once
// How a request names a function: a name ("ingest"), a partial ARN ("123456789012:function:
// ingest") or a full ARN, each optionally with a ":qualifier" (a version or alias), checked
// against the API model's patterns as AWS checks them.
#include <optional>
#include <string>

namespace eddy::services::lambda {

struct FunctionRef {
  std::string account;
  std::string region;
  std::string name;
  std::optional<std::string> qualifier;  // from the name itself, or the Qualifier parameter

  std::string arn() const;            // unqualified
  std::string qualified_arn() const;  // with the qualifier, when there is one
};

std::string function_arn(const std::string& account, const std::string& region,
                         const std::string& name);

// The function `value` names for a caller in (account, region). `member` is the parameter's name
// in AWS's validation messages ("functionName"). Throws ValidationException for a value outside
// the model's pattern, ResourceNotFoundException for an ARN of another region.
FunctionRef parse_function_name(const std::string& value, const std::string& account,
                                const std::string& region, std::size_t max_length = 256);
// As above, then merges a separate Qualifier parameter: AWS refuses one that differs from the
// qualifier the name carries.
FunctionRef parse_function_name(const std::string& value,
                                const std::optional<std::string>& qualifier,
                                const std::string& account, const std::string& region);

// AWS's "1 validation error detected: Value '...' at '...' failed to satisfy constraint: ..."
[[noreturn]] void throw_validation(const std::string& value, const std::string& member,
                                   const std::string& constraint);

}  // namespace eddy::services::lambda
