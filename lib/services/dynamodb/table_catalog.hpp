#pragma once
// Every table's definition, kept in memory so an item operation finds its table without touching
// SQLite, and written through to ddb_tables (and a stream turned on or off, to DynamoDB Streams).
// Changes happen in store writes and are undone in memory when the write that made them rolls back;
// look-ups need no store lock (reads on read connections find their tables here).
#include <atomic>
#include <cstdint>
#include <map>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "eddy/clock.hpp"
#include "services/dynamodb/table.hpp"
#include "store/database.hpp"

namespace eddy::services::dynamodb {

class TableCatalog {
 public:
  explicit TableCatalog(const Clock& clock) : clock_(clock) {}

  void load(store::Database& db);
  void clear();

  TablePtr find(std::string_view account, std::string_view region, std::string_view name) const;
  // Changes with every table added, changed or removed (and every such change undone), after the
  // change: a table found after reading a version is still current while the version reads the
  // same. Inside a store write nothing can change it, so a write checks its table with one load.
  std::uint64_t version() const { return version_.load(std::memory_order_acquire); }
  // Tables of (account, region) by name, from the first after `exclusive_start`.
  std::vector<TablePtr> list(std::string_view account, std::string_view region,
                             std::string_view exclusive_start) const;
  std::vector<TablePtr> all() const;

  // Stores a new table (its id assigned here) and caches it.
  TablePtr create(store::Database& db, Table table);
  TablePtr update(store::Database& db, Table table);
  // Deletes the table, its items and its index entries.
  void remove(store::Database& db, const Table& table);

 private:
  static std::string key(std::string_view account, std::string_view region, std::string_view name);
  static void write_key(std::string& out, std::string_view account, std::string_view region,
                        std::string_view name);
  TablePtr find_by_key(const std::string& key) const;
  // Sets (or with nullptr, drops) the cached table, undone if the write rolls back.
  void cache(store::Database& db, const std::string& key, TablePtr table);
  // Opens the table's new stream and closes its old one, when `after` changed them.
  void sync_stream(store::Database& db, const Table* before, const Table* after) const;

  const Clock& clock_;
  // Guards tables_: the writer changes it while reads look tables up.
  mutable std::shared_mutex mutex_;
  std::map<std::string, TablePtr, std::less<>> tables_;
  std::atomic<std::uint64_t> version_{0};
  // This catalog among every one the process has made (emulators come and go in tests, one at
  // the address of another): what a thread remembers of a look-up is of this catalog only.
  const std::uint64_t id_ = next_id();
  static std::uint64_t next_id() {
    static std::atomic<std::uint64_t> ids{0};
    return ids.fetch_add(1, std::memory_order_relaxed) + 1;
  }
};

}  // namespace eddy::services::dynamodb
