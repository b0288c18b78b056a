#pragma once
// Kinesis's errors as AWS words them (kinesalite's copies of AWS's messages are the reference).
#include <string>
#include <string_view>
#include <vector>

#include "eddy/aws_error.hpp"

namespace eddy::services::kinesis::errors {

AwsError stream_not_found(std::string_view stream, std::string_view account);
AwsError stream_exists(std::string_view stream, std::string_view account);
AwsError shard_not_found(std::string_view shard, std::string_view stream, std::string_view account);
AwsError invalid_argument(std::string message);
AwsError limit_exceeded(std::string message);
AwsError resource_in_use(std::string message);
AwsError resource_not_found(std::string message);
// "2 validation errors detected: Value 'x' at 'streamName' failed to satisfy constraint: ..."
AwsError validation(const std::vector<std::string>& failures);
AwsError serialization(std::string message);

}  // namespace eddy::services::kinesis::errors
