#include "services/lambda/execution/package_directories.hpp"

#include <fmt/format.h>

#include "core/ids.hpp"
#include "services/lambda/execution/function_package.hpp"

namespace eddy::services::lambda {
namespace {

namespace fs = std::filesystem;

// CodeSha256 is base64: '/' cannot be in a file name, so the URL-safe alphabet names the folder.
std::string package_directory_name(const std::string& code_sha256) {
  std::string name;
  for (char c : code_sha256) {
    if (c == '=') continue;
    name += c == '/' ? '_' : c == '+' ? '-' : c;
  }
  if (name.empty() || name.find_first_not_of("-_") == std::string::npos)
    throw PackageError("the deployment has no CodeSha256");
  return name;
}

}  // namespace

PackageDirectories::PackageDirectories(fs::path work_directory)
    : root_(std::move(work_directory) / "packages") {}

fs::path PackageDirectories::unpacked(const FunctionDeployment& deployment) {
  fs::path target = root_ / package_directory_name(deployment.code_sha256);
  std::lock_guard lock(mutex_);
  std::error_code ec;
  if (fs::is_directory(target, ec)) return target;
  if (!deployment.load_package) throw PackageError("the deployment's package cannot be loaded");
  std::string zip = deployment.load_package();
  // Unpacked beside the target and renamed into place: a half-unpacked directory (a crash, a
  // refused entry) is never taken for the code.
  fs::path staging = root_ / fmt::format(".unpacking-{}", ids::random_token(12));
  try {
    unpack_package(zip, staging);
  } catch (...) {
    fs::remove_all(staging, ec);
    throw;
  }
  fs::rename(staging, target, ec);
  if (ec) {
    fs::remove_all(staging, ec);
    if (!fs::is_directory(target, ec))
      throw PackageError(fmt::format("cannot create {}", target.string()));
  }
  return target;
}

}  // namespace eddy::services::lambda
