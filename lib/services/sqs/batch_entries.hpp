#pragma once
// The checks every SQS batch request shares: 1 to 10 entries with distinct ids of 1-80
// characters [A-Za-z0-9_-]; and the answer of per-entry successes and failures.
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "eddy/aws_error.hpp"
#include "eddy/json.hpp"
#include "store/database.hpp"

namespace eddy::services::sqs::batch_entries {

// Throws EmptyBatchRequest, TooManyEntriesInBatchRequest, InvalidBatchEntryId or
// BatchEntryIdsNotDistinct. `entry_name` is the query name, e.g. SendMessageBatchRequestEntry.
void check(const json& entries, std::string_view entry_name);

// Runs `each(i)` for every i below `count`, each in its own savepoint: an AwsError undoes that one
// alone and is its outcome; nullopt where it succeeded.
std::vector<std::optional<AwsError>> each_in_savepoint(
    store::Database& db, std::size_t count, const std::function<void(std::size_t)>& each);

// Runs `each` on every entry in its own savepoint: what it returns (with the entry's Id added) is a
// success; an AwsError undoes that entry alone and is its failure. Returns {"Successful": [..],
// "Failed": [{"Id", "SenderFault", "Code", "Message"}..]}, leaving out an empty list as SQS does.
json apply(store::Database& db, const json& entries, const std::function<json(const json&)>& each);

}  // namespace eddy::services::sqs::batch_entries
