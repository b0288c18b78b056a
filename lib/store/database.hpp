#pragma once
// One SQLite connection with a cache of prepared statements.
#include <sqlite3.h>

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/statement.hpp"

namespace eddy::store {

class Database {
 public:
  // ":memory:" or a file path. Files run in WAL mode: a committed write survives kill -9.
  explicit Database(const std::string& path);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  void exec(std::string_view sql);
  // A prepared statement for `sql`, compiled once and reused.
  Query query(std::string_view sql);
  std::int64_t last_insert_rowid() const;
  int changes() const;
  sqlite3* handle() { return db_; }

 private:
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, std::unique_ptr<Statement>> statements_;
};

}  // namespace eddy::store
