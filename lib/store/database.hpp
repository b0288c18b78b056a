#pragma once
// One SQLite connection with a cache of prepared statements.
#include <sqlite3.h>

#include <array>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/statement.hpp"

namespace eddy::store {

class Database {
 public:
  enum class Storage {
    private_memory,  // one connection's own database (SQLite's memdb VFS)
    shared_memory,   // shared_memory_vfs: the in-memory store, open to its read connections
    file,
  };
  // ":memory:" (private memory) or a file path. Files run in WAL mode: a committed write survives
  // kill -9.
  explicit Database(const std::string& path);
  // `read_only`: a read connection beside the writer (shared memory or file), which sees the last
  // commit made before each of its transactions begins, never an open one (see Store::reader).
  Database(const std::string& path, Storage storage, bool read_only);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  void exec(std::string_view sql);
  // A prepared statement for `sql`, compiled once and reused.
  Query query(std::string_view sql);
  std::int64_t last_insert_rowid() const;
  int changes() const;
  sqlite3* handle() { return db_; }

  // Runs `action` once the outermost open Transaction commits, or at once outside one; a rollback
  // of that transaction, or of the savepoint open when it was asked, drops it. For waking waiters
  // only when what they wait for can be seen, and not while the writer still holds the store.
  void after_commit(std::function<void()> action);
  // Runs `action` if the savepoint or transaction open when it was asked rolls back (at once
  // outside one, nothing can). For undoing what a write changed in memory alongside its rows (a
  // cache of queues or topics) when that write, or the group it committed in, is undone. Actions
  // run newest first and must not throw.
  void on_rollback(std::function<void()> action);

 private:
  friend class Transaction;

  sqlite3* db_ = nullptr;
  std::vector<std::function<void()>> after_commit_;
  std::vector<std::function<void()>> on_rollback_;
  // Looked up by string_view on every query: the transparent hash spares a string per lookup.
  struct SqlHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view sql) const {
      return std::hash<std::string_view>{}(sql);
    }
  };
  std::unordered_map<std::string, std::unique_ptr<Statement>, SqlHash, std::equal_to<>> statements_;
  // In front of `statements_`, slots keyed by where the text lives: the hot statements are string
  // literals, whose address never changes, so a hit costs one comparison of the text with the
  // statement's own (still checked: a buffer's address may be reused for other text) instead of
  // hashing all of it. Fixed in size, so text built afresh per call cannot make it grow.
  struct RecentStatement {
    const char* address = nullptr;
    std::string_view sql;  // the key in `statements_`
    Statement* statement = nullptr;
  };
  static constexpr std::size_t kRecentSlots = 64;
  std::array<RecentStatement, kRecentSlots> recent_{};
};

}  // namespace eddy::store
