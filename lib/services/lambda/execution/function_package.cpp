#include "services/lambda/execution/function_package.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "services/lambda/execution/libzip_library.hpp"

namespace eddy::services::lambda {
namespace {

namespace fs = std::filesystem;

// libzip reads the archive from memory; the source is owned by the archive once it is open.
zip_t* open_zip_in_memory(std::string_view bytes) {
  zip_error_t error;
  libzip().error_init(&error);
  zip_source_t* source = libzip().source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) {
    libzip().error_fini(&error);
    return nullptr;
  }
  zip_t* archive = libzip().open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
  libzip().error_fini(&error);
  if (archive == nullptr) libzip().source_free(source);
  return archive;
}

struct ZipArchiveCloser {
  void operator()(zip_t* archive) const { libzip().discard(archive); }
};
using ZipArchive = std::unique_ptr<zip_t, ZipArchiveCloser>;

struct ZipEntryFileCloser {
  void operator()(zip_file_t* file) const { libzip().fclose(file); }
};
using ZipEntryFile = std::unique_ptr<zip_file_t, ZipEntryFileCloser>;

struct UnpackedFileDescriptor {
  int fd;
  ~UnpackedFileDescriptor() {
    if (fd >= 0) ::close(fd);
  }
};

// An entry's name as path components, refusing any that could lead out of the directory.
std::vector<std::string> zip_entry_components(std::string_view name) {
  if (name.empty()) throw PackageError("the package has an entry without a name");
  if (name.front() == '/') throw PackageError(fmt::format("entry {} has an absolute path", name));
  std::vector<std::string> components;
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t end = name.find('/', start);
    if (end == std::string_view::npos) end = name.size();
    std::string_view part = name.substr(start, end - start);
    if (part == "..")
      throw PackageError(fmt::format("entry {} leaves the package directory", name));
    if (!part.empty() && part != ".") components.emplace_back(part);
    start = end + 1;
  }
  return components;
}

// Creates (or finds) the directory `path`, refusing a symlink or a file in its place: a later
// entry must never be written through a link.
void ensure_package_directory(const fs::path& path, std::string_view entry) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) == 0) {
    if (S_ISLNK(info.st_mode))
      throw PackageError(fmt::format("entry {} passes through a symbolic link", entry));
    if (!S_ISDIR(info.st_mode))
      throw PackageError(fmt::format("entry {} passes through a file", entry));
    return;
  }
  if (::mkdir(path.c_str(), 0755) != 0)
    throw PackageError(fmt::format("cannot create {}: {}", path.string(), std::strerror(errno)));
}

fs::path prepare_entry_parents(const fs::path& root, const std::vector<std::string>& components,
                               std::string_view entry) {
  fs::path current = root;
  for (std::size_t i = 0; i + 1 < components.size(); ++i) {
    current /= components[i];
    ensure_package_directory(current, entry);
  }
  return current / components.back();
}

std::string read_zip_entry(zip_t* archive, zip_uint64_t index, std::uint64_t size) {
  ZipEntryFile file(libzip().fopen_index(archive, index, 0));
  if (!file) throw PackageError(fmt::format("cannot read entry: {}", libzip().strerror(archive)));
  std::string data(size, '\0');
  zip_int64_t got = libzip().fread(file.get(), data.data(), size);
  if (got < 0 || static_cast<std::uint64_t>(got) != size)
    throw PackageError("a package entry is damaged");
  return data;
}

// A link is kept only when its target, read from the link's own directory, stays inside.
void write_package_symlink(zip_t* archive, zip_uint64_t index, const zip_stat_t& stat,
                           const std::vector<std::string>& components, const fs::path& path) {
  constexpr std::uint64_t kMaxLinkTarget = 4096;
  if (stat.size > kMaxLinkTarget)
    throw PackageError(fmt::format("symbolic link {} is too long", stat.name));
  std::string target = read_zip_entry(archive, index, stat.size);
  fs::path parent;
  for (std::size_t i = 0; i + 1 < components.size(); ++i) parent /= components[i];
  fs::path resolved = (parent / target).lexically_normal();
  bool leaves = target.empty() || target.front() == '/' || resolved.is_absolute() ||
                (!resolved.empty() && *resolved.begin() == "..");
  if (leaves)
    throw PackageError(fmt::format("symbolic link {} points outside the package", stat.name));
  if (::symlink(target.c_str(), path.c_str()) != 0)
    throw PackageError(fmt::format("cannot create {}: {}", path.string(), std::strerror(errno)));
}

