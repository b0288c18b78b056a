#pragma once
// The emulator's store: one SQLite database, used by one thread at a time. Operations take the
// lock for their synchronous part only and never hold it across a suspension point; what they
// write goes through write(), so it is committed before they answer.
#include <mutex>
#include <string>

#include "store/database.hpp"
#include "store/write_path.hpp"

namespace eddy::store {

class Store {
 public:
  // Empty data_dir: in memory. Otherwise <data_dir>/eddy.db, created if missing.
  explicit Store(const std::string& data_dir);

  std::unique_lock<std::mutex> lock() { return std::unique_lock(mutex_); }
  // Callers hold lock().
  Database& db() { return db_; }
  bool persistent() const { return persistent_; }

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
  Database db_;
  WritePath write_path_{*this};
};

}  // namespace eddy::store
