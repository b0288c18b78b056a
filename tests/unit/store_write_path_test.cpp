// The store's write path: writes queued together share one transaction, each gets its own result
// only once that transaction has committed, an AwsError fails only its own write, and any other
// failure rolls the whole group back.
#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <future>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "eddy/aws_error.hpp"
#include "store/store.hpp"

namespace eddy::store {
namespace {

class WritePathTest : public ::testing::Test {
 protected:
  WritePathTest() {
    auto lock = store.lock();
    store.db().exec("CREATE TABLE t (value INTEGER NOT NULL)");
  }
  ~WritePathTest() override {
    work.reset();
    for (auto& thread : threads) thread.join();
  }

  // Runs `write` through the store's write path from a coroutine on its own strand, as a request
  // would.
  template <class Write>
  auto submit(Write write) {
    using Result = std::invoke_result_t<Write&, Database&>;
    return asio::co_spawn(
        asio::make_strand(io),
        [this, write = std::move(write)]() -> Awaitable<Result> {
          co_return co_await store.write(write);
        },
        asio::use_future);
  }

  std::int64_t rows() {
    auto lock = store.lock();
    auto q = store.db().query("SELECT COUNT(*) FROM t");
    q->step();
    return q->int64(0);
  }

  // Three writes queued while the store is held, so they form one group; the middle one inserts
  // 2 and then throws `failure`.
  template <typename Failure>
  std::array<std::future<int>, 3> one_group_failing_midway(Failure failure) {
    auto lock = store.lock();
    std::array<std::future<int>, 3> out{submit([](Database& db) { return insert(db, 1); }),
                                        submit([failure](Database& db) -> int {
                                          insert(db, 2);
                                          throw failure;
                                        }),
                                        submit([](Database& db) { return insert(db, 3); })};
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    return out;
  }

  static int insert(Database& db, int value) {
    db.query("INSERT INTO t (value) VALUES (?)")->bind(1, value).run();
    return value;
  }

