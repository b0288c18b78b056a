#include "services/lambda/execution/function_package.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "services/lambda/execution/zip_reader.hpp"

namespace eddy::services::lambda {
namespace {

namespace fs = std::filesystem;

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

// Hands each entry's record to `visit`, in order; false at the first damaged one.
template <class Visit>
bool for_each_entry(ZipReader& archive, Visit visit) {
  std::uint64_t count = archive.entry_count();
  for (std::uint64_t index = 0; index < count; ++index) {
    if (index > 0 && !archive.next_entry()) return false;
    std::optional<ZipReader::Entry> entry = archive.current();
    if (!entry) return false;
    visit(*entry);
  }
  return true;
}

// Reads the current entry in chunks, handing each to `sink`; the entry's size and CRC must match.
template <class Sink>
void read_zip_entry(ZipReader& archive, const ZipReader::Entry& entry, Sink sink) {
  if (entry.encrypted) throw PackageError(fmt::format("entry {} is encrypted", entry.name));
  if (!archive.open_entry()) throw PackageError(fmt::format("entry {} is damaged", entry.name));
  char buffer[64 * 1024];
  std::uint64_t read = 0;
  for (;;) {
    std::optional<std::size_t> got = archive.read(buffer, sizeof buffer);
    if (!got) throw PackageError(fmt::format("entry {} is damaged", entry.name));
    if (*got == 0) break;
    read += *got;
    if (read > entry.size) throw PackageError(fmt::format("entry {} is damaged", entry.name));
    sink(buffer, *got);
  }
  if (read != entry.size || !archive.close_entry())
    throw PackageError(fmt::format("entry {} is damaged", entry.name));
}

// A link is kept only when its target, read from the link's own directory, stays inside.
void write_package_symlink(ZipReader& archive, const ZipReader::Entry& entry,
                           const std::vector<std::string>& components, const fs::path& path) {
  constexpr std::uint64_t kMaxLinkTarget = 4096;
  if (entry.size > kMaxLinkTarget)
    throw PackageError(fmt::format("symbolic link {} is too long", entry.name));
  std::string target;
  read_zip_entry(archive, entry,
                 [&](const char* bytes, std::size_t size) { target.append(bytes, size); });
  fs::path parent;
  for (std::size_t i = 0; i + 1 < components.size(); ++i) parent /= components[i];
  fs::path resolved = (parent / target).lexically_normal();
  bool leaves = target.empty() || target.front() == '/' || resolved.is_absolute() ||
                (!resolved.empty() && *resolved.begin() == "..");
  if (leaves)
    throw PackageError(fmt::format("symbolic link {} points outside the package", entry.name));
  if (::symlink(target.c_str(), path.c_str()) != 0)
    throw PackageError(fmt::format("cannot create {}: {}", path.string(), std::strerror(errno)));
}

void write_package_file(ZipReader& archive, const ZipReader::Entry& entry, const fs::path& path,
                        mode_t permissions) {
  // O_NOFOLLOW: an entry named like an earlier symlink must not write through it.
  UnpackedFileDescriptor out{
      ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, permissions)};
  if (out.fd < 0)
    throw PackageError(fmt::format("cannot write {}: {}", entry.name, std::strerror(errno)));
  read_zip_entry(archive, entry, [&](const char* bytes, std::size_t size) {
    for (std::size_t offset = 0; offset < size;) {
      ssize_t n = ::write(out.fd, bytes + offset, size - offset);
      if (n < 0)
        throw PackageError(fmt::format("cannot write {}: {}", entry.name, std::strerror(errno)));
      offset += static_cast<std::size_t>(n);
    }
  });
  ::fchmod(out.fd, permissions);  // the umask may have taken bits the zip asked for
}

}  // namespace

bool is_readable_zip(std::string_view bytes) {
  // Every central-directory record must read, not only the end record.
  ZipReader archive(bytes);
  return archive.is_open() && for_each_entry(archive, [](const ZipReader::Entry&) {});
}

void unpack_package(std::string_view zip, const fs::path& directory, const UnpackLimits& limits) {
  ZipReader archive(zip);
  if (!archive.is_open()) throw PackageError("Could not unzip uploaded file.");
  if (archive.entry_count() > limits.max_entries)
    throw PackageError(fmt::format("the package has more than {} entries", limits.max_entries));
  std::error_code ec;
  fs::create_directories(directory, ec);
  if (ec) throw PackageError(fmt::format("cannot create {}: {}", directory.string(), ec.message()));

  std::uint64_t total = 0;
  bool whole = for_each_entry(archive, [&](const ZipReader::Entry& entry) {
    total += entry.size;
    if (total > limits.max_unpacked_bytes)
      throw PackageError(
          fmt::format("Unzipped size must be smaller than {} bytes", limits.max_unpacked_bytes));

    mode_t mode = entry.unix_mode;
    std::string_view name = entry.name;
    auto components = zip_entry_components(name);
    if (components.empty()) return;  // "./" and the like: the directory itself
    fs::path path = prepare_entry_parents(directory, components, name);
    if (name.back() == '/' || S_ISDIR(mode)) {
      ensure_package_directory(path, name);
      if ((mode & 07777) != 0) ::chmod(path.c_str(), (mode & 07777) | 0700);
    } else if (S_ISLNK(mode)) {
      write_package_symlink(archive, entry, components, path);
    } else {
      // The owner can always read what was unpacked; other bits are as the zip has them.
      mode_t permissions = (mode & 0777) != 0 ? (mode & 0777) | 0400 : 0644;
      write_package_file(archive, entry, path, permissions);
    }
  });
  if (!whole) throw PackageError("a package entry is damaged");
}

}  // namespace eddy::services::lambda
