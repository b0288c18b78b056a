#include "store/store.hpp"

#include <filesystem>

namespace eddy::store {
namespace {
std::string database_path(const std::string& data_dir) {
  if (data_dir.empty()) return ":memory:";
  std::filesystem::create_directories(data_dir);
  return (std::filesystem::path(data_dir) / "eddy.db").string();
}
}  // namespace

Store::Store(const std::string& data_dir)
    : persistent_(!data_dir.empty()), db_(database_path(data_dir)) {}

}  // namespace eddy::store
