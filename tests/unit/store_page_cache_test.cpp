// The page cache wrapper (store/page_cache.hpp) passes a truncation on only when a page may lie
// at or past the limit. These writes split B-tree pages at random keys (balance_nonroot's page
// swaps through the lock-byte page number) and roll back transactions that grew the file, whose
// pages past the restored end the cache must forget; the database must read back exactly what
// was committed, and stay sound.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <mutex>
#include <random>
#include <set>
#include <string>

#include "store/store.hpp"
#include "store/transaction.hpp"

namespace eddy::store {
namespace {

void insert_random_rows(Database& db, std::mt19937_64& random, int count,
                        std::set<std::string>* keys) {
  for (int i = 0; i < count; ++i) {
    std::string key = std::to_string(random());
    db.query("INSERT OR IGNORE INTO rows (k, v) VALUES (?, ?)")
        ->bind(1, key)
        .bind(2, std::string(300, 'v'))
        .run();
    if (keys) keys->insert(key);
  }
}

std::set<std::string> stored_keys(Database& db) {
  std::set<std::string> out;
  auto q = db.query("SELECT k FROM rows");
  while (q->step()) out.insert(std::string(q->text(0)));
  return out;
}

int cache_bytes(Database& db) {
  int current = 0;
  int highest = 0;
  sqlite3_db_status(db.handle(), SQLITE_DBSTATUS_CACHE_USED, &current, &highest, 0);
  return current;
}

// An in-memory store, its lock held, with a table of 300-byte rows under random text keys.
class StorePageCache : public ::testing::Test {
 protected:
  StorePageCache() { db.exec("CREATE TABLE rows (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID"); }

  Store store{""};
  std::unique_lock<std::mutex> lock = store.lock();
  Database& db = store.db();
};

TEST_F(StorePageCache, RolledBackGrowthAndSplitsLeaveExactlyTheCommittedRows) {
  std::mt19937_64 random(7);
  std::set<std::string> committed;
  for (int round = 0; round < 40; ++round) {
    Transaction tx(db);
    insert_random_rows(db, random, 50, &committed);
    {
      // A savepoint that grows the file by many pages, then is undone.
      Transaction undone(db);
      insert_random_rows(db, random, 200, nullptr);
    }
    tx.commit();
    {
      // A whole transaction that grows the file, then is undone.
      Transaction undone(db);
      insert_random_rows(db, random, 200, nullptr);
    }
  }
  EXPECT_EQ(stored_keys(db), committed);
  auto check = db.query("PRAGMA integrity_check");
  ASSERT_TRUE(check->step());
  EXPECT_EQ(check->text(0), "ok");
  // A read connection, which reads the file itself, sees the same rows.
  lock.unlock();
  auto reader = store.reader();
  EXPECT_EQ(stored_keys(reader.db()), committed);
}

TEST_F(StorePageCache, PagesPastTheEndOfARolledBackGrowthLeaveTheCache) {
  std::mt19937_64 random(11);
  {
    Transaction tx(db);
    insert_random_rows(db, random, 100, nullptr);
    tx.commit();
  }
  int before = cache_bytes(db);
  int grown = 0;
  {
    Transaction undone(db);
    insert_random_rows(db, random, 400, nullptr);  // about 60 pages of 4 KB, split at random
    grown = cache_bytes(db);
  }
  EXPECT_GT(grown, before + 40 * 4096);
  // Forgetting them is the truncation the wrapper passes on (nothing else drops them here).
  EXPECT_LT(cache_bytes(db), before + 4 * 4096);
}

}  // namespace
}  // namespace eddy::store
