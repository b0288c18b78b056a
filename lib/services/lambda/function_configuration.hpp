#pragma once
// A function version's configuration, as GetFunctionConfiguration answers it: built from
// CreateFunction's input, changed by UpdateFunctionConfiguration and UpdateFunctionCode, each
// member checked as AWS checks it.
#include <string>

#include "eddy/clock.hpp"
#include "eddy/json.hpp"
#include "services/lambda/execution/function_runner.hpp"
#include "services/lambda/function_name.hpp"

namespace eddy::services::lambda {

// A deployment package from a request's Code (CreateFunction) or ZipFile (UpdateFunctionCode).
struct FunctionCode {
  std::string zip;
  std::string sha256_hex;     // names the stored package
  std::string sha256_base64;  // CodeSha256
};

// `input` holds ZipFile (base64), or S3Bucket/S3Key or ImageUri, which Eddy refuses clearly.
FunctionCode read_function_code(const json& input);

// A new function's $LATEST configuration.
json new_configuration(const json& input, const FunctionRef& ref, const FunctionCode& code,
                       TimePoint now);
// Applies UpdateFunctionConfiguration's members to `config`.
void update_configuration(json& config, const json& input);
// Points `config` at new code.
void update_code(json& config, const FunctionCode& code);
// Marks a change: new RevisionId and LastModified.
void touch(json& config, TimePoint now);
// $LATEST's configuration as version `version` publishes it.
json published_configuration(json latest, const std::string& version);

// "2024-01-01T00:00:00.000+0000", as Lambda writes LastModified.
std::string lambda_timestamp(TimePoint t);
// The Code member of GetFunction, pointing at Eddy's copy of the package.
json code_location(const json& config, const std::string& host);
// What a runner needs from a stored configuration.
FunctionDeployment deployment_of(const json& config, const FunctionRef& ref);
// The stored package's key, from a configuration's CodeSha256.
std::string code_key(const json& config);

}  // namespace eddy::services::lambda
