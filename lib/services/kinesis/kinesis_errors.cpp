#include "services/kinesis/kinesis_errors.hpp"

#include <fmt/format.h>

namespace eddy::services::kinesis::errors {

AwsError stream_not_found(std::string_view stream, std::string_view account) {
  return resource_not_found(fmt::format("Stream {} under account {} not found.", stream, account));
}

AwsError stream_exists(std::string_view stream, std::string_view account) {
  return resource_in_use(
      fmt::format("Stream {} under account {} already exists.", stream, account));
}

AwsError shard_not_found(std::string_view shard, std::string_view stream,
                         std::string_view account) {
  return resource_not_found(fmt::format("Could not find shard {} in stream {} under account {}.",
                                        shard, stream, account));
}

AwsError invalid_argument(std::string message) {
  return AwsError("InvalidArgumentException", std::move(message));
}

AwsError limit_exceeded(std::string message) {
  return AwsError("LimitExceededException", std::move(message));
}

AwsError resource_in_use(std::string message) {
  return AwsError("ResourceInUseException", std::move(message));
}

AwsError resource_not_found(std::string message) {
  return AwsError("ResourceNotFoundException", std::move(message));
}

AwsError validation(const std::vector<std::string>& failures) {
  return AwsError("ValidationException",
                  fmt::format("{} validation error{} detected: {}", failures.size(),
                              failures.size() == 1 ? "" : "s", fmt::join(failures, "; ")));
}

AwsError serialization(std::string message) {
  return AwsError("SerializationException", std::move(message));
}

}  // namespace eddy::services::kinesis::errors
