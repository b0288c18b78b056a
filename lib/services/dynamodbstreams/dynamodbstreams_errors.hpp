#pragma once
// DynamoDB Streams' errors and request checks, worded as AWS words them. The request checks
// share DynamoDB's ConstraintErrors ("1 validation error detected: ...").
#include <optional>
#include <string_view>

#include "eddy/aws_error.hpp"
#include "eddy/json.hpp"
#include "services/dynamodb/dynamodb_errors.hpp"

namespace eddy::services::dynamodbstreams::streams_errors {

using dynamodb::errors::ConstraintErrors;

AwsError serialization();
AwsError validation(std::string message);
// "Requested resource not found: Stream: <arn> not found"
AwsError stream_not_found(std::string_view arn);
AwsError shard_not_found(std::string_view shard_id, std::string_view arn);
// A position older than the trim horizon (24 hours).
AwsError trimmed();

// The member `name` of `input` as a string of [min, max] characters; null when absent (and
// reported when `required`). A member of another JSON type is a SerializationException.
const std::string* check_string(ConstraintErrors& errors, const json& input, std::string_view name,
                                std::string_view member, std::size_t min, std::size_t max,
                                bool required);
// A Limit: at least 1 and at most `max`.
std::optional<int> check_limit(ConstraintErrors& errors, const json& input, int max);

}  // namespace eddy::services::dynamodbstreams::streams_errors
