#pragma once
// The checks every SQS batch request shares: 1 to 10 entries with distinct ids of 1-80
// characters [A-Za-z0-9_-]; and the answer of per-entry successes and failures.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "eddy/aws_error.hpp"
#include "eddy/json.hpp"
#include "store/database.hpp"

namespace eddy::services::sqs::batch_entries {

// The entries' ids, as text, once checked: throws EmptyBatchRequest, TooManyEntriesInBatchRequest,
// InvalidBatchEntryId or BatchEntryIdsNotDistinct. `entry_name` is the query name, e.g.
// SendMessageBatchRequestEntry.
std::vector<std::string> check(const json& entries, std::string_view entry_name);
// The same for the entries' ids alone.
void check_ids(const std::vector<std::string>& ids, std::string_view entry_name);

using Outcomes = std::vector<std::optional<AwsError>>;

// Runs `each(i)` for every i below `count`, each in its own savepoint: an AwsError undoes that one
// alone and is its outcome; nullopt where it succeeded.
Outcomes each_in_savepoint(store::Database& db, std::size_t count,
                           const std::function<void(std::size_t)>& each);

// The answer to the entries of `ids` given each one's outcome: {"Successful": [..], "Failed":
// [{"Id", "SenderFault", "Code", "Message"}..]}, leaving out an empty list as SQS does. A success
// is what `success(i)` gives, with the entry's Id added.
json answer(const std::vector<std::string>& ids, const Outcomes& outcomes,
            const std::function<json(std::size_t)>& success);
// The same answer written as JSON text, as json::dump would write it: a success is its Id, then
// the members `success_members(i, out)` appends, each after a comma, which must sort after "Id".
std::string answer_text(const std::vector<std::string>& ids, const Outcomes& outcomes,
                        const std::function<void(std::size_t, std::string&)>& success_members);

// Runs `each` on every entry (whose checked ids are `ids`) in its own savepoint: what it returns
// (with the entry's Id added) is a success; an AwsError undoes that entry alone and is its failure.
// Returns answer()'s answer.
json apply(store::Database& db, const std::vector<std::string>& ids, const json& entries,
           const std::function<json(const json&)>& each);

}  // namespace eddy::services::sqs::batch_entries
