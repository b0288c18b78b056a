#pragma once
// The emulator's store: one SQLite database, used by one thread at a time. Operations take the
// lock for their synchronous part only and never hold it across a suspension point.
#include <mutex>
#include <string>

#include "store/database.hpp"

namespace eddy::store {

class Store {
 public:
  // Empty data_dir: in memory. Otherwise <data_dir>/eddy.db, created if missing.
  explicit Store(const std::string& data_dir);

  std::unique_lock<std::mutex> lock() { return std::unique_lock(mutex_); }
  // Callers hold lock().
  Database& db() { return db_; }
  bool persistent() const { return persistent_; }

 private:
  std::mutex mutex_;
  bool persistent_;
  Database db_;
};

}  // namespace eddy::store
