#include "store/shared_memory_vfs.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <shared_mutex>
#include <string_view>
#include <thread>
#include <vector>

namespace eddy::store {
namespace {

constexpr const char* kVfsName = "eddy-shared-memory";
// Files grow by chunks that never move, so a reader copying from one needs no more than the
// file's read lock while the writer appends elsewhere.
constexpr sqlite3_int64 kChunkBytes = 64 * 1024;
// A rollback journal is truncated at every commit and written again by the next transaction: it
// keeps up to this many chunks for that, instead of freeing and allocating them each time.
constexpr std::size_t kJournalChunksKept = 16;

// A reader-writer lock over a file's bytes, held only to copy at most a page or to find one:
// taken and given with one atomic instruction each, where std::shared_mutex (a pthread_rwlock)
// cost ~4% of the server's CPU under a SendMessage load, the journal being written three times a
// page. Waits are rare (the writer writes the database only while no read holds SHARED) and
// short: a waiter spins a little, then yields, in case the holder was preempted.
class BytesLock {
 public:
  void lock() {
    for (int spins = 0;; ++spins) {
      int free = 0;
      if (state_.compare_exchange_weak(free, kWriter, std::memory_order_acquire,
                                       std::memory_order_relaxed))
        return;
      back_off(spins);
    }
  }
  void unlock() { state_.store(0, std::memory_order_release); }
  void lock_shared() {
    for (int spins = 0;; ++spins) {
      int readers = state_.load(std::memory_order_relaxed);
      if (readers != kWriter &&
          state_.compare_exchange_weak(readers, readers + 1, std::memory_order_acquire,
                                       std::memory_order_relaxed))
        return;
      back_off(spins);
    }
  }
  void unlock_shared() { state_.fetch_sub(1, std::memory_order_release); }

 private:
  static constexpr int kWriter = -1;
  static void back_off(int spins) {
    if (spins >= 64) {
      std::this_thread::yield();
      return;
    }
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
  }
  std::atomic<int> state_{0};  // readers holding it, or kWriter
};

// One file's bytes and its database locks (SQLite's five levels, between connections of this
// process).
struct MemoryFile {
  BytesLock bytes_mutex;
  std::vector<std::unique_ptr<char[]>> chunks;
  sqlite3_int64 size = 0;
  bool is_journal = false;  // a main rollback journal: keeps chunks when truncated
  // size > 0, readable without bytes_mutex: every transaction of every connection asks whether
  // the journal is there (vfs_access), and the writer's journal always is, if empty.
  std::atomic<bool> has_bytes{false};

