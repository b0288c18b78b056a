#pragma once
// The checks every SQS batch request shares: 1 to 10 entries with distinct ids of 1-80
// characters [A-Za-z0-9_-]; and the shape of a failed entry in the answer.
#include <string_view>

#include "eddy/aws_error.hpp"
#include "eddy/json.hpp"

namespace eddy::services::sqs::batch_entries {

// Throws EmptyBatchRequest, TooManyEntriesInBatchRequest, InvalidBatchEntryId or
// BatchEntryIdsNotDistinct. `entry_name` is the query name, e.g. SendMessageBatchRequestEntry.
void check(const json& entries, std::string_view entry_name);

// {"Id": .., "SenderFault": .., "Code": .., "Message": ..}
json failure(const json& entry, const AwsError& error);

}  // namespace eddy::services::sqs::batch_entries
