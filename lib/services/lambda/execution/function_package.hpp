#pragma once
// A function's deployment package: a zip archive, as CreateFunction and UpdateFunctionCode take it.
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string_view>

namespace eddy::services::lambda {

// Whether `bytes` read as a zip archive, its whole central directory: AWS refuses any other
// upload with "Could not unzip uploaded file. Please check your file, then try to upload again."
bool is_readable_zip(std::string_view bytes);

// A package that cannot be unpacked safely: not a zip, an entry that would land outside the
// directory, or more than the limits allow.
class PackageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct UnpackLimits {
  std::uint64_t max_unpacked_bytes = 262'144'000;  // AWS's 250 MB for a function's unzipped code
  std::uint64_t max_entries = 100'000;
};

// Unpacks `zip` into `directory` (created, and expected to be new and empty). Every entry stays
// inside it: absolute names, `..` components, paths through a symlink and symlinks whose target
// leaves the directory are refused. Unix permission bits are kept, so a `bootstrap` stays
// executable. Throws PackageError; what was written before the error is left for the caller to
// remove.
void unpack_package(std::string_view zip, const std::filesystem::path& directory,
                    const UnpackLimits& limits = {});

}  // namespace eddy::services::lambda