  Store store{""};
  asio::io_context io;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work{
      asio::make_work_guard(io)};
  std::vector<std::thread> threads = [this] {
    std::vector<std::thread> out;
    for (int i = 0; i < 2; ++i) out.emplace_back([this] { io.run(); });
    return out;
  }();
};

TEST_F(WritePathTest, EveryWriteCommitsAndGetsItsOwnResult) {
  std::vector<std::future<int>> results;
  for (int i = 0; i < 200; ++i)
    results.push_back(submit([i](Database& db) { return insert(db, i); }));
  for (int i = 0; i < 200; ++i) EXPECT_EQ(results[i].get(), i);
  EXPECT_EQ(rows(), 200);
}

TEST_F(WritePathTest, ResultsKeepTheirTypeAndAWriteMayReturnNothing) {
  auto text = submit([](Database&) { return std::string("typed"); });
  auto nothing = submit([](Database& db) { insert(db, 1); });
  EXPECT_EQ(text.get(), "typed");
  nothing.get();
  EXPECT_EQ(rows(), 1);
}

TEST_F(WritePathTest, AWriterResumesOnlyOnceItsWholeGroupHasCommitted) {
  std::atomic<bool> committed = false;
  std::future<void> leader, slow;
  std::future<bool> watched;
  {
    auto lock = store.lock();  // all three queue before the group starts
    // The first writer drains the group itself; the one watched waits to be resumed.
    leader = submit([](Database& db) { insert(db, 1); });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    watched = submit([&](Database& db) {
      insert(db, 2);
      db.after_commit([&] { committed = true; });
      return true;
    });
    slow = submit([](Database& db) {
      insert(db, 3);
      // Still in the group's transaction: the watched writer must not have its answer yet.
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  watched.get();
  EXPECT_TRUE(committed) << "a writer had its answer before its group committed";
  leader.get();
  slow.get();
  EXPECT_EQ(rows(), 3);
}

TEST_F(WritePathTest, WritesQueuedDuringADrainRunNextInTheOrderTheyArrived) {
  std::promise<void> started, release;
  std::atomic<int> ran = 0;
  auto released = release.get_future().share();
  auto held = submit([&](Database& db) {
    started.set_value();
    released.wait();  // the drain under way, on one io thread, holds the store
    return insert(db, 0);
  });
  started.get_future().wait();
  // From one strand, so they queue in this order, behind the drain.
  auto strand = asio::make_strand(io);
  std::vector<std::future<int>> queued;
  for (int i = 1; i <= 5; ++i)
    queued.push_back(asio::co_spawn(
        strand,
        [this, i, &ran]() -> Awaitable<int> {
          co_return co_await store.write([i, &ran](Database& db) {
            ++ran;
            return insert(db, i);
          });
        },
        asio::use_future));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(ran, 0) << "a write ran beside the drain under way";
  release.set_value();
  EXPECT_EQ(held.get(), 0);
  for (int i = 1; i <= 5; ++i) EXPECT_EQ(queued[i - 1].get(), i);
  auto lock = store.lock();
  auto q = store.db().query("SELECT value FROM t ORDER BY rowid");
  for (int i = 0; i <= 5; ++i) {
    ASSERT_TRUE(q->step());
    EXPECT_EQ(q->int64(0), i);
  }
}

TEST_F(WritePathTest, EveryWriterResumesOnItsOwnStrand) {
  std::vector<std::future<bool>> on_own_strand;
  for (int i = 0; i < 100; ++i) {
    auto strand = asio::make_strand(io);
    on_own_strand.push_back(asio::co_spawn(
        strand,
        [this, strand, i]() -> Awaitable<bool> {
          co_await store.write([i](Database& db) { insert(db, i); });
          co_return strand.running_in_this_thread();
        },
        asio::use_future));
  }
  for (auto& resumed : on_own_strand) EXPECT_TRUE(resumed.get());
  EXPECT_EQ(rows(), 100);
}

TEST_F(WritePathTest, WritesAbandonedAtShutdownAreDestroyedWithTheirExecutor) {
  auto sentinel = std::make_shared<int>(0);  // held by each waiting writer's frame
  std::promise<void> started, release;
  auto released = release.get_future().share();
  auto held = submit([&](Database& db) {
    started.set_value();
    released.wait();
    insert(db, 0);
  });
  started.get_future().wait();
  {
    // An executor whose thread has stopped: its writers queue behind the drain, and the wake-up
    // the drain then posts to one of them never runs.
    asio::io_context stopped;
    for (int i = 1; i <= 2; ++i)
      asio::co_spawn(
          stopped,
          [this, i, sentinel]() -> Awaitable<void> {
            co_await store.write([i](Database& db) { insert(db, i); });
          },
          asio::detached);
    stopped.poll();
    EXPECT_EQ(sentinel.use_count(), 3);
    release.set_value();
    held.get();
    store.abandon_queued_writes();
  }
  EXPECT_EQ(sentinel.use_count(), 1) << "an abandoned writer's frame outlived its executor";
  EXPECT_EQ(submit([](Database& db) { return insert(db, 3); }).get(), 3);
}

TEST_F(WritePathTest, AnAwsErrorFailsOnlyItsOwnWrite) {
  auto before = submit([](Database& db) { return insert(db, 1); });
  auto failing = submit([](Database&) -> int { throw AwsError("InvalidParameterValue", "bad"); });
  auto after = submit([](Database& db) { return insert(db, 2); });
  EXPECT_EQ(before.get(), 1);
  EXPECT_THROW(failing.get(), AwsError);
  EXPECT_EQ(after.get(), 2);
  EXPECT_EQ(rows(), 2);
}

TEST_F(WritePathTest, AnAwsErrorAfterAWriteUndoesThatWriteOnly) {
  auto [first, half_done, last] =
      one_group_failing_midway(AwsError("InvalidParameterValue", "found out too late"));
  EXPECT_EQ(first.get(), 1);
  EXPECT_THROW(half_done.get(), AwsError);
  EXPECT_EQ(last.get(), 3);
  EXPECT_EQ(rows(), 2);
}

TEST_F(WritePathTest, AnUndoneWriteRunsNoneOfItsAfterCommitActions) {
  std::atomic<int> ran = 0;
  std::future<void> kept, undone;
  {
    auto lock = store.lock();
    kept = submit([&](Database& db) { db.after_commit([&] { ran += 1; }); });
    undone = submit([&](Database& db) {
      db.after_commit([&] { ran += 10; });
      throw AwsError("InvalidParameterValue", "undone");
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  kept.get();
  EXPECT_THROW(undone.get(), AwsError);
  EXPECT_EQ(ran, 1);
}

TEST_F(WritePathTest, AnyOtherFailureRollsTheGroupBack) {
  auto [first, broken, last] = one_group_failing_midway(std::runtime_error("disk on fire"));
  EXPECT_THROW(first.get(), std::runtime_error);
  EXPECT_THROW(broken.get(), std::runtime_error);
  EXPECT_THROW(last.get(), std::runtime_error);
  EXPECT_EQ(rows(), 0);
  EXPECT_EQ(submit([](Database& db) { return insert(db, 4); }).get(), 4);
}

TEST_F(WritePathTest, AFailedGroupUndoesWhatItsWritesChangedInMemory) {
  std::atomic<int> cached = 0;  // stands for a service's in-memory cache
  std::future<void> kept, broken;
  {
    auto lock = store.lock();
    kept = submit([&](Database& db) {
      cached += 1;
      db.on_rollback([&] { cached -= 1; });
    });
    broken = submit([](Database&) { throw std::runtime_error("disk on fire"); });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_THROW(kept.get(), std::runtime_error);
  EXPECT_THROW(broken.get(), std::runtime_error);
  EXPECT_EQ(cached, 0);
}

}  // namespace
}  // namespace eddy::store
