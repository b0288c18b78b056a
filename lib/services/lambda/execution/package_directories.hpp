#pragma once
// Unpacked function code, one directory per CodeSha256 under the work directory: equal packages
// (a function and its versions, two functions of one zip) share it, and it is unpacked once.
#include <filesystem>
#include <mutex>
#include <string>

#include "services/lambda/execution/function_runner.hpp"

namespace eddy::services::lambda {

class PackageDirectories {
 public:
  explicit PackageDirectories(std::filesystem::path work_directory);

  // The directory holding the deployment's code, unpacking it (deployment.load_package) the
  // first time. Throws PackageError.
  std::filesystem::path unpacked(const FunctionDeployment& deployment);

 private:
  std::filesystem::path root_;
  std::mutex mutex_;  // one unpacking at a time: a second caller of the same code waits for it
};

}  // namespace eddy::services::lambda
