#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/migrations.hpp"
#include "store/store.hpp"
#include "store/transaction.hpp"

using namespace eddy::store;

namespace {
int count_rows(Database& db) {
  auto q = db.query("SELECT COUNT(*) FROM t");
  q->step();
  return static_cast<int>(q->int64(0));
}

constexpr Migration kMigrations[] = {
    {1, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"},
    {2, "ALTER TABLE t ADD COLUMN w INTEGER DEFAULT 7"},
};
}  // namespace

TEST(Store, MigrationsApplyOnceAndInOrder) {
  Database db(":memory:");
  migrate(db, "test", kMigrations);
  migrate(db, "test", kMigrations);  // a second start-up applies nothing again
  db.query("INSERT INTO t (v) VALUES ('a')")->run();
  auto q = db.query("SELECT w FROM t");
  ASSERT_TRUE(q->step());
  EXPECT_EQ(q->int64(0), 7);
  constexpr Migration gap[] = {{4, "SELECT 1"}};
  EXPECT_THROW(migrate(db, "test", gap), std::logic_error);
}

TEST(Store, TransactionRollsBackUnlessCommitted) {
  Database db(":memory:");
  migrate(db, "test", kMigrations);
  {
    Transaction tx(db);
    db.query("INSERT INTO t (v) VALUES ('gone')")->run();
  }
  EXPECT_EQ(count_rows(db), 0);
  {
    Transaction tx(db);
    db.query("INSERT INTO t (v) VALUES ('kept')")->run();
    tx.commit();
  }
  EXPECT_EQ(count_rows(db), 1);
}

TEST(Store, NestedTransactionIsASavepoint) {
  Database db(":memory:");
  migrate(db, "test", kMigrations);
  Transaction outer(db);
  db.query("INSERT INTO t (v) VALUES ('outer')")->run();
  {
    Transaction inner(db);
    db.query("INSERT INTO t (v) VALUES ('inner')")->run();
  }  // rolled back alone
  {
    Transaction inner(db);
    db.query("INSERT INTO t (v) VALUES ('inner2')")->run();
    inner.commit();
  }
  outer.commit();
  EXPECT_EQ(count_rows(db), 2);
}

TEST(Store, CachedStatementsAreResetBetweenUses) {
  Database db(":memory:");
  migrate(db, "test", kMigrations);
  for (const char* v : {"x", "y"}) db.query("INSERT INTO t (v) VALUES (?)")->bind(1, v).run();
  for (int i = 0; i < 2; ++i) {
    auto q = db.query("SELECT v FROM t ORDER BY id");
    ASSERT_TRUE(q->step());  // would fail if the statement were left mid-iteration
    EXPECT_EQ(q->text(0), "x");
  }
  auto q = db.query("SELECT v FROM t WHERE v = ?");
  q->bind(1, std::optional<std::string>{});
  EXPECT_FALSE(q->step());
}

TEST(Store, UnownedBindingsStoreTheTextAndLeaveWithTheQuery) {
  Database db(":memory:");
  migrate(db, "test", kMigrations);
  std::string text = "bound in place";
  std::string blob("\0key\xff", 5);
  db.query("INSERT INTO t (v) VALUES (?)")->bind_unowned(1, text).run();
  db.query("INSERT INTO t (v) VALUES (?)")->bind_blob_unowned(1, blob).run();
  // The rows hold their own copies: changing the caller's buffers changes nothing stored.
  text.assign(text.size(), '#');
  blob.assign(blob.size(), '#');
  auto q = db.query("SELECT v, typeof(v) FROM t ORDER BY id");
  ASSERT_TRUE(q->step());
  EXPECT_EQ(q->text(0), "bound in place");
  EXPECT_EQ(q->text(1), "text");
  ASSERT_TRUE(q->step());
  EXPECT_EQ(q->text(0), std::string_view("\0key\xff", 5));
  EXPECT_EQ(q->text(1), "blob");
  // A Query unbinds what it bound when it goes: the next use finds NULL, not freed text.
  {
    std::string gone = "gone";
    auto first = db.query("SELECT ? IS NULL");
    first->bind_unowned(1, gone);
    ASSERT_TRUE(first->step());
    EXPECT_EQ(first->int64(0), 0);
  }
  auto again = db.query("SELECT ? IS NULL");
  ASSERT_TRUE(again->step());
  EXPECT_EQ(again->int64(0), 1);
}

// Debian's SQLite zeroes deleted cells and freed pages by default (SQLITE_SECURE_DELETE): work
// every write paid for bytes nothing reads. Each writer turns it off.
TEST(Store, WritersLeaveDeletedBytesUnzeroed) {
  auto secure_delete = [](Database& db) {
    auto q = db.query("PRAGMA secure_delete");
    EXPECT_TRUE(q->step());
    return q->int64(0);
  };
  Database private_memory(":memory:");
  EXPECT_EQ(secure_delete(private_memory), 0);
  Store shared_memory("");
  EXPECT_EQ(secure_delete(shared_memory.db()), 0);
}

TEST(Store, StatementsAreFoundByTheirTextWhereverItLives) {
  Database db(":memory:");
  // The cache looks a statement up by the address of its text first: text changed in place, at
  // the same address, is another statement.
  char sql[] = "SELECT 1";
  auto value_of = [&](std::string_view text) {
    auto q = db.query(text);
    EXPECT_TRUE(q->step());
    return q->int64(0);
  };
  EXPECT_EQ(value_of(sql), 1);
  sql[7] = '2';
  EXPECT_EQ(value_of(sql), 2);
  sql[7] = '1';
  EXPECT_EQ(value_of(sql), 1);
  // The same text elsewhere finds the same statement's answer.
  std::string copy = "SELECT 2";
  EXPECT_EQ(value_of(copy), 2);
  // An optional text bound in place, or NULL.
  std::optional<std::string_view> none;
  std::optional<std::string_view> some = copy;
  auto q = db.query("SELECT ? IS NULL, ?");
  q->bind_unowned(1, none).bind_unowned(2, some);
  ASSERT_TRUE(q->step());
  EXPECT_EQ(q->int64(0), 1);
  EXPECT_EQ(q->text(1), "SELECT 2");
}

// The in-memory server's emulator opens its store on the thread that prepares its services.
TEST(Store, ADeferredStoreOpensAtItsFirstOpenAndOnlyThen) {
  { Store unopened("", Store::Opening::deferred); }  // goes without ever having opened
  Store store("", Store::Opening::deferred);
  {
    auto lock = store.lock();
    store.open();
    migrate(store.db(), "test", kMigrations);
    store.db().query("INSERT INTO t (v) VALUES ('kept')")->run();
    store.open();  // already open: the same database, not a new one
    EXPECT_EQ(count_rows(store.db()), 1);
  }
  // Read connections find the database the writer opened.
  auto reader = store.reader();
  EXPECT_EQ(count_rows(reader.db()), 1);
}

TEST(Store, FileStoreSurvivesReopen) {
  auto dir =
      std::filesystem::temp_directory_path() / ("eddy-store-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  {
    Store store(dir.string());
    EXPECT_TRUE(store.persistent());
    migrate(store.db(), "test", kMigrations);
    store.db().query("INSERT INTO t (v) VALUES ('durable')")->run();
  }
  {
    Store store(dir.string());
    auto q = store.db().query("SELECT v FROM t");
    ASSERT_TRUE(q->step());
    EXPECT_EQ(q->text(0), "durable");
  }
  std::filesystem::remove_all(dir);
}

TEST(Store, AfterCommitActionsRunOnlyOnceTheOutermostTransactionCommits) {
  enum Action { outside, outer, kept_savepoint, undone_savepoint, rolled_back };
  Database db(":memory:");
  std::vector<Action> ran;
  db.after_commit([&] { ran.push_back(outside); });  // no transaction: at once
  EXPECT_EQ(ran, std::vector<Action>{outside});
  {
    Transaction transaction(db);
    db.after_commit([&] { ran.push_back(outer); });
    {
      Transaction savepoint(db);
      db.after_commit([&] { ran.push_back(kept_savepoint); });
      savepoint.commit();
    }
    {
      Transaction savepoint(db);
      db.after_commit([&] { ran.push_back(undone_savepoint); });
    }
    EXPECT_EQ(ran, std::vector<Action>{outside});  // nothing before the commit
    transaction.commit();
  }
  EXPECT_EQ(ran, (std::vector<Action>{outside, outer, kept_savepoint}));
  {
    Transaction transaction(db);
    db.after_commit([&] { ran.push_back(rolled_back); });
  }
  {
    Transaction next(db);
    next.commit();
  }
  EXPECT_EQ(ran, (std::vector<Action>{outside, outer, kept_savepoint}));
}

TEST(Store, OnRollbackActionsUndoWhatARolledBackSavepointOrTransactionDid) {
  enum Action { outside, kept_savepoint, first, second, released_savepoint };
  Database db(":memory:");
  std::vector<Action> undone;
  db.on_rollback([&] { undone.push_back(outside); });  // nothing can roll back: dropped
  {
    Transaction transaction(db);
    {
      Transaction savepoint(db);
      db.on_rollback([&] { undone.push_back(kept_savepoint); });
      savepoint.commit();
    }
    {
      Transaction savepoint(db);
      db.on_rollback([&] { undone.push_back(first); });
      db.on_rollback([&] { undone.push_back(second); });
    }
    EXPECT_EQ(undone, (std::vector<Action>{second, first}));  // newest first
    transaction.commit();
  }
  EXPECT_EQ(undone, (std::vector<Action>{second, first}));
  undone.clear();
  {
    // A savepoint that committed is still undone with the transaction around it.
    Transaction transaction(db);
    {
      Transaction savepoint(db);
      db.on_rollback([&] { undone.push_back(released_savepoint); });
      savepoint.commit();
    }
  }
  EXPECT_EQ(undone, std::vector<Action>{released_savepoint});
}
