#pragma once
// Eddy's log: one line per event on stderr, filtered by level.
#include <string>
#include <string_view>

namespace eddy::log {

enum class Level { debug, info, warn, error, off };

void set_level(Level level);
Level level();
bool enabled(Level level);
// Parses debug|info|warn|error|off; returns false for anything else.
bool parse_level(std::string_view text, Level& out);
void write(Level level, std::string_view line);

}  // namespace eddy::log
