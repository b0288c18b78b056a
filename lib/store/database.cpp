#include "store/database.hpp"

#include "store/store_error.hpp"

namespace eddy::store {

Database::Database(const std::string& path) {
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    StoreError error(db_, "open " + path);
    sqlite3_close(db_);
    throw error;
  }
  exec("PRAGMA foreign_keys = ON");
  if (path == ":memory:") {
    exec("PRAGMA journal_mode = MEMORY");
  } else {
    // WAL with synchronous=NORMAL: each commit is written to the WAL before it returns, so a
    // killed process loses nothing acknowledged (only power loss could lose the last commits).
    exec("PRAGMA journal_mode = WAL");
    exec("PRAGMA synchronous = NORMAL");
    sqlite3_busy_timeout(db_, 5000);
  }
}

Database::~Database() {
  statements_.clear();
  sqlite3_close(db_);
}

void Database::exec(std::string_view sql) {
  std::string text(sql);
  char* error = nullptr;
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : "unknown error";
    sqlite3_free(error);
    throw std::runtime_error("sqlite exec: " + message + " [" + text.substr(0, 200) + "]");
  }
}

Query Database::query(std::string_view sql) {
  auto it = statements_.find(std::string(sql));
  if (it == statements_.end()) {
    it = statements_.emplace(std::string(sql), std::make_unique<Statement>(db_, sql)).first;
  }
  return Query(*it->second);
}

std::int64_t Database::last_insert_rowid() const {
  return sqlite3_last_insert_rowid(db_);
}

int Database::changes() const {
  return sqlite3_changes(db_);
}

}  // namespace eddy::store
