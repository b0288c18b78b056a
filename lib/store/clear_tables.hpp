#pragma once
// Deletes every row of a service's tables (named `<prefix>...`), for the emulator's reset. The
// tables themselves and the schema versions stay: a reset store is a fresh one, not a new one.
#include <initializer_list>
#include <string_view>

#include "store/database.hpp"

namespace eddy::store {

// Tables listed in `keep` (keys a service generated once, say) keep their rows.
void clear_tables(Database& db, std::string_view prefix,
                  std::initializer_list<std::string_view> keep = {});

}  // namespace eddy::store