void write_package_file(zip_t* archive, zip_uint64_t index, const zip_stat_t& stat,
                        const fs::path& path, mode_t permissions) {
  ZipEntryFile file(libzip().fopen_index(archive, index, 0));
  if (!file) throw PackageError(fmt::format("cannot read entry: {}", libzip().strerror(archive)));
  // O_NOFOLLOW: an entry named like an earlier symlink must not write through it.
  UnpackedFileDescriptor out{
      ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, permissions)};
  if (out.fd < 0)
    throw PackageError(fmt::format("cannot write {}: {}", stat.name, std::strerror(errno)));
  char buffer[64 * 1024];
  std::uint64_t written = 0;
  for (;;) {
    zip_int64_t got = libzip().fread(file.get(), buffer, sizeof buffer);
    if (got < 0) throw PackageError(fmt::format("entry {} is damaged", stat.name));
    if (got == 0) break;
    written += static_cast<std::uint64_t>(got);
    if (written > stat.size) throw PackageError(fmt::format("entry {} is damaged", stat.name));
    for (zip_int64_t offset = 0; offset < got;) {
      ssize_t n = ::write(out.fd, buffer + offset, static_cast<std::size_t>(got - offset));
      if (n < 0)
        throw PackageError(fmt::format("cannot write {}: {}", stat.name, std::strerror(errno)));
      offset += n;
    }
  }
  ::fchmod(out.fd, permissions);  // the umask may have taken bits the zip asked for
}

}  // namespace

bool is_readable_zip(std::string_view bytes) {
  return ZipArchive(open_zip_in_memory(bytes)) != nullptr;
}

void unpack_package(std::string_view zip, const fs::path& directory, const UnpackLimits& limits) {
  ZipArchive archive(open_zip_in_memory(zip));
  if (!archive) throw PackageError("Could not unzip uploaded file.");
  zip_int64_t count = libzip().get_num_entries(archive.get(), 0);
  if (count < 0 || static_cast<std::uint64_t>(count) > limits.max_entries)
    throw PackageError(fmt::format("the package has more than {} entries", limits.max_entries));
  std::error_code ec;
  fs::create_directories(directory, ec);
  if (ec) throw PackageError(fmt::format("cannot create {}: {}", directory.string(), ec.message()));

  std::uint64_t total = 0;
  for (zip_uint64_t index = 0; index < static_cast<zip_uint64_t>(count); ++index) {
    zip_stat_t stat;
    if (libzip().stat_index(archive.get(), index, 0, &stat) != 0 ||
        (stat.valid & ZIP_STAT_NAME) == 0 || (stat.valid & ZIP_STAT_SIZE) == 0)
      throw PackageError("a package entry is damaged");
    total += stat.size;
    if (total > limits.max_unpacked_bytes)
      throw PackageError(
          fmt::format("Unzipped size must be smaller than {} bytes", limits.max_unpacked_bytes));

    std::uint8_t system = 0;
    std::uint32_t attributes = 0;
    libzip().file_get_external_attributes(archive.get(), index, 0, &system, &attributes);
    mode_t mode = system == ZIP_OPSYS_UNIX ? static_cast<mode_t>(attributes >> 16) : 0;

    std::string_view name = stat.name;
    auto components = zip_entry_components(name);
    if (components.empty()) continue;  // "./" and the like: the directory itself
    fs::path path = prepare_entry_parents(directory, components, name);
    if (name.back() == '/' || S_ISDIR(mode)) {
      ensure_package_directory(path, name);
      if ((mode & 07777) != 0) ::chmod(path.c_str(), (mode & 07777) | 0700);
    } else if (S_ISLNK(mode)) {
      write_package_symlink(archive.get(), index, stat, components, path);
    } else {
      // The owner can always read what was unpacked; other bits are as the zip has them.
      mode_t permissions = (mode & 0777) != 0 ? (mode & 0777) | 0400 : 0644;
      write_package_file(archive.get(), index, stat, path, permissions);
    }
  }
}

}  // namespace eddy::services::lambda
