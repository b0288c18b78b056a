// Read connections (Store::reader) beside the writer: in memory (shared_memory_vfs) and in a file
// (WAL). A reader sees every commit made before its read began, and never an open write.
#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "store/migrations.hpp"
#include "store/store.hpp"
#include "store/transaction.hpp"

using namespace eddy::store;

namespace {

constexpr Migration kReadMigrations[] = {{1, "CREATE TABLE r (id INTEGER PRIMARY KEY, v TEXT)"}};

int count_read_rows(Database& db) {
  auto q = db.query("SELECT COUNT(*) FROM r");
  q->step();
  return static_cast<int>(q->int64(0));
}

void insert_read_row(Database& db, const std::string& value) {
  db.query("INSERT INTO r (v) VALUES (?)")->bind(1, value).run();
}

// The same checks for either kind of store.
void expect_readers_beside_the_writer(Store& store) {
  migrate(store.db(), "read-test", kReadMigrations);
  insert_read_row(store.db(), "committed");
  auto reader = store.reader();
  EXPECT_EQ(count_read_rows(reader.db()), 1);
  {
    // A write group still open: the reader neither waits for it nor sees it.
    Transaction open(store.db());
    insert_read_row(store.db(), "open");
    EXPECT_EQ(count_read_rows(reader.db()), 1);
    auto second = store.reader();
    EXPECT_EQ(count_read_rows(second.db()), 1);
    open.commit();
  }
  // Committed: the next read sees it, on every connection.
  EXPECT_EQ(count_read_rows(reader.db()), 2);
  EXPECT_EQ(count_read_rows(store.reader().db()), 2);
  {
    Transaction undone(store.db());
    insert_read_row(store.db(), "rolled back");
  }
  EXPECT_EQ(count_read_rows(reader.db()), 2);
  // A read transaction keeps its snapshot while the writer commits beside it: a file's WAL lets
  // the commit land at once; in memory the commit waits, on its thread, for the transaction to end.
  {
    std::optional<ReadTransaction> snapshot(std::in_place, reader.db());
    EXPECT_EQ(count_read_rows(reader.db()), 2);
    std::thread writer([&] { insert_read_row(store.db(), "after the snapshot"); });
    if (store.persistent()) writer.join();
    EXPECT_EQ(count_read_rows(reader.db()), 2);
    snapshot.reset();
    if (!store.persistent()) writer.join();
  }
  EXPECT_EQ(count_read_rows(reader.db()), 3);
  // Read connections cannot write.
  EXPECT_ANY_THROW(insert_read_row(reader.db(), "refused"));
  EXPECT_EQ(count_read_rows(store.db()), 3);
}

}  // namespace

TEST(StoreReadConnection, InMemoryReadersSeeCommitsOnlyAndNeverWait) {
  Store store("");
  expect_readers_beside_the_writer(store);
}

TEST(StoreReadConnection, FileReadersSeeCommitsOnlyAndNeverWait) {
  auto dir = std::filesystem::temp_directory_path() /
             ("eddy-read-connection-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  {
    Store store(dir.string());
    expect_readers_beside_the_writer(store);
  }
  std::filesystem::remove_all(dir);
}

TEST(StoreReadConnection, InMemoryStoresAreSeparate) {
  Store first(""), second("");
  migrate(first.db(), "read-test", kReadMigrations);
  migrate(second.db(), "read-test", kReadMigrations);
  insert_read_row(first.db(), "only in the first");
  EXPECT_EQ(count_read_rows(first.reader().db()), 1);
  EXPECT_EQ(count_read_rows(second.reader().db()), 0);
}

TEST(StoreReadConnection, ReadsOnOtherThreadsSeeEveryAcknowledgedWrite) {
  // The writer commits rows 1..N one by one, waiting for the reads in its way, and after each
  // commit publishes N; readers on other threads must always count at least the published N.
  Store store("");
  migrate(store.db(), "read-test", kReadMigrations);
  constexpr int kRows = 3000;
  std::atomic<int> acknowledged{0};
  std::atomic<bool> stale{false};
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t)
    readers.emplace_back([&] {
      while (acknowledged.load() < kRows) {
        int before = acknowledged.load();
        auto reader = store.reader();
        if (count_read_rows(reader.db()) < before) stale = true;
      }
    });
  std::string padding(600, 'x');  // a few rows a page: the table grows page by page
  for (int i = 1; i <= kRows; ++i) {
    {
      auto lock = store.lock();
      Transaction tx(store.db());
      insert_read_row(store.db(), padding);
      tx.commit();
    }
    acknowledged = i;
  }
  for (auto& thread : readers) thread.join();
  EXPECT_FALSE(stale);
  EXPECT_EQ(count_read_rows(store.reader().db()), kRows);
}

TEST(StoreReadConnection, InMemoryReadersReadPagesInPlace) {
  Store store("");
  auto reader = store.reader();
  auto q = reader.db().query("PRAGMA mmap_size");
  ASSERT_TRUE(q->step());
  EXPECT_GT(q->int64(0), 0);
}