  std::mutex lock_mutex;
  int shared_holders = 0;
  const void* writer = nullptr;  // the handle holding RESERVED or more
  bool pending = false;
  bool exclusive = false;
  // Connections waiting in memory_lock for a commit, or for the reads in a commit's way, to end.
  std::condition_variable lock_released;
  int lock_waiters = 0;
  // Counts memory_unlock calls: a waiter spinning without lock_mutex watches it move.
  std::atomic<unsigned> unlocks{0};
};

// How long memory_lock waits for a conflicting lock to go before answering SQLITE_BUSY (and
// leaving the rest to the connection's busy handler: see wait_for_memory_lock in database.cpp). A
// commit holds readers off for a few page copies, and reads hold a commit off for a statement: far
// less. Waiting here, woken the moment the lock goes, replaced a busy handler that could only poll:
// under GetItem beside a PutItem load that polled ~3 sched_yield calls a request.
constexpr std::chrono::milliseconds kLockWait{2};

// How long a waiter spins, watching for an unlock, before it sleeps on the condition variable:
// the holder usually runs on another core and lets go within microseconds, sooner than a
// sleeping thread is woken and scheduled again (which, blocking at once, cost reads beside a
// write load a tenth of their throughput).
constexpr std::chrono::microseconds kLockSpin{20};

// Waits, lock_mutex held, until `free()` or kLockWait has passed; true if free.
template <class Condition>
bool wait_for_lock(MemoryFile& file, std::unique_lock<std::mutex>& lock, Condition free) {
  if (free()) return true;
  auto spin_until = std::chrono::steady_clock::now() + kLockSpin;
  do {
    unsigned seen = file.unlocks.load(std::memory_order_relaxed);
    lock.unlock();
    for (int pauses = 0; file.unlocks.load(std::memory_order_acquire) == seen; ++pauses) {
#if defined(__x86_64__) || defined(__i386__)
      __builtin_ia32_pause();
#endif
      if (pauses % 16 == 15 && std::chrono::steady_clock::now() >= spin_until) break;
    }
    lock.lock();
    if (free()) return true;
  } while (std::chrono::steady_clock::now() < spin_until);
  ++file.lock_waiters;
  bool freed = file.lock_released.wait_for(lock, kLockWait, free);
  --file.lock_waiters;
  return freed;
}

class FileRegistry {
 public:
  // By string_view: SQLite asks after the journal and WAL files at every read transaction, and
  // their names are too long for a string without an allocation.
  std::shared_ptr<MemoryFile> find(std::string_view name, bool create) {
    std::lock_guard lock(mutex_);
    auto it = files_.find(name);
    if (it != files_.end()) return it->second;
    if (!create) return nullptr;
    generation_.fetch_add(1, std::memory_order_release);
    return files_.emplace(std::string(name), std::make_shared<MemoryFile>()).first->second;
  }
  // Whether `name` is there and not empty, as the unix VFS answers xAccess. Every transaction of
  // every connection asks it of its journal: each thread remembers the answer's file, valid while
  // no file has come or gone since, so that asking writes no line another thread writes too (the
  // registry's lock was one more line the two io threads passed between them at every write).
  bool has_bytes(std::string_view name) {
    thread_local AskedAbout last;
    if (last.generation != generation_.load(std::memory_order_acquire) || last.name != name) {
      std::lock_guard lock(mutex_);
      auto it = files_.find(name);
      last.file = it == files_.end() ? nullptr : it->second;
      last.name.assign(name);
      last.generation = generation_.load(std::memory_order_relaxed);
    }
    return last.file && last.file->has_bytes.load(std::memory_order_acquire);
  }
  void remove(const std::string& name) {
    std::lock_guard lock(mutex_);
    if (files_.erase(name) != 0) generation_.fetch_add(1, std::memory_order_release);
  }

