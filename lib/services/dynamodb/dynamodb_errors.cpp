#include "services/dynamodb/dynamodb_errors.hpp"

#include <algorithm>

namespace eddy::services::dynamodb::errors {

AwsError validation(std::string message) {
  return AwsError("ValidationException", std::move(message));
}

AwsError invalid_parameter(std::string_view detail) {
  return validation("One or more parameter values were invalid: " + std::string(detail));
}

AwsError resource_not_found() {
  return AwsError("ResourceNotFoundException", "Requested resource not found");
}

AwsError table_not_found(std::string_view name) {
  return AwsError("ResourceNotFoundException",
                  "Requested resource not found: Table: " + std::string(name) + " not found");
}

AwsError resource_in_use(std::string message) {
  return AwsError("ResourceInUseException", std::move(message));
}

AwsError conditional_check_failed(const json* item) {
  AwsError error("ConditionalCheckFailedException", "The conditional request failed");
  if (item && !item->empty()) error.with_details({{"Item", *item}});
  return error;
}

AwsError key_schema_mismatch() {
  return validation("The provided key element does not match the schema");
}

AwsError serialization() {
  return AwsError("SerializationException",
                  "The request could not be deserialized: a member has the wrong type");
}

void ConstraintErrors::add(std::string_view shown_value, std::string_view member,
                           std::string_view constraint) {
  errors_.push_back("Value " + std::string(shown_value) + " at '" + std::string(member) +
                    "' failed to satisfy constraint: " + std::string(constraint));
}

void ConstraintErrors::check_name(const json* name, std::string_view member) {
  if (!name || name->is_null()) {
    add("null", member, "Member must not be null");
    return;
  }
  if (!name->is_string()) throw serialization();
  const auto& text = name->get_ref<const std::string&>();
  std::string shown = "'" + text + "'";
  bool legal = !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '_' || c == '.' || c == '-';
  });
  if (!legal) add(shown, member, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
  if (text.size() < 3) add(shown, member, "Member must have length greater than or equal to 3");
  if (text.size() > 255) add(shown, member, "Member must have length less than or equal to 255");
}

void ConstraintErrors::throw_if_any() const {
  if (errors_.empty()) return;
  std::string message = std::to_string(errors_.size()) + " validation error" +
                        (errors_.size() > 1 ? "s" : "") + " detected: ";
  for (std::size_t i = 0; i < errors_.size(); ++i) {
    if (i) message += "; ";
    message += errors_[i];
  }
  throw validation(message);
}

}  // namespace eddy::services::dynamodb::errors