TEST(StoreReadConnection, InPlaceReadsFollowRewritesAndShrinkingOfTheFile) {
  // Readers read pages in place (shared_memory_vfs's xFetch): every kind of change the writer
  // makes to pages a reader read before (rows rewritten in place, pages freed, the file shrunk
  // by VACUUM, then grown again) must show at the reader's next read, never stale bytes.
  Store store("");
  migrate(store.db(), "read-test", kReadMigrations);
  auto reader = store.reader();
  auto sum_lengths = [](Database& db) {
    auto q = db.query("SELECT COALESCE(SUM(LENGTH(v)), 0) FROM r");
    q->step();
    return q->int64(0);
  };
  std::string wide(900, 'w');
  for (int i = 0; i < 400; ++i) insert_read_row(store.db(), wide);
  EXPECT_EQ(sum_lengths(reader.db()), 400 * 900);
  store.db().exec("UPDATE r SET v = substr(v, 1, 300)");
  EXPECT_EQ(sum_lengths(reader.db()), 400 * 300);
  store.db().exec("DELETE FROM r WHERE id > 50");
  EXPECT_EQ(count_read_rows(reader.db()), 50);
  store.db().exec("VACUUM");
  EXPECT_EQ(count_read_rows(reader.db()), 50);
  EXPECT_EQ(sum_lengths(reader.db()), 50 * 300);
  for (int i = 0; i < 200; ++i) insert_read_row(store.db(), wide);
  EXPECT_EQ(count_read_rows(reader.db()), 250);
  EXPECT_EQ(sum_lengths(reader.db()), 50 * 300 + 200 * 900);
}

TEST(StoreReadConnection, InMemoryRollbacksRestoreEveryPageWhateverTheJournalHeldBefore) {
  // The in-memory writer journals into a file of shared_memory_vfs that keeps its buffers between
  // transactions (journal_mode TRUNCATE): a rollback must restore exactly the pages of its own
  // transaction, whether the journal grew past what it keeps, or the stale records of a larger
  // earlier transaction still lie past its end.
  Store store("");
  migrate(store.db(), "read-test", kReadMigrations);
  auto rows_of = [](Database& db, const std::string& letter) {
    auto q = db.query("SELECT COUNT(*) FROM r WHERE v = ? AND length(v) = 700");
    q->bind(1, std::string(700, letter[0]));
    q->step();
    return q->int64(0);
  };
  auto expect_only = [&](const std::string& letter) {
    EXPECT_EQ(rows_of(store.db(), letter), 3000);
    EXPECT_EQ(count_read_rows(store.db()), 3000);
    EXPECT_EQ(rows_of(store.reader().db(), letter), 3000);
  };
  auto rewrite_and_roll_back = [&](const std::string& where) {
    Transaction undone(store.db());
    store.db().exec("UPDATE r SET v = v || 'x' " + where);
    store.db().exec("DELETE FROM r WHERE id % 7 = 0");
    insert_read_row(store.db(), std::string(5000, 'y'));
  };
  {
    Transaction fill(store.db());
    for (int i = 0; i < 3000; ++i) insert_read_row(store.db(), std::string(700, 'a'));
    fill.commit();
  }
  rewrite_and_roll_back("");  // every page: a journal of megabytes, more than is kept
  expect_only("a");
  // Every page rewritten and committed: the journal now holds every page's earlier image.
  store.db().exec("UPDATE r SET v = replace(v, 'a', 'e')");
  expect_only("e");
  // A few pages undone: the earlier images past this journal's end must not come back.
  rewrite_and_roll_back("WHERE id < 20");
  expect_only("e");
  auto check = store.db().query("PRAGMA integrity_check");
  ASSERT_TRUE(check->step());
  EXPECT_EQ(check->string(0), "ok");
}

TEST(StoreReadConnection, InMemoryCommitWaitsOutAReadLongerThanOneLockWait) {
  // shared_memory_vfs waits up to a couple of milliseconds for a lock before answering
  // SQLITE_BUSY, and the busy handler retries: a read transaction held much longer than that
  // delays the commit beside it, which then lands, neither failing nor showing in the snapshot.
  Store store("");
  migrate(store.db(), "read-test", kReadMigrations);
  insert_read_row(store.db(), "before");
  auto reader = store.reader();
  std::atomic<bool> committed{false};
  std::optional<ReadTransaction> snapshot(std::in_place, reader.db());
  EXPECT_EQ(count_read_rows(reader.db()), 1);
  std::thread writer([&] {
    insert_read_row(store.db(), "beside the snapshot");
    committed = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(40));
  EXPECT_FALSE(committed);
  EXPECT_EQ(count_read_rows(reader.db()), 1);
  snapshot.reset();
  writer.join();
  EXPECT_TRUE(committed);
  EXPECT_EQ(count_read_rows(reader.db()), 2);
  // Readers on other threads while the writer commits row after row: none is refused.
  std::atomic<bool> writing{true};
  std::atomic<int> reads{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 2; ++t)
    readers.emplace_back([&] {
      while (writing) {
        auto own = store.reader();
        EXPECT_GE(count_read_rows(own.db()), 2);
        ++reads;
      }
    });
  // Until the readers have read beside a good many commits (bounded, should they never get in).
  int written = 0;
  while ((written < 500 || reads < 200) && written < 200000)
    insert_read_row(store.db(), "row " + std::to_string(written++));
  writing = false;
  for (auto& thread : readers) thread.join();
  EXPECT_GE(reads.load(), 200);
  EXPECT_EQ(count_read_rows(reader.db()), 2 + written);
}
