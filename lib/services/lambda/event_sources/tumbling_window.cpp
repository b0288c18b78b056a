#include "services/lambda/event_sources/tumbling_window.hpp"

#include "core/time_format.hpp"

namespace eddy::services::lambda::event_sources {

TumblingWindow window_of(std::int64_t arrival_ms, int seconds) {
  std::int64_t length_ms = static_cast<std::int64_t>(seconds) * 1000;
  std::int64_t start_ms = arrival_ms - arrival_ms % length_ms;
  return {.start = time_format::from_epoch_ms(start_ms),
          .end = time_format::from_epoch_ms(start_ms + length_ms)};
}

json window_event_fields(const TumblingWindow& window, const std::string& shard_id,
                         const std::string& event_source_arn, bool final_invoke) {
  return {{"window",
           {{"start", time_format::iso8601_seconds(window.start)},
            {"end", time_format::iso8601_seconds(window.end)}}},
          {"state", window.state},
          {"shardId", shard_id},
          {"eventSourceARN", event_source_arn},
          {"isFinalInvokeForWindow", final_invoke},
          {"isWindowTerminatedEarly", false}};
}

json state_of_response(const std::string& payload, const json& previous) {
  json response = json::parse(payload, nullptr, false);
  if (response.is_discarded() || !response.is_object()) return previous;
  auto state = response.find("state");
  if (state == response.end() || state->is_null()) return previous;
  return *state;
}

}  // namespace eddy::services::lambda::event_sources
