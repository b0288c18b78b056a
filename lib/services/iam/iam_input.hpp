#pragma once
// Reading IAM request members, which arrive as query-protocol strings (or typed, in-process),
// with the model's constraints checked and reported as AWS reports them (ValidationError naming
// the member in lowerCamelCase: 'roleName').
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "eddy/json.hpp"

namespace eddy::services::iam {

std::optional<std::string> optional_text(const json& input, std::string_view member);
// Present and at most `max_length` characters (policy documents, ARNs).
std::string required_text(const json& input, std::string_view member, std::size_t max_length);
// An ARN (PolicyArn): 20..2048 characters (ValidationError), and an ARN (InvalidInput
// "ARN x is not valid.").
std::string required_arn(const json& input, std::string_view member);
// An entity name: 1..max_length of [\w+=,.@-] (RoleName, PolicyName).
std::string required_name(const json& input, std::string_view member, std::size_t max_length);
// A role path: "/" or "/a/b/", printable ASCII; "/" when absent.
std::string role_path(const json& input, std::string_view member);
// A managed-policy path: "/" or "/a/b/" of [A-Za-z0-9.,+@=_-]; "/" when absent.
std::string policy_path(const json& input, std::string_view member);
// A PathPrefix filter: starts with "/"; absent means every path.
std::string path_prefix(const json& input, std::string_view member);
// A description of at most `max_length` characters.
std::optional<std::string> description_text(const json& input, std::string_view member,
                                            std::size_t max_length);
std::optional<std::int64_t> bounded_integer(const json& input, std::string_view member,
                                            std::int64_t min, std::int64_t max);
std::optional<bool> optional_boolean(const json& input, std::string_view member);
// A list member; the empty query value ("TagKeys=") is an empty list.
json list_member(const json& input, std::string_view member);
// Tags as [{"Key", "Value"}], checked; keys are unique ignoring case, as IAM compares them.
json requested_tags(const json& input, std::string_view member);

}  // namespace eddy::services::iam
