#include "store/clear_tables.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace eddy::store {

void clear_tables(Database& db, std::string_view prefix,
                  std::initializer_list<std::string_view> keep) {
  std::vector<std::string> tables;
  {
    auto q =
        db.query("SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, ?) = ?");
    q->bind(1, static_cast<std::int64_t>(prefix.size())).bind(2, std::string(prefix));
    while (q->step()) tables.push_back(q->string(0));
  }
  for (const auto& table : tables)
    if (std::find(keep.begin(), keep.end(), table) == keep.end())
      db.exec("DELETE FROM \"" + table + "\"");
}

}  // namespace eddy::store
