#pragma once
// What Lambda's operations share in reading a request and answering a miss: the function a
// request names, optional members, list pages, and AWS's not-found wording.
#include <optional>
#include <string>

#include "eddy/aws_error.hpp"
#include "eddy/json.hpp"
#include "protocol/call.hpp"
#include "services/lambda/function_name.hpp"

namespace eddy::services::lambda {

// The FunctionName member (and Qualifier, when the operation takes one) of `call`.
FunctionRef requested_function(const protocol::Call& call, bool takes_qualifier = true);
// A string member, or nullopt when absent; SerializationException when not a string.
std::optional<std::string> optional_string(const json& input, std::string_view key);
// A string member that must be present: ValidationException naming `member` otherwise.
std::string required_string(const json& input, std::string_view key, const std::string& member);
// MaxItems (1..10000), or `fallback` when absent.
int max_items(const json& input, int fallback = 50);

// "Function not found: <arn>" (404), as AWS words it.
AwsError function_not_found(const std::string& arn);
// The PreconditionFailedException for a RevisionId that is not the current one.
AwsError revision_mismatch();

}  // namespace eddy::services::lambda
