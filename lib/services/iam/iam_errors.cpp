#include "services/iam/iam_errors.hpp"

#include <fmt/format.h>

namespace eddy::services::iam {

AwsError no_such_entity(std::string message) {
  return AwsError("NoSuchEntity", std::move(message), 404);
}

AwsError entity_already_exists(std::string message) {
  return AwsError("EntityAlreadyExists", std::move(message), 409);
}

AwsError delete_conflict(std::string message) {
  return AwsError("DeleteConflict", std::move(message), 409);
}

AwsError limit_exceeded(std::string message) {
  return AwsError("LimitExceeded", std::move(message), 409);
}

AwsError malformed_policy(std::string message) {
  return AwsError("MalformedPolicyDocument", std::move(message), 400);
}

AwsError invalid_input(std::string message) {
  return AwsError("InvalidInput", std::move(message), 400);
}

AwsError validation_error(std::string_view value, std::string_view field, std::string_view rule) {
  return AwsError("ValidationError",
                  fmt::format("1 validation error detected: Value '{}' at '{}' failed to satisfy "
                              "constraint: {}",
                              value, field, rule));
}

AwsError missing_member(std::string_view field) {
  return AwsError("ValidationError",
                  fmt::format("1 validation error detected: Value null at '{}' failed to satisfy "
                              "constraint: Member must not be null",
                              field));
}

AwsError role_not_found(std::string_view role_name) {
  return no_such_entity(fmt::format("The role with name {} cannot be found.", role_name));
}

}  // namespace eddy::services::iam
