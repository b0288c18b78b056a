#pragma once
// Polls a queue for a mapping: long polls (holding no thread, woken by a new message), gathers a
// batch up to BatchSize within MaximumBatchingWindowInSeconds, drops and deletes what
// FilterCriteria rejects, invokes the function, deletes the batch on success (or all but the
// reported batchItemFailures) and leaves it to the visibility timeout on failure, so the queue's
// RedrivePolicy moves poison messages to its dead-letter queue.
#include <memory>

#include "services/lambda/event_sources/poller_environment.hpp"

namespace eddy::services::lambda::event_sources {

// ScalingConfig.MaximumConcurrency workers, or this many without one.
inline constexpr int kDefaultSqsPollers = 5;

// One worker's loop; a mapping runs several.
Awaitable<void> run_sqs_poller(std::shared_ptr<PollerEnvironment> env,
                               std::shared_ptr<PollerControl> control);

}  // namespace eddy::services::lambda::event_sources
