#include "store/migrations.hpp"

#include <stdexcept>
#include <string>

#include "store/transaction.hpp"

namespace eddy::store {

void migrate(Database& db, std::string_view owner, std::span<const Migration> migrations) {
  db.exec(
      "CREATE TABLE IF NOT EXISTS eddy_schema (owner TEXT PRIMARY KEY, version INTEGER NOT NULL)");
  int current = 0;
  {
    auto q = db.query("SELECT version FROM eddy_schema WHERE owner = ?");
    q->bind(1, owner);
    if (q->step()) current = static_cast<int>(q->int64(0));
  }
  int expected = current;
  for (const auto& migration : migrations) {
    if (migration.version <= current) continue;
    if (migration.version != expected + 1)
      throw std::logic_error("migrations of " + std::string(owner) + " are not numbered in order");
    Transaction tx(db);
    db.exec(migration.sql);
    auto q = db.query(
        "INSERT INTO eddy_schema (owner, version) VALUES (?, ?) "
        "ON CONFLICT (owner) DO UPDATE SET version = excluded.version");
    q->bind(1, owner).bind(2, migration.version).run();
    tx.commit();
    expected = migration.version;
  }
}

}  // namespace eddy::store
