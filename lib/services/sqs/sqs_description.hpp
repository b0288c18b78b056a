#pragma once
// How SQS looks on the wire: the JSON target prefix and error namespace, and the query protocol's
// flattened lists and maps in both directions (checked against botocore's model and aws-sdk
// v2.1490's sqs-2012-11-05 API file).
#include <string_view>
#include <unordered_set>

#include "protocol/service_description.hpp"

namespace eddy::services::sqs {

protocol::ServiceDescription make_description(std::unordered_set<std::string_view> operations);

}  // namespace eddy::services::sqs
