#pragma once
// Invoking a mapping's function with a batch: synchronously, retrying throttles with a back-off
// (a throttle is not a function error and never counts as a retry).
#include <optional>
#include <string>

#include "services/lambda/event_sources/poller_environment.hpp"

namespace eddy::services::lambda::event_sources {

struct BatchOutcome {
  bool succeeded = false;  // no function error, no invoke error
  InvokeResult result{};   // when the function ran
  std::string error{};     // why not, when it failed
};

// nullopt when the poller was stopped while waiting out throttles. The event is {"Records":
// records} and `event_fields` (a tumbling window's).
Awaitable<std::optional<BatchOutcome>> invoke_with_batch(PollerEnvironment& env,
                                                         PollerControl& control,
                                                         const json& records,
                                                         const json& event_fields = json::object());

}  // namespace eddy::services::lambda::event_sources
