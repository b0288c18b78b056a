#pragma once
// A zip archive read from memory with minizip (zlib's contrib/minizip), which Debian ships as a
// static archive, so the server binary needs no zip library at run time. Entries are visited in
// order; the current one can be read in chunks, and closing it checks its CRC.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace eddy::services::lambda {

// The bytes and a read position, which minizip reads through (zip_reader.cpp).
struct ZipSource;

class ZipReader {
 public:
  struct Entry {
    std::string name;
    std::uint64_t size = 0;       // unpacked
    std::uint32_t unix_mode = 0;  // the Unix mode the archiver recorded, 0 when made elsewhere
    bool encrypted = false;
  };

  // `bytes` must outlive the reader. is_open() tells whether they are a zip archive.
  explicit ZipReader(std::string_view bytes);
  ~ZipReader();
  ZipReader(const ZipReader&) = delete;
  ZipReader& operator=(const ZipReader&) = delete;

  bool is_open() const { return archive_ != nullptr; }
  std::uint64_t entry_count() const;
  // An open reader is at the first entry; this moves to the next: false past the last, or at a
  // damaged central-directory record.
  bool next_entry();
  // The current entry's central-directory record; nullopt when it is damaged.
  std::optional<Entry> current() const;

  // Reading the current entry: open, read until it returns 0, close. Each returns false (read:
  // nullopt) on damage; close also when the bytes read do not match the entry's CRC.
  bool open_entry();
  std::optional<std::size_t> read(char* buffer, std::size_t size);
  bool close_entry();

 private:
  std::unique_ptr<ZipSource> source_;  // a stable address for minizip's opaque pointer
  void* archive_ = nullptr;            // minizip's unzFile
};

}  // namespace eddy::services::lambda
