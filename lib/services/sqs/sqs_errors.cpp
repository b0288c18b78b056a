#include "services/sqs/sqs_errors.hpp"

#include <fmt/format.h>

namespace eddy::services::sqs::errors {
namespace {
AwsError legacy(std::string shape, std::string query_code, std::string message, int status = 400) {
  AwsError error(std::move(shape), std::move(message), status);
  error.with_query_code(std::move(query_code));
  return error;
}
}  // namespace

AwsError queue_does_not_exist() {
  // The XML API has always said "for this wsdl version"; the JSON API dropped it.
  return legacy("QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue",
                "The specified queue does not exist.")
      .with_query_message("The specified queue does not exist for this wsdl version.");
}

AwsError queue_name_exists(std::string_view attribute) {
  return legacy(
      "QueueNameExists", "QueueAlreadyExists",
      fmt::format(
          "A queue already exists with the same name and a different value for attribute {}",
          attribute));
}

AwsError queue_deleted_recently() {
  return legacy("QueueDeletedRecently", "AWS.SimpleQueueService.QueueDeletedRecently",
                "You must wait 60 seconds after deleting a queue before you can create another "
                "with the same name.");
}

AwsError invalid_parameter(std::string_view value, std::string_view parameter,
                           std::string_view reason) {
  // AWS leaves an empty value out rather than printing two spaces.
  if (value.empty())
    return invalid_parameter_value(
        fmt::format("Value for parameter {} is invalid. Reason: {}", parameter, reason));
  return invalid_parameter_value(
      fmt::format("Value {} for parameter {} is invalid. Reason: {}", value, parameter, reason));
}

AwsError invalid_parameter_value(std::string message) {
  return AwsError("InvalidParameterValue", std::move(message));
}

AwsError missing_parameter(std::string_view parameter) {
  return AwsError("MissingParameter",
                  fmt::format("The request must contain the parameter {}.", parameter));
}

AwsError unknown_attribute(std::string_view name) {
  return invalid_attribute_name(fmt::format("Unknown Attribute {}.", name));
}

AwsError invalid_attribute_name(std::string message) {
  return AwsError("InvalidAttributeName", std::move(message));
}

AwsError invalid_attribute_value(std::string_view name, std::string_view reason) {
  std::string message = fmt::format("Invalid value for the parameter {}.", name);
  if (!reason.empty())
    message = fmt::format("Invalid value for the parameter {}. Reason: {}", name, reason);
  return AwsError("InvalidAttributeValue", message);
}

AwsError invalid_message_contents() {
  return AwsError("InvalidMessageContents",
                  "Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 "
                  "to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF");
}

AwsError receipt_handle_invalid(std::string_view handle) {
  return AwsError(
      "ReceiptHandleIsInvalid",
      fmt::format("The input receipt handle \"{}\" is not a valid receipt handle.", handle));
}

AwsError message_not_inflight() {
  return legacy("MessageNotInflight", "AWS.SimpleQueueService.MessageNotInflight",
                "The specified message isn't in flight.");
}

AwsError purge_in_progress(std::string_view queue_name) {
  return legacy(
      "PurgeQueueInProgress", "AWS.SimpleQueueService.PurgeQueueInProgress",
      fmt::format("Only one PurgeQueue operation on {} is allowed every 60 seconds.", queue_name),
      403);
}

AwsError empty_batch(std::string_view entry_name) {
  return legacy("EmptyBatchRequest", "AWS.SimpleQueueService.EmptyBatchRequest",
                fmt::format("There should be at least one {} in the request.", entry_name));
}

AwsError too_many_entries(std::size_t sent) {
  return legacy(
      "TooManyEntriesInBatchRequest", "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
      fmt::format("Maximum number of entries per request are 10. You have sent {}.", sent));
}

AwsError batch_ids_not_distinct(std::string_view id) {
  return legacy("BatchEntryIdsNotDistinct", "AWS.SimpleQueueService.BatchEntryIdsNotDistinct",
                fmt::format("Id {} repeated.", id));
}

AwsError invalid_batch_entry_id() {
  return legacy("InvalidBatchEntryId", "AWS.SimpleQueueService.InvalidBatchEntryId",
                "A batch entry id can only contain alphanumeric characters, hyphens and "
                "underscores. It can be at most 80 letters long.");
}

AwsError batch_request_too_long(std::size_t limit, std::size_t sent) {
  return legacy(
      "BatchRequestTooLong", "AWS.SimpleQueueService.BatchRequestTooLong",
      fmt::format("Batch requests cannot be longer than {} bytes. You have sent {} bytes.", limit,
                  sent));
}

AwsError resource_not_found(std::string message) {
  return AwsError("ResourceNotFoundException", std::move(message), 404);
}

AwsError over_limit(std::string message) {
  return AwsError("OverLimit", std::move(message));
}

}  // namespace eddy::services::sqs::errors
