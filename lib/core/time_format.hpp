#pragma once
// Timestamps in the forms AWS writes them.
#include <cstdint>
#include <string>

#include "eddy/clock.hpp"

namespace eddy::time_format {

// 2026-11-26T23:00:17.123Z
std::string iso8601_ms(TimePoint t);
// 2026-11-26T23:00:17Z: how IAM and STS write their dates.
std::string iso8601_seconds(TimePoint t);
std::int64_t epoch_seconds(TimePoint t);
std::int64_t epoch_ms(TimePoint t);
TimePoint from_epoch_ms(std::int64_t ms);

}  // namespace eddy::time_format
