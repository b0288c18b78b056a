#include "store/database.hpp"

#include "store/page_cache.hpp"
#include "store/shared_memory_vfs.hpp"
#include "store/store_error.hpp"

#include <cstdint>
#include <limits>

namespace eddy::store {
namespace {

// Connections of the shared in-memory database wait for each other only while a commit copies its
// pages in, or while the read statements it waits for finish: microseconds. shared_memory_vfs
// waits for the lock itself, woken as soon as it goes, for up to 2 ms before it answers
// SQLITE_BUSY; this handler only retries, and gives up after about ten seconds of such waits.
int wait_for_memory_lock(void*, int attempts) {
  constexpr int kAttempts = 5000;
  return attempts < kAttempts ? 1 : 0;
}

// SQLite's ceiling on mmap_size (SQLITE_MAX_MMAP_SIZE on Linux); pages past it are copied.
constexpr std::int64_t kReadInPlaceBytes = 0x7fff0000;

}  // namespace

Database::Database(const std::string& path)
    : Database(path, path == ":memory:" ? Storage::private_memory : Storage::file, false) {}

Database::Database(const std::string& path, Storage storage, bool read_only) {
  install_page_cache();  // before SQLite initialises, which the first open (or VFS lookup) does
  int flags = SQLITE_OPEN_NOMUTEX;
  flags |= read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  // A private database goes through the memdb VFS (a private in-memory file) rather than
  // ":memory:": SQLite keeps a ":memory:" database in its page cache and scans that cache's hash
  // table at every commit, which made each commit cost grow with the database (a receive from a
  // queue of a million messages ran 2.5x slower than from a thousand).
  std::string name = storage == Storage::private_memory ? "file:eddy?vfs=memdb" : path;
  if (storage == Storage::private_memory) flags |= SQLITE_OPEN_URI;
  const char* vfs = storage == Storage::shared_memory ? shared_memory_vfs() : nullptr;
  if (sqlite3_open_v2(name.c_str(), &db_, flags, vfs) != SQLITE_OK) {
    StoreError error(db_, "open " + path);
    sqlite3_close(db_);
    throw error;
  }
  if (read_only) {
    // Files: rare, short waits (a checkpoint restarting the WAL). Memory: the writer's commits.
    if (storage == Storage::shared_memory) {
      sqlite3_busy_handler(db_, wait_for_memory_lock, nullptr);
      // Pages are read in place (shared_memory_vfs's xFetch), not copied into a page cache that
      // every commit of the writer's would throw away (its change counter differs at the next
      // read), and whose hash table the pager then scans.
      exec("PRAGMA mmap_size = " + std::to_string(kReadInPlaceBytes));
    } else
      sqlite3_busy_timeout(db_, 5000);
    return;
  }
  exec("PRAGMA foreign_keys = ON");
  // Debian builds SQLite with SQLITE_SECURE_DELETE, which zeroes every cell a write removes or
  // moves and writes (and journals) every page it frees: bytes no reader can reach, rewritten at
  // the cost of a memset per cell and page writes per B-tree rebalance.
  exec("PRAGMA secure_delete = OFF");
  switch (storage) {
    case Storage::private_memory: {
      // memdb caps a database at 1 GiB unless told otherwise; memory is the only limit here.
      sqlite3_int64 unlimited = std::numeric_limits<sqlite3_int64>::max();
      sqlite3_file_control(db_, "main", SQLITE_FCNTL_SIZE_LIMIT, &unlimited);
      // The page cache stays at SQLite's default 2 MB: see Storage::shared_memory below.
      exec("PRAGMA journal_mode = MEMORY");
      // Nothing else opens this file, so the pager may keep its lock, and with it its cache,
      // between transactions instead of discarding the cache at every commit.
      exec("PRAGMA locking_mode = EXCLUSIVE");
      break;
    }
    case Storage::shared_memory:
      // A rollback journal, not WAL, whose frame checksums made every write ~15% dearer:
      // readers still read beside the writer's open transaction, and wait only while it commits
      // (a few page copies), as it waits for reads already running. The journal is a file of
      // shared_memory_vfs that keeps its buffers between transactions (TRUNCATE): SQLite's
      // in-memory journal (MEMORY) allocated, and freed at commit, a 1 KB chunk per KB journaled,
      // ~20 sqlite3_malloc calls a SendMessage, each with a full memory barrier.
      // The writer keeps its cache between transactions: nobody else changes the file. That
      // cache stays at SQLite's default 2 MB, not larger: a B-tree page split parks a page under
      // the number of the lock-byte page for a moment, and the commit after it then scans the
      // cache's whole hash table, so each commit cost grew with the cache (a 64 MB cache made
      // PutItem 1.5x slower; a cache miss is only a copy out of this process's memory).
      exec("PRAGMA journal_mode = TRUNCATE");
      exec("PRAGMA synchronous = OFF");
      sqlite3_busy_handler(db_, wait_for_memory_lock, nullptr);
      break;
    case Storage::file:
      // WAL with synchronous=NORMAL: each commit is written to the WAL before it returns, so a
      // killed process loses nothing acknowledged (only power loss could lose the last commits).
      exec("PRAGMA journal_mode = WAL");
      exec("PRAGMA synchronous = NORMAL");
      sqlite3_busy_timeout(db_, 5000);
      break;
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
  // Statement texts are dozens of bytes long: their addresses' lowest bits add little spread.
  RecentStatement& slot =
      recent_[(reinterpret_cast<std::uintptr_t>(sql.data()) >> 3) % kRecentSlots];
  if (slot.address == sql.data() && slot.sql == sql) return Query(*slot.statement);
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    it = statements_.emplace(std::string(sql), std::make_unique<Statement>(db_, sql)).first;
  }
  slot = {sql.data(), it->first, it->second.get()};
  return Query(*it->second);
}

std::int64_t Database::last_insert_rowid() const {
  return sqlite3_last_insert_rowid(db_);
}

int Database::changes() const {
  return sqlite3_changes(db_);
}

void Database::after_commit(std::function<void()> action) {
  if (sqlite3_get_autocommit(db_))
    action();
  else
    after_commit_.push_back(std::move(action));
}

void Database::on_rollback(std::function<void()> action) {
  if (!sqlite3_get_autocommit(db_)) on_rollback_.push_back(std::move(action));
}

}  // namespace eddy::store
