#pragma once
// SQS's errors as AWS words them. The JSON protocol names the modelled shape in __type; the query
// protocol and the x-amzn-query-error header carry SQS's older codes (AWS.SimpleQueueService.*).
#include <string>
#include <string_view>

#include "eddy/aws_error.hpp"

namespace eddy::services::sqs::errors {

AwsError queue_does_not_exist();
AwsError queue_name_exists(std::string_view attribute);
AwsError queue_deleted_recently();
// "Value <value> for parameter <parameter> is invalid. Reason: <reason>"
AwsError invalid_parameter(std::string_view value, std::string_view parameter,
                           std::string_view reason);
AwsError invalid_parameter_value(std::string message);
AwsError missing_parameter(std::string_view parameter);
AwsError unknown_attribute(std::string_view name);
AwsError invalid_attribute_name(std::string message);
AwsError invalid_attribute_value(std::string_view name, std::string_view reason = {});
AwsError invalid_message_contents();
AwsError receipt_handle_invalid(std::string_view handle);
AwsError message_not_inflight();
AwsError purge_in_progress(std::string_view queue_name);
AwsError empty_batch(std::string_view entry_name);
AwsError too_many_entries(std::size_t sent);
AwsError batch_ids_not_distinct(std::string_view id);
AwsError invalid_batch_entry_id();
AwsError batch_request_too_long(std::size_t limit, std::size_t sent);
AwsError resource_not_found(std::string message);
AwsError over_limit(std::string message);

}  // namespace eddy::services::sqs::errors
