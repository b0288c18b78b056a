#include "services/dynamodb/item_stats.hpp"

namespace eddy::services::dynamodb {

void ItemStats::load(store::Database& db) {
  tables_.clear();
  auto items = db.query("SELECT table_id, count(*), sum(size) FROM ddb_items GROUP BY table_id");
  while (items->step()) tables_[items->int64(0)].items = {items->int64(1), items->int64(2)};
  auto entries = db.query(
      "SELECT table_id, index_name, count(*), sum(size) FROM ddb_index_items GROUP BY table_id, "
      "index_name");
  while (entries->step())
    tables_[entries->int64(0)].indexes[entries->string(1)] = {entries->int64(2), entries->int64(3)};
}

void ItemStats::clear() {
  tables_.clear();
}

ItemStats::Counts ItemStats::table(std::int64_t table_id) const {
  auto it = tables_.find(table_id);
  return it == tables_.end() ? Counts{} : it->second.items;
}

ItemStats::Counts ItemStats::index(std::int64_t table_id, std::string_view index_name) const {
  auto it = tables_.find(table_id);
  if (it == tables_.end()) return {};
  auto index = it->second.indexes.find(index_name);
  return index == it->second.indexes.end() ? Counts{} : index->second;
}

void ItemStats::add_to_table(store::Database& db, std::int64_t table_id, std::int64_t count,
                             std::int64_t bytes) {
  Counts& counts = tables_[table_id].items;
  counts.count += count;
  counts.bytes += bytes;
  db.on_rollback([this, table_id, count, bytes] {
    Counts& undone = tables_[table_id].items;
    undone.count -= count;
    undone.bytes -= bytes;
  });
}

void ItemStats::add_to_index(store::Database& db, std::int64_t table_id,
                             std::string_view index_name, std::int64_t count, std::int64_t bytes) {
  auto& indexes = tables_[table_id].indexes;
  auto it = indexes.find(index_name);
  if (it == indexes.end()) it = indexes.emplace(std::string(index_name), Counts{}).first;
  it->second.count += count;
  it->second.bytes += bytes;
  db.on_rollback([this, table_id, name = std::string(index_name), count, bytes] {
    Counts& undone = tables_[table_id].indexes[name];
    undone.count -= count;
    undone.bytes -= bytes;
  });
}

void ItemStats::forget_table(store::Database& db, std::int64_t table_id) {
  auto it = tables_.find(table_id);
  if (it == tables_.end()) return;
  db.on_rollback([this, table_id, before = std::move(it->second)] { tables_[table_id] = before; });
  tables_.erase(it);
}

void ItemStats::forget_index(store::Database& db, std::int64_t table_id,
                             std::string_view index_name) {
  auto it = tables_.find(table_id);
  if (it == tables_.end()) return;
  auto index = it->second.indexes.find(index_name);
  if (index == it->second.indexes.end()) return;
  db.on_rollback([this, table_id, name = index->first, before = index->second] {
    tables_[table_id].indexes[name] = before;
  });
  it->second.indexes.erase(index);
}

}  // namespace eddy::services::dynamodb
