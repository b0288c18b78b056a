#include "eddy/log.hpp"

#include <unistd.h>

#include <atomic>
#include <string>

namespace eddy::log {
namespace {
std::atomic<Level> current_level{Level::info};

std::string_view name_of(Level level) {
  switch (level) {
    case Level::debug:
      return "debug";
    case Level::info:
      return "info";
    case Level::warn:
      return "warn";
    case Level::error:
      return "error";
    case Level::off:
      return "off";
  }
  return "?";
}
}  // namespace

void set_level(Level level) {
  current_level.store(level, std::memory_order_relaxed);
}
Level level() {
  return current_level.load(std::memory_order_relaxed);
}
bool enabled(Level l) {
  return l >= level() && l != Level::off;
}

bool parse_level(std::string_view text, Level& out) {
  for (Level l : {Level::debug, Level::info, Level::warn, Level::error, Level::off}) {
    if (text == name_of(l)) {
      out = l;
      return true;
    }
  }
  return false;
}

void write(Level l, std::string_view line) {
  if (!enabled(l)) return;
  std::string text;
  text.reserve(line.size() + 8);
  text.append(name_of(l)).append(" ").append(line).append("\n");
  // One write(2) per line keeps lines whole when threads log at once.
  [[maybe_unused]] auto written = ::write(STDERR_FILENO, text.data(), text.size());
}

}  // namespace eddy::log
