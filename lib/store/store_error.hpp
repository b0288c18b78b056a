#pragma once
// A failure of the store itself: reported as an internal error, never as the caller's fault.
#include <sqlite3.h>

#include <stdexcept>
#include <string>
#include <string_view>

namespace eddy::store {

class StoreError : public std::runtime_error {
 public:
  StoreError(sqlite3* db, std::string_view what, std::string_view sql = {})
      : std::runtime_error(std::string("sqlite ") + std::string(what) + ": " +
                           (db ? sqlite3_errmsg(db) : "no database") +
                           (sql.empty() ? "" : " [" + std::string(sql.substr(0, 200)) + "]")) {}
};

}  // namespace eddy::store
