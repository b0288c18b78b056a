#include "services/dynamodb/table_catalog.hpp"

#include "services/dynamodbstreams/stream_log.hpp"

namespace eddy::services::dynamodb {

void TableCatalog::write_key(std::string& out, std::string_view account, std::string_view region,
                             std::string_view name) {
  out.clear();
  out.reserve(account.size() + region.size() + name.size() + 2);
  out.append(account).push_back('\x1f');
  out.append(region).push_back('\x1f');
  out.append(name);
}

std::string TableCatalog::key(std::string_view account, std::string_view region,
                              std::string_view name) {
  std::string out;
  write_key(out, account, region, name);
  return out;
}

void TableCatalog::load(store::Database& db) {
  std::unique_lock lock(mutex_);
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
  version_.fetch_add(1, std::memory_order_release);
}

void TableCatalog::clear() {
  std::unique_lock lock(mutex_);
  tables_.clear();
  version_.fetch_add(1, std::memory_order_release);
}

TablePtr TableCatalog::find(std::string_view account, std::string_view region,
                            std::string_view name) const {
  // Every item operation looks its table up, some twice: the key is built in a buffer each
  // thread keeps, not a string allocated per look-up. And each thread remembers its last answer
  // while the catalog's version reads the same (a change bumps it once made): no shared lock,
  // whose count both io threads would write at every request.
  struct LastFound {
    std::uint64_t catalog = 0;
    std::uint64_t version = 0;
    std::string key;
    TablePtr table;
  };
  thread_local std::string k;
  thread_local LastFound last;
  write_key(k, account, region, name);
  std::uint64_t version = version_.load(std::memory_order_acquire);
  if (last.catalog == id_ && last.version == version && last.key == k) return last.table;
  TablePtr table;
  {
    std::shared_lock lock(mutex_);
    auto it = tables_.find(k);
    if (it != tables_.end()) table = it->second;
  }
  last.catalog = id_;
  last.version = version;
  last.key = k;
  last.table = table;
  return table;
}

std::vector<TablePtr> TableCatalog::list(std::string_view account, std::string_view region,
                                         std::string_view exclusive_start) const {
  std::string prefix = key(account, region, "");
  std::vector<TablePtr> out;
  std::shared_lock lock(mutex_);
  for (auto it = tables_.upper_bound(key(account, region, exclusive_start));
       it != tables_.end() && it->first.starts_with(prefix); ++it)
    out.push_back(it->second);
  return out;
}

std::vector<TablePtr> TableCatalog::all() const {
  std::vector<TablePtr> out;
  std::shared_lock lock(mutex_);
  for (const auto& [k, table] : tables_) out.push_back(table);
  return out;
}

void TableCatalog::cache(store::Database& db, const std::string& k, TablePtr table) {
  TablePtr before = find_by_key(k);
  db.on_rollback([this, k, before] {
    std::unique_lock lock(mutex_);
    if (before)
      tables_[k] = before;
    else
      tables_.erase(k);
    version_.fetch_add(1, std::memory_order_release);
  });
  std::unique_lock lock(mutex_);
  if (table)
    tables_[k] = std::move(table);
  else
    tables_.erase(k);
  version_.fetch_add(1, std::memory_order_release);
}

TablePtr TableCatalog::find_by_key(const std::string& k) const {
  std::shared_lock lock(mutex_);
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
  sync_stream(db, nullptr, stored.get());
  cache(db, key(stored->account, stored->region, stored->name), stored);
  return stored;
}

TablePtr TableCatalog::update(store::Database& db, Table table) {
  db.query("UPDATE ddb_tables SET definition = ? WHERE id = ?")
      ->bind(1, table_to_json(table).dump())
      .bind(2, table.id)
      .run();
  auto stored = std::make_shared<const Table>(std::move(table));
  sync_stream(db, find(stored->account, stored->region, stored->name).get(), stored.get());
  cache(db, key(stored->account, stored->region, stored->name), stored);
  return stored;
}

void TableCatalog::remove(store::Database& db, const Table& table) {
  db.query("DELETE FROM ddb_items WHERE table_id = ?")->bind(1, table.id).run();
  db.query("DELETE FROM ddb_index_items WHERE table_id = ?")->bind(1, table.id).run();
  db.query("DELETE FROM ddb_tables WHERE id = ?")->bind(1, table.id).run();
  sync_stream(db, &table, nullptr);
  cache(db, key(table.account, table.region, table.name), nullptr);
}

void TableCatalog::sync_stream(store::Database& db, const Table* before, const Table* after) const {
  auto arn_of = [](const Table* table) {
    return table && table->stream_enabled ? table->stream_arn() : std::string();
  };
  std::string old_arn = arn_of(before), new_arn = arn_of(after);
  if (old_arn == new_arn) return;
  if (!old_arn.empty()) dynamodbstreams::close_stream(db, old_arn, clock_.now_ms());
  if (new_arn.empty()) return;
  json key_schema = json::array({{{"AttributeName", after->keys.hash}, {"KeyType", "HASH"}}});
  if (after->keys.range)
    key_schema.push_back({{"AttributeName", *after->keys.range}, {"KeyType", "RANGE"}});
  dynamodbstreams::open_stream(db,
                               {.arn = new_arn,
                                .account = after->account,
                                .region = after->region,
                                .table_name = after->name,
                                .label = after->stream_label,
                                .view_type = after->stream_view_type,
                                .key_schema = std::move(key_schema)},
                               clock_.now_ms());
}

}  // namespace eddy::services::dynamodb
