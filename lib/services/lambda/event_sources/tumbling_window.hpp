#pragma once
// TumblingWindowInSeconds for stream mappings: records are grouped into fixed, non-overlapping
// windows of their arrival time, and the function carries a state from one invocation of a window
// to the next (it answers {"state": ...}); when the window ends it is invoked once more with
// isFinalInvokeForWindow, to act on the window's whole state.
#include <cstdint>
#include <string>

#include "eddy/clock.hpp"
#include "eddy/json.hpp"

namespace eddy::services::lambda::event_sources {

struct TumblingWindow {
  TimePoint start;
  TimePoint end;
  json state = json::object();  // what the function last answered as its state
};

// The window of `seconds` holding a record that arrived at `arrival_ms` (epoch-aligned, as AWS's).
TumblingWindow window_of(std::int64_t arrival_ms, int seconds);

// What AWS adds to a windowed event beside Records: window {start, end}, state, shardId,
// eventSourceARN, isFinalInvokeForWindow, isWindowTerminatedEarly.
json window_event_fields(const TumblingWindow& window, const std::string& shard_id,
                         const std::string& event_source_arn, bool final_invoke);

// The state a function's response carries ({"state": {...}}), or `previous` when it carries none.
json state_of_response(const std::string& payload, const json& previous);

}  // namespace eddy::services::lambda::event_sources
