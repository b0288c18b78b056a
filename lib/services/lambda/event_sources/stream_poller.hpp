#pragma once
// Polls a Kinesis or DynamoDB stream for a mapping: in order within each shard (one batch in
// flight per shard; with ParallelizationFactor N up to N, in order per partition key), from the
// checkpoint stored after each successful batch, children shards once their closed parents are
// finished; woken by new records, never on a fixed interval. A failed batch is retried (bisected
// when asked) until MaximumRetryAttempts or MaximumRecordAgeInSeconds gives up on it, then
// described to the OnFailure destination and skipped.
#include <memory>

#include "services/lambda/event_sources/poller_environment.hpp"
#include "services/lambda/event_sources/stream_source.hpp"

namespace eddy::services::lambda::event_sources {

// `control->wake_key` is `source`'s wake key.
Awaitable<void> run_stream_poller(std::shared_ptr<PollerEnvironment> env,
                                  std::shared_ptr<PollerControl> control,
                                  std::unique_ptr<StreamSource> source);

}  // namespace eddy::services::lambda::event_sources
