#include "services/dynamodbstreams/dynamodbstreams_errors.hpp"

#include <string>

namespace eddy::services::dynamodbstreams::streams_errors {

AwsError serialization() {
  return dynamodb::errors::serialization();
}

AwsError validation(std::string message) {
  return dynamodb::errors::validation(std::move(message));
}

AwsError stream_not_found(std::string_view arn) {
  return AwsError("ResourceNotFoundException",
                  "Requested resource not found: Stream: " + std::string(arn) + " not found");
}

AwsError shard_not_found(std::string_view shard_id, std::string_view arn) {
  return AwsError("ResourceNotFoundException",
                  "Requested resource not found: Shard: " + std::string(shard_id) +
                      " in Stream: " + std::string(arn) + " not found");
}

AwsError trimmed() {
  return AwsError("TrimmedDataAccessException",
                  "The data you are trying to access has been trimmed");
}

const std::string* check_string(ConstraintErrors& errors, const json& input, std::string_view name,
                                std::string_view member, std::size_t min, std::size_t max,
                                bool required) {
  auto it = input.find(name);
  if (it == input.end() || it->is_null()) {
    if (required) errors.add("null", member, "Member must not be null");
    return nullptr;
  }
  if (!it->is_string()) throw serialization();
  const auto& text = it->get_ref<const std::string&>();
  std::string shown = "'" + text + "'";
  if (text.size() < min)
    errors.add(shown, member,
               "Member must have length greater than or equal to " + std::to_string(min));
  if (text.size() > max)
    errors.add(shown, member,
               "Member must have length less than or equal to " + std::to_string(max));
  return &text;
}

std::optional<int> check_limit(ConstraintErrors& errors, const json& input, int max) {
  auto it = input.find("Limit");
  if (it == input.end() || it->is_null()) return std::nullopt;
  if (!it->is_number_integer()) throw serialization();
  auto value = it->get<std::int64_t>();
  std::string shown = "'" + std::to_string(value) + "'";
  if (value < 1) {
    errors.add(shown, "limit", "Member must have value greater than or equal to 1");
    return std::nullopt;
  }
  if (value > max) {
    errors.add(shown, "limit",
               "Member must have value less than or equal to " + std::to_string(max));
    return std::nullopt;
  }
  return static_cast<int>(value);
}

}  // namespace eddy::services::dynamodbstreams::streams_errors