 private:
  struct AskedAbout {
    std::string name;
    std::shared_ptr<MemoryFile> file;  // null: not there
    std::uint64_t generation = ~std::uint64_t{0};
  };
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<MemoryFile>, std::less<>> files_;
  // Counts files created and removed: a remembered answer holds while it has not moved.
  std::atomic<std::uint64_t> generation_{0};
};

FileRegistry& registry() {
  static FileRegistry files;
  return files;
}

// What SQLite allocates per open file (szOsFile); base first, as SQLite expects.
struct MemoryHandle {
  sqlite3_file base;
  std::shared_ptr<MemoryFile> file;
  std::string name;  // empty for a temporary file
  bool delete_on_close = false;
  int lock = SQLITE_LOCK_NONE;
  // PRAGMA mmap_size: up to this offset, pages are read in place (memory_fetch).
  sqlite3_int64 fetch_limit = 0;
};

MemoryHandle& handle_of(sqlite3_file* file) {
  return *reinterpret_cast<MemoryHandle*>(file);
}

int memory_read(sqlite3_file* handle, void* out, int amount, sqlite3_int64 offset) {
  MemoryFile& file = *handle_of(handle).file;
  std::shared_lock lock(file.bytes_mutex);
  auto* to = static_cast<char*>(out);
  sqlite3_int64 available = std::clamp<sqlite3_int64>(file.size - offset, 0, amount);
  for (sqlite3_int64 done = 0; done < available;) {
    sqlite3_int64 at = offset + done;
    sqlite3_int64 within = at % kChunkBytes;
    sqlite3_int64 n = std::min(available - done, kChunkBytes - within);
    std::memcpy(to + done, file.chunks[static_cast<std::size_t>(at / kChunkBytes)].get() + within,
                static_cast<std::size_t>(n));
    done += n;
  }
  if (available == amount) return SQLITE_OK;
  std::memset(to + available, 0, static_cast<std::size_t>(amount - available));
  return SQLITE_IOERR_SHORT_READ;
}

// Zeroes [from, to) of the file's chunks, which exist; bytes_mutex held.
void zero_bytes(MemoryFile& file, sqlite3_int64 from, sqlite3_int64 to) {
  while (from < to) {
    sqlite3_int64 within = from % kChunkBytes;
    sqlite3_int64 n = std::min(to - from, kChunkBytes - within);
    std::memset(file.chunks[static_cast<std::size_t>(from / kChunkBytes)].get() + within, 0,
                static_cast<std::size_t>(n));
    from += n;
  }
}

int memory_write(sqlite3_file* handle, const void* in, int amount, sqlite3_int64 offset) {
  MemoryFile& file = *handle_of(handle).file;
  std::unique_lock lock(file.bytes_mutex);
  sqlite3_int64 end = offset + amount;
  try {
    // Not zeroed: only bytes below `size` are ever read, and a gap is zeroed below.
    while (static_cast<sqlite3_int64>(file.chunks.size()) * kChunkBytes < end)
      file.chunks.push_back(std::unique_ptr<char[]>(new char[kChunkBytes]));
  } catch (const std::bad_alloc&) {
    return SQLITE_NOMEM;
  }
  if (offset > file.size) zero_bytes(file, file.size, offset);
  const auto* from = static_cast<const char*>(in);
  for (sqlite3_int64 done = 0; done < amount;) {
    sqlite3_int64 at = offset + done;
    sqlite3_int64 within = at % kChunkBytes;
    sqlite3_int64 n = std::min(amount - done, kChunkBytes - within);
    std::memcpy(file.chunks[static_cast<std::size_t>(at / kChunkBytes)].get() + within, from + done,
                static_cast<std::size_t>(n));
    done += n;
  }
  file.size = std::max(file.size, end);
  file.has_bytes.store(file.size > 0, std::memory_order_release);
  return SQLITE_OK;
}

int memory_truncate(sqlite3_file* handle, sqlite3_int64 size) {
  MemoryFile& file = *handle_of(handle).file;
  std::unique_lock lock(file.bytes_mutex);
  if (size >= file.size) return SQLITE_OK;
  file.size = size;
  file.has_bytes.store(size > 0, std::memory_order_release);
  // Bytes past the end are never read; a write past it zeroes the gap it leaves.
  auto keep = static_cast<std::size_t>((size + kChunkBytes - 1) / kChunkBytes);
  if (file.is_journal) keep = std::max(keep, std::min(file.chunks.size(), kJournalChunksKept));
  if (keep < file.chunks.size()) file.chunks.resize(keep);
  return SQLITE_OK;
}

int memory_sync(sqlite3_file*, int) {
  return SQLITE_OK;
}

int memory_file_size(sqlite3_file* handle, sqlite3_int64* size) {
  MemoryFile& file = *handle_of(handle).file;
  std::shared_lock lock(file.bytes_mutex);
  *size = file.size;
  return SQLITE_OK;
}

// SQLite's locking levels between this process's connections, as the unix VFS keeps them.
int memory_lock(sqlite3_file* file_handle, int level) {
  MemoryHandle& handle = handle_of(file_handle);
  if (handle.lock >= level) return SQLITE_OK;
  MemoryFile& file = *handle.file;
  std::unique_lock lock(file.lock_mutex);
  if (level == SQLITE_LOCK_SHARED) {
    if (!wait_for_lock(file, lock, [&file] { return !file.pending && !file.exclusive; }))
      return SQLITE_BUSY;
    ++file.shared_holders;
    handle.lock = SQLITE_LOCK_SHARED;
    return SQLITE_OK;
  }
  if (!wait_for_lock(file, lock, [&] { return !file.writer || file.writer == &handle; }))
    return SQLITE_BUSY;
  file.writer = &handle;
  if (level == SQLITE_LOCK_RESERVED) {
    handle.lock = SQLITE_LOCK_RESERVED;
    return SQLITE_OK;
  }
  // PENDING keeps new readers out while the ones already in finish.
  file.pending = true;
  handle.lock = SQLITE_LOCK_PENDING;
  if (level == SQLITE_LOCK_PENDING) return SQLITE_OK;
  // Its own SHARED lock is the one left once the reads already running have ended.
  if (!wait_for_lock(file, lock, [&file] { return file.shared_holders <= 1; })) return SQLITE_BUSY;
  file.exclusive = true;
  handle.lock = SQLITE_LOCK_EXCLUSIVE;
  return SQLITE_OK;
}

int memory_unlock(sqlite3_file* file_handle, int level) {
  MemoryHandle& handle = handle_of(file_handle);
  if (handle.lock <= level) return SQLITE_OK;
  MemoryFile& file = *handle.file;
  std::lock_guard lock(file.lock_mutex);
  if (handle.lock > SQLITE_LOCK_SHARED) {
    file.writer = nullptr;
    file.pending = false;
    file.exclusive = false;
  }
  if (level == SQLITE_LOCK_NONE) --file.shared_holders;
  handle.lock = level;
  file.unlocks.fetch_add(1, std::memory_order_release);
  if (file.lock_waiters > 0) file.lock_released.notify_all();
  return SQLITE_OK;
}

int memory_check_reserved_lock(sqlite3_file* handle, int* reserved) {
  MemoryFile& file = *handle_of(handle).file;
  std::lock_guard lock(file.lock_mutex);
  *reserved = file.writer != nullptr;
  return SQLITE_OK;
}

int memory_file_control(sqlite3_file* handle, int op, void* arg) {
  if (op != SQLITE_FCNTL_MMAP_SIZE) return SQLITE_NOTFOUND;
  // As the unix VFS answers: a new limit if one is given, and the limit in force.
  auto* limit = static_cast<sqlite3_int64*>(arg);
  if (*limit >= 0) handle_of(handle).fetch_limit = *limit;
  *limit = handle_of(handle).fetch_limit;
  return SQLITE_OK;
}

// A page read in place rather than copied out (a connection with PRAGMA mmap_size set: the read
// connections). Safe as SQLite's own mmap is: the writer changes the file's bytes only while it
// holds EXCLUSIVE, which it gets only once no reader holds SHARED, and a reader lets go of every
// page it fetched before it lets go of SHARED. Chunks never move, and a page never straddles two
// (the page size divides kChunkBytes); anything else is left to memory_read (*out null).
int memory_fetch(sqlite3_file* file_handle, sqlite3_int64 offset, int amount, void** out) {
  *out = nullptr;
  MemoryHandle& handle = handle_of(file_handle);
  if (offset + amount > handle.fetch_limit) return SQLITE_OK;
  sqlite3_int64 within = offset % kChunkBytes;
  if (within + amount > kChunkBytes) return SQLITE_OK;
  MemoryFile& file = *handle.file;
  std::shared_lock lock(file.bytes_mutex);
  if (offset + amount > file.size) return SQLITE_OK;
  *out = file.chunks[static_cast<std::size_t>(offset / kChunkBytes)].get() + within;
  return SQLITE_OK;
}

// Nothing to release: the chunks outlive every fetch (see memory_fetch).
int memory_unfetch(sqlite3_file*, sqlite3_int64, void*) {
  return SQLITE_OK;
}

int memory_sector_size(sqlite3_file*) {
  return 4096;
}

int memory_device_characteristics(sqlite3_file*) {
  // UNDELETABLE_WHEN_OPEN: the pager then keeps a TRUNCATE-mode journal open between
  // transactions instead of reopening it at each.
  return SQLITE_IOCAP_POWERSAFE_OVERWRITE | SQLITE_IOCAP_SAFE_APPEND | SQLITE_IOCAP_SEQUENTIAL |
         SQLITE_IOCAP_UNDELETABLE_WHEN_OPEN;
}

int memory_close(sqlite3_file* file_handle) {
  MemoryHandle& handle = handle_of(file_handle);
  memory_unlock(file_handle, SQLITE_LOCK_NONE);
  if (handle.delete_on_close && !handle.name.empty()) registry().remove(handle.name);
  handle.~MemoryHandle();
  return SQLITE_OK;
}

const sqlite3_io_methods kMemoryFileMethods = {
    3,  // iVersion: xFetch; no shared memory (so no WAL: the store runs a rollback journal)
    memory_close,
    memory_read,
    memory_write,
    memory_truncate,
    memory_sync,
    memory_file_size,
    memory_lock,
    memory_unlock,
    memory_check_reserved_lock,
    memory_file_control,
    memory_sector_size,
    memory_device_characteristics,
    nullptr,  // xShmMap
    nullptr,  // xShmLock
    nullptr,  // xShmBarrier
    nullptr,  // xShmUnmap
    memory_fetch,
    memory_unfetch,
};

sqlite3_vfs* default_vfs(sqlite3_vfs* vfs) {
  return static_cast<sqlite3_vfs*>(vfs->pAppData);
}

int vfs_open(sqlite3_vfs*, const char* name, sqlite3_file* file, int flags, int* out_flags) {
  file->pMethods = nullptr;  // until it is open: SQLite then will not close it
  std::shared_ptr<MemoryFile> data =
      name ? registry().find(name, flags & SQLITE_OPEN_CREATE) : std::make_shared<MemoryFile>();
  if (!data) return SQLITE_CANTOPEN;
  if ((flags & SQLITE_OPEN_MAIN_JOURNAL) != 0) {
    std::unique_lock lock(data->bytes_mutex);  // memory_truncate reads it under this lock
    data->is_journal = true;
  }
  auto* handle = new (file) MemoryHandle{};
  handle->file = std::move(data);
  if (name) handle->name = name;
  handle->delete_on_close = (flags & SQLITE_OPEN_DELETEONCLOSE) != 0;
  if (out_flags) *out_flags = flags;
  file->pMethods = &kMemoryFileMethods;
  return SQLITE_OK;
}

int vfs_delete(sqlite3_vfs*, const char* name, int) {
  registry().remove(name);
  return SQLITE_OK;
}

int vfs_access(sqlite3_vfs*, const char* name, int, int* result) {
  *result = registry().has_bytes(name);
  return SQLITE_OK;
}

int vfs_full_pathname(sqlite3_vfs*, const char* name, int out_bytes, char* out) {
  sqlite3_snprintf(out_bytes, out, "%s", name);
  return SQLITE_OK;
}

void* vfs_dl_open(sqlite3_vfs*, const char*) {
  return nullptr;
}
void vfs_dl_error(sqlite3_vfs*, int bytes, char* out) {
  sqlite3_snprintf(bytes, out, "no extensions here");
}
void (*vfs_dl_sym(sqlite3_vfs*, void*, const char*))(void) {
  return nullptr;
}
void vfs_dl_close(sqlite3_vfs*, void*) {}

int vfs_randomness(sqlite3_vfs* vfs, int bytes, char* out) {
  return default_vfs(vfs)->xRandomness(default_vfs(vfs), bytes, out);
}
int vfs_sleep(sqlite3_vfs* vfs, int microseconds) {
  return default_vfs(vfs)->xSleep(default_vfs(vfs), microseconds);
}
int vfs_current_time(sqlite3_vfs* vfs, double* now) {
  return default_vfs(vfs)->xCurrentTime(default_vfs(vfs), now);
}
int vfs_last_error(sqlite3_vfs* vfs, int bytes, char* out) {
  return default_vfs(vfs)->xGetLastError(default_vfs(vfs), bytes, out);
}
int vfs_current_time_int64(sqlite3_vfs* vfs, sqlite3_int64* now) {
  return default_vfs(vfs)->xCurrentTimeInt64(default_vfs(vfs), now);
}

sqlite3_vfs* make_vfs() {
  static sqlite3_vfs vfs = {
      2,  // iVersion: with xCurrentTimeInt64
      static_cast<int>(sizeof(MemoryHandle)),
      512,
      nullptr,
      kVfsName,
      nullptr,
      vfs_open,
      vfs_delete,
      vfs_access,
      vfs_full_pathname,
      vfs_dl_open,
      vfs_dl_error,
      vfs_dl_sym,
      vfs_dl_close,
      vfs_randomness,
      vfs_sleep,
      vfs_current_time,
      vfs_last_error,
      vfs_current_time_int64,
      nullptr,
      nullptr,
      nullptr,
  };
  vfs.pAppData = sqlite3_vfs_find(nullptr);
  sqlite3_vfs_register(&vfs, 0);
  return &vfs;
}

}  // namespace

const char* shared_memory_vfs() {
  static sqlite3_vfs* vfs = make_vfs();
  return vfs->zName;
}

std::string unique_shared_memory_name() {
  static std::atomic<unsigned long> next{0};
  return "/eddy-memory-" + std::to_string(++next) + ".db";
}

void remove_shared_memory_database(const std::string& name) {
  for (const char* suffix : {"", "-journal"}) registry().remove(name + suffix);
}

}  // namespace eddy::store
