#include "services/dynamodb/table_catalog.hpp"

namespace eddy::services::dynamodb {

std::string TableCatalog::key(std::string_view account, std::string_view region,
                              std::string_view name) {
  std::string out;
  out.reserve(account.size() + region.size() + name.size() + 2);
  out.append(account).push_back('\x1f');
  out.append(region).push_back('\x1f');
  out.append(name);
  return out;
}

void TableCatalog::load(store::Database& db) {
  tables_.clear();
  auto q = db.query("SELECT id, account, region, name, definition FROM ddb_tables");
  while (q->step()) {
    Table table = table_from_json(json::parse(q->text(4)));
    table.id = q->int64(0);
    table.account = q->string(1);
    table.region = q->string(2);
    table.name = q->string(3);
    table.arn = "arn:aws:dynamodb:" + table.region + ":" + table.account + ":table/" + table.name;
    std::string k = key(table.account, table.region, table.name);
    tables_[k] = std::make_shared<const Table>(std::move(table));
  }
}

void TableCatalog::clear() {
  tables_.clear();
}

TablePtr TableCatalog::find(std::string_view account, std::string_view region,
                            std::string_view name) const {
  auto it = tables_.find(key(account, region, name));
  return it == tables_.end() ? nullptr : it->second;
}

std::vector<TablePtr> TableCatalog::list(std::string_view account, std::string_view region,
                                         std::string_view exclusive_start) const {
  std::string prefix = key(account, region, "");
  std::vector<TablePtr> out;
  for (auto it = tables_.upper_bound(key(account, region, exclusive_start));
       it != tables_.end() && it->first.starts_with(prefix); ++it)
    out.push_back(it->second);
  return out;
}

std::vector<TablePtr> TableCatalog::all() const {
  std::vector<TablePtr> out;
  for (const auto& [k, table] : tables_) out.push_back(table);
  return out;
}

void TableCatalog::cache(store::Database& db, const std::string& k, TablePtr table) {
  TablePtr before = find_by_key(k);
  db.on_rollback([this, k, before] {
    if (before)
      tables_[k] = before;
    else
      tables_.erase(k);
  });
  if (table)
    tables_[k] = std::move(table);
  else
    tables_.erase(k);
}

TablePtr TableCatalog::find_by_key(const std::string& k) const {
  auto it = tables_.find(k);
  return it == tables_.end() ? nullptr : it->second;
}

TablePtr TableCatalog::create(store::Database& db, Table table) {
  table.arn = "arn:aws:dynamodb:" + table.region + ":" + table.account + ":table/" + table.name;
  db.query("INSERT INTO ddb_tables (account, region, name, definition) VALUES (?, ?, ?, ?)")
      ->bind(1, table.account)
      .bind(2, table.region)
      .bind(3, table.name)
      .bind(4, table_to_json(table).dump())
      .run();
  table.id = db.last_insert_rowid();
  auto stored = std::make_shared<const Table>(std::move(table));
  cache(db, key(stored->account, stored->region, stored->name), stored);
  return stored;
}

TablePtr TableCatalog::update(store::Database& db, Table table) {
  db.query("UPDATE ddb_tables SET definition = ? WHERE id = ?")
      ->bind(1, table_to_json(table).dump())
      .bind(2, table.id)
      .run();
  auto stored = std::make_shared<const Table>(std::move(table));
  cache(db, key(stored->account, stored->region, stored->name), stored);
  return stored;
}

void TableCatalog::remove(store::Database& db, const Table& table) {
  db.query("DELETE FROM ddb_items WHERE table_id = ?")->bind(1, table.id).run();
  db.query("DELETE FROM ddb_index_items WHERE table_id = ?")->bind(1, table.id).run();
  db.query("DELETE FROM ddb_tables WHERE id = ?")->bind(1, table.id).run();
  cache(db, key(table.account, table.region, table.name), nullptr);
}

}  // namespace eddy::services::dynamodb
