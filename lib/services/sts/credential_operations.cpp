// Temporary credentials: AssumeRole (a role's identity, in the role's account) and
// GetSessionToken (the caller's own identity).
#include <algorithm>
#include <cctype>
#include <optional>

#include <fmt/format.h>
#include <boost/algorithm/string/case_conv.hpp>

#include "core/arn.hpp"
#include "core/ids.hpp"
#include "core/input.hpp"
#include "services/sts/session_credentials.hpp"
#include "services/sts/sts_service.hpp"

namespace eddy::services::sts {
namespace {

constexpr std::int64_t kMinDuration = 900;
constexpr std::int64_t kMaxRoleDuration = 43200;
constexpr std::int64_t kDefaultRoleDuration = 3600;
constexpr std::int64_t kMaxSessionTokenDuration = 129600;
constexpr std::int64_t kDefaultSessionTokenDuration = 43200;
// A role assumed with credentials that are themselves a role's lasts an hour at most.
constexpr std::int64_t kMaxChainedDuration = 3600;

AwsError validation_error(std::string_view value, std::string_view field, std::string_view rule) {
  return AwsError("ValidationError",
                  fmt::format("1 validation error detected: Value '{}' at '{}' failed to satisfy "
                              "constraint: {}",
                              value, field, rule));
}

std::string required_text(const json& input, std::string_view member, std::string_view field) {
  const json* value = input::member(input, member);
  if (!value)
    throw AwsError("ValidationError",
                   fmt::format("1 validation error detected: Value null at '{}' failed to "
                               "satisfy constraint: Member must not be null",
                               field));
  return input::text(*value);
}

std::int64_t duration_seconds(const json& input, std::int64_t max, std::int64_t fallback) {
  const json* value = input::member(input, "DurationSeconds");
  if (!value) return fallback;
  auto seconds = input::integer(*value);
  if (!seconds)
    throw validation_error(input::text(*value), "durationSeconds", "Member must be a number");
  if (*seconds < kMinDuration)
    throw validation_error(std::to_string(*seconds), "durationSeconds",
                           "Member must have value greater than or equal to 900");
  if (*seconds > max)
    throw validation_error(std::to_string(*seconds), "durationSeconds",
                           fmt::format("Member must have value less than or equal to {}", max));
  return *seconds;
}

// 2..64 of [\w+=,.@-].
std::string role_session_name(const json& input) {
  std::string name = required_text(input, "RoleSessionName", "roleSessionName");
  if (name.size() < 2)
    throw validation_error(name, "roleSessionName",
                           "Member must have length greater than or equal to 2");
  if (name.size() > 64)
    throw validation_error(name, "roleSessionName",
                           "Member must have length less than or equal to 64");
  bool valid = std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '+' || c == '=' ||
           c == ',' || c == '.' || c == '@' || c == '-';
  });
  if (!valid)
    throw validation_error(name, "roleSessionName",
                           "Member must satisfy regular expression pattern: [\\w+=,.@-]*");
  return name;
}

struct RoleArn {
  std::string account;
  std::string name;  // the last path segment: role/a/b/Name -> Name
};

// arn:aws:iam::<12 digits>:role/[path/]name. The role need not exist in Eddy: a cross-account
// role usually does not, and LocalStack accepts any well-formed one too.
RoleArn role_arn(const json& input) {
  std::string text = required_text(input, "RoleArn", "roleArn");
  if (text.size() < 20)
    throw validation_error(text, "roleArn", "Member must have length greater than or equal to 20");
  if (text.size() > 2048)
    throw validation_error(text, "roleArn", "Member must have length less than or equal to 2048");
  auto arn = Arn::parse(text);
  bool valid = arn && arn->service == "iam" && arn->region.empty() && arn->account.size() == 12 &&
               std::all_of(arn->account.begin(), arn->account.end(),
                           [](char c) { return c >= '0' && c <= '9'; }) &&
               arn->resource.starts_with("role/") && arn->resource.back() != '/';
  if (!valid) throw AwsError("ValidationError", text + " is not a valid role ARN.");
  return {arn->account, arn->resource.substr(arn->resource.rfind('/') + 1)};
}

}  // namespace

Awaitable<json> StsService::AssumeRole(const Call& call) {
  RoleArn role = role_arn(call.input);
  std::string session = role_session_name(call.input);
  std::int64_t duration = duration_seconds(call.input, kMaxRoleDuration, kDefaultRoleDuration);
  if (const json* policy = input::member(call.input, "Policy")) {
    if (json::parse(input::text(*policy), nullptr, false).is_discarded())
      throw AwsError("MalformedPolicyDocument", "The policy is not in the valid JSON format.");
  }
  if (caller(call).arn.find(":assumed-role/") != std::string::npos &&
      duration > kMaxChainedDuration)
    throw AwsError("ValidationError",
                   "The requested DurationSeconds exceeds the 1 hour session limit for roles "
                   "assumed by role chaining.");

  // A role Eddy's IAM holds lends its id and its session limit; any other gets a fresh id.
  std::string role_id = "AROA" + boost::algorithm::to_upper_copy(ids::random_token(17));
  if (auto known = iam_.find_role(role.account, role.name)) {
    role_id = known->role_id;
    role.name = known->name;
    if (duration > known->max_session_duration)
      throw AwsError("ValidationError",
                     "The requested DurationSeconds exceeds the MaxSessionDuration set for this "
                     "role.");
  }
  CallerIdentity identity{
      .account = role.account,
      .arn = "arn:aws:sts::" + role.account + ":assumed-role/" + role.name + "/" + session,
      .user_id = role_id + ":" + session,
  };
  auto credentials =
      SessionCredentials::issue(identity, context_.clock.now(), std::chrono::seconds(duration));
  co_await remember(credentials);
  json out = {{"Credentials", credentials.output()},
              {"AssumedRoleUser", {{"AssumedRoleId", identity.user_id}, {"Arn", identity.arn}}}};
  if (const json* source = input::member(call.input, "SourceIdentity"))
    out["SourceIdentity"] = input::text(*source);
  co_return out;
}

Awaitable<json> StsService::GetSessionToken(const Call& call) {
  std::int64_t duration =
      duration_seconds(call.input, kMaxSessionTokenDuration, kDefaultSessionTokenDuration);
  if (context_.access_keys.find(call.access_key))
    throw AwsError("AccessDenied", "Cannot call GetSessionToken with session credentials", 403);
  auto credentials =
      SessionCredentials::issue(caller(call), context_.clock.now(), std::chrono::seconds(duration));
  co_await remember(credentials);
  co_return json{{"Credentials", credentials.output()}};
}

}  // namespace eddy::services::sts
