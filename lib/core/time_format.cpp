#include "core/time_format.hpp"

#include <fmt/format.h>

#include <ctime>

namespace eddy::time_format {

std::int64_t epoch_ms(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

std::int64_t epoch_seconds(TimePoint t) {
  return epoch_ms(t) / 1000;
}

TimePoint from_epoch_ms(std::int64_t ms) {
  return TimePoint(std::chrono::milliseconds(ms));
}

namespace {
std::tm utc_parts(std::int64_t ms) {
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  return parts;
}
}  // namespace

std::string iso8601_ms(TimePoint t) {
  std::int64_t ms = epoch_ms(t);
  std::tm parts = utc_parts(ms);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", parts.tm_year + 1900,
                     parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec,
                     ms % 1000);
}

std::string iso8601_seconds(TimePoint t) {
  std::tm parts = utc_parts(epoch_ms(t));
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", parts.tm_year + 1900, parts.tm_mon + 1,
                     parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec);
}

}  // namespace eddy::time_format
