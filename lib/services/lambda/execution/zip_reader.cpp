#include "services/lambda/execution/zip_reader.hpp"

#include <unzip.h>

#include <algorithm>
#include <climits>
#include <cstring>

namespace eddy::services::lambda {

struct ZipSource {
  std::string_view bytes;
  std::uint64_t position = 0;
};

namespace {

// minizip's file functions over a ZipSource, which is both the opaque pointer and the "file".
voidpf open_source(voidpf source, const void*, int) {
  return source;
}

uLong read_source(voidpf, voidpf stream, void* buffer, uLong size) {
  auto& source = *static_cast<ZipSource*>(stream);
  std::uint64_t left = source.bytes.size() - source.position;
  std::uint64_t count = std::min<std::uint64_t>(size, left);
  std::memcpy(buffer, source.bytes.data() + source.position, count);
  source.position += count;
  return static_cast<uLong>(count);
}

uLong write_nothing(voidpf, voidpf, const void*, uLong) {
  return 0;
}

ZPOS64_T tell_source(voidpf, voidpf stream) {
  return static_cast<ZipSource*>(stream)->position;
}

long seek_source(voidpf, voidpf stream, ZPOS64_T offset, int origin) {
  auto& source = *static_cast<ZipSource*>(stream);
  std::uint64_t base = origin == ZLIB_FILEFUNC_SEEK_SET   ? 0
                       : origin == ZLIB_FILEFUNC_SEEK_CUR ? source.position
                                                          : source.bytes.size();
  if (offset > source.bytes.size() - base) return -1;
  source.position = base + offset;
  return 0;
}

int close_nothing(voidpf, voidpf) {
  return 0;
}

int no_error(voidpf, voidpf) {
  return 0;
}

}  // namespace

ZipReader::ZipReader(std::string_view bytes)
    : source_(std::make_unique<ZipSource>(ZipSource{bytes})) {
  zlib_filefunc64_def functions{open_source, read_source,   write_nothing, tell_source,
                                seek_source, close_nothing, no_error,      source_.get()};
  // The "path" only reaches open_source, which ignores it.
  archive_ = unzOpen2_64("", &functions);
}

ZipReader::~ZipReader() {
  if (archive_) unzClose(archive_);
}

std::uint64_t ZipReader::entry_count() const {
  unz_global_info64 info{};
  return unzGetGlobalInfo64(archive_, &info) == UNZ_OK ? info.number_entry : 0;
}

bool ZipReader::next_entry() {
  return unzGoToNextFile(archive_) == UNZ_OK;
}

std::optional<ZipReader::Entry> ZipReader::current() const {
  unz_file_info64 info{};
  if (unzGetCurrentFileInfo64(archive_, &info, nullptr, 0, nullptr, 0, nullptr, 0) != UNZ_OK)
    return std::nullopt;
  Entry entry;
  entry.name.resize(info.size_filename);
  if (unzGetCurrentFileInfo64(archive_, &info, entry.name.data(), info.size_filename, nullptr, 0,
                              nullptr, 0) != UNZ_OK)
    return std::nullopt;
  entry.size = info.uncompressed_size;
  // The high byte of "version made by" is the archiver's system; 3 is Unix, whose mode sits in
  // the high half of the external attributes.
  constexpr unsigned long kUnix = 3;
  if ((info.version >> 8) == kUnix)
    entry.unix_mode = static_cast<std::uint32_t>(info.external_fa >> 16);
  entry.encrypted = (info.flag & 1) != 0;
  return entry;
}

bool ZipReader::open_entry() {
  return unzOpenCurrentFile(archive_) == UNZ_OK;
}

std::optional<std::size_t> ZipReader::read(char* buffer, std::size_t size) {
  int got = unzReadCurrentFile(archive_, buffer,
                               static_cast<unsigned>(std::min<std::size_t>(size, INT_MAX)));
  if (got < 0) return std::nullopt;
  return static_cast<std::size_t>(got);
}

bool ZipReader::close_entry() {
  return unzCloseCurrentFile(archive_) == UNZ_OK;
}

}  // namespace eddy::services::lambda
