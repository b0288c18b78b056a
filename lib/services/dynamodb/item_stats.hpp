#pragma once
// Items and bytes in each table and in each of its secondary indexes: DescribeTable's ItemCount,
// TableSizeBytes and IndexSizeBytes. Kept in memory as rows come, change size and go (SQLite
// triggers doing the same cost a PutItem a tenth of its instructions), and counted from the rows
// once when the service starts. A change is undone when the store write that made it rolls back.
// Callers hold the store lock.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/database.hpp"

namespace eddy::services::dynamodb {

class ItemStats {
 public:
  struct Counts {
    std::int64_t count = 0;
    std::int64_t bytes = 0;
  };

  // Counts every table's items and index entries.
  void load(store::Database& db);
  void clear();

  Counts table(std::int64_t table_id) const;
  Counts index(std::int64_t table_id, std::string_view index_name) const;

  // `count` rows more (or fewer) and `bytes` more (or fewer) in the table or one of its indexes.
  void add_to_table(store::Database& db, std::int64_t table_id, std::int64_t count,
                    std::int64_t bytes);
  void add_to_index(store::Database& db, std::int64_t table_id, std::string_view index_name,
                    std::int64_t count, std::int64_t bytes);

  // A table deleted with its items, or an index deleted with its entries.
  void forget_table(store::Database& db, std::int64_t table_id);
  void forget_index(store::Database& db, std::int64_t table_id, std::string_view index_name);

 private:
  struct TableCounts {
    Counts items;
    std::map<std::string, Counts, std::less<>> indexes;
  };
  std::unordered_map<std::int64_t, TableCounts> tables_;
};

}  // namespace eddy::services::dynamodb
