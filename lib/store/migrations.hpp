#pragma once
// Numbered schema migrations. Each service owns its tables and its own numbered list; the store
// records, per owner, the last version applied and applies the rest in order, each in a
// transaction, at start-up.
#include <span>
#include <string_view>

#include "store/database.hpp"

namespace eddy::store {

struct Migration {
  int version;
  std::string_view sql;
};

void migrate(Database& db, std::string_view owner, std::span<const Migration> migrations);

}  // namespace eddy::store
