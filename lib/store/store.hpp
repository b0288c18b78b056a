#pragma once
// The emulator's store: one SQLite database. Its writer connection is used by one thread at a
// time: operations take the lock for their synchronous part only and never hold it across a
// suspension point; what they write goes through write(), so it is committed before they answer.
// Reads that need no lock take a read connection of their own (reader()), and run beside the
// writer.
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "store/write_path.hpp"

namespace eddy::store {

class Store {
 public:
  // When the database is opened: at construction, or at the first open(). An in-memory server's
  // emulator defers it to the thread that prepares its services, and listens meanwhile.
  enum class Opening { now, deferred };
  // Empty data_dir: in memory. Otherwise <data_dir>/eddy.db, created if missing.
  explicit Store(const std::string& data_dir, Opening opening = Opening::now);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  std::unique_lock<std::mutex> lock() { return std::unique_lock(mutex_); }
  // Opens the database unless it is open already. Callers hold lock().
  void open();
  // Callers hold lock(), and the database is open.
  Database& db() { return *db_; }
  bool persistent() const { return persistent_; }

  // A read-only connection, the caller's alone until the Reader goes: each of its statements (or
  // read transactions) sees every write committed before it began, so every acknowledged one, and
  // never an open write group. Files (WAL): neither it nor the writer waits; in memory a commit
  // waits for running reads, and they for it. Never hold one open while waiting for a write.
  class Reader {
   public:
    Reader(Store& store, std::unique_ptr<Database> db) : store_(&store), db_(std::move(db)) {}
    ~Reader();
    Reader(Reader&& other) = default;
    Reader& operator=(Reader&&) = delete;
    Database& db() { return *db_; }

   private:
    Store* store_;
    std::unique_ptr<Database> db_;
  };
  Reader reader();

  // co_await store.write([&](Database& db) { ... }): see WritePath::write. Callers must not hold
  // lock().
  template <class Write>
  auto write(Write write) {
    return write_path_.write(std::move(write));
  }
  // See WritePath::abandon_queued: for the emulator, once its threads have stopped.
  void abandon_queued_writes() { write_path_.abandon_queued(); }

 private:
  std::mutex mutex_;
  bool persistent_;
  // The database's path, or in memory its name in shared_memory_vfs.
  std::string path_;
  std::optional<Database> db_;
  // Read connections not in use: opened on demand, so as many as reads ever ran at once.
  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<Database>> idle_readers_;
  WritePath write_path_{*this};
};

}  // namespace eddy::store
