#pragma once
// DestinationConfig.OnFailure for stream mappings: a batch given up on (retries exhausted, records
// too old) is described, not copied, in AWS's invocation record, sent to an SQS queue or an SNS
// topic.
#include <optional>
#include <string>

#include "services/lambda/event_sources/function_invocation.hpp"

namespace eddy::services::lambda::event_sources {

struct DiscardedBatch {
  std::string condition{};  // "RetryAttemptsExhausted" or "RecordAgeExceeded"
  int invoke_count = 0;
  const json* records = nullptr;  // the event records given up on
  std::string shard_id{};
  std::string batch_info_key{};                // KinesisBatchInfo or DDBStreamBatchInfo
  std::optional<BatchOutcome> last_outcome{};  // the last invocation's answer
};

// The invocation record AWS sends to the on-failure destination.
json on_failure_record(const Mapping& mapping, const DiscardedBatch& batch, std::int64_t now_ms);

// Sends it when the mapping has an OnFailure destination. A destination that cannot take it is
// logged: the batch is given up on either way, as in AWS.
Awaitable<void> send_to_on_failure_destination(PollerEnvironment& env, const Mapping& mapping,
                                               const DiscardedBatch& batch);

}  // namespace eddy::services::lambda::event_sources
