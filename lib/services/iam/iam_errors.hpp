#pragma once
// IAM's errors, with the codes, statuses and wording AWS uses.
#include <string>
#include <string_view>

#include "eddy/aws_error.hpp"

namespace eddy::services::iam {

// NoSuchEntity (404): "The role with name X cannot be found." and its kin.
AwsError no_such_entity(std::string message);
// EntityAlreadyExists (409).
AwsError entity_already_exists(std::string message);
// DeleteConflict (409): the entity still has what must go first.
AwsError delete_conflict(std::string message);
// LimitExceeded (409): a quota such as ten managed policies per role.
AwsError limit_exceeded(std::string message);
// MalformedPolicyDocument (400).
AwsError malformed_policy(std::string message);
// InvalidInput (400): a value that passes the model's checks but not IAM's own.
AwsError invalid_input(std::string message);

// ValidationError (400) as AWS phrases a model constraint:
// "1 validation error detected: Value 'x' at 'roleName' failed to satisfy constraint: <rule>".
AwsError validation_error(std::string_view value, std::string_view field, std::string_view rule);
// ValidationError for a required member that is absent: "Value null at 'roleName' ...".
AwsError missing_member(std::string_view field);

AwsError role_not_found(std::string_view role_name);

}  // namespace eddy::services::iam
