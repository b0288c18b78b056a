#include "store/store.hpp"

#include <filesystem>

#include "store/shared_memory_vfs.hpp"

namespace eddy::store {
namespace {

std::string database_path(const std::string& data_dir) {
  if (data_dir.empty()) return unique_shared_memory_name();
  std::filesystem::create_directories(data_dir);
  return (std::filesystem::path(data_dir) / "eddy.db").string();
}

Database::Storage storage_of(bool persistent) {
  return persistent ? Database::Storage::file : Database::Storage::shared_memory;
}

}  // namespace

Store::Store(const std::string& data_dir, Opening opening)
    : persistent_(!data_dir.empty()), path_(database_path(data_dir)) {
  if (opening == Opening::now) open();
}

Store::~Store() {
  idle_readers_.clear();
  // The files go once the writer, closed after this, lets go of them.
  if (!persistent_ && db_) remove_shared_memory_database(path_);
}

void Store::open() {
  if (!db_) db_.emplace(path_, storage_of(persistent_), false);
}

Store::Reader Store::reader() {
  {
    std::lock_guard lock(readers_mutex_);
    if (!idle_readers_.empty()) {
      auto db = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return Reader(*this, std::move(db));
    }
  }
  return Reader(*this, std::make_unique<Database>(path_, storage_of(persistent_), true));
}

Store::Reader::~Reader() {
  if (!db_) return;  // moved from
  std::lock_guard lock(store_->readers_mutex_);
  store_->idle_readers_.push_back(std::move(db_));
}

}  // namespace eddy::store
