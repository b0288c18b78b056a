// GroupCommit: writes queued together share one transaction, each gets its own result, an
// AwsError fails only its own write, and any other failure rolls the whole group back.
#include <gtest/gtest.h>

#include <array>
#include <future>
#include <stdexcept>
#include <thread>
#include <vector>

#include "eddy/aws_error.hpp"
#include "services/sqs/group_commit.hpp"

namespace eddy::services::sqs {
namespace {

class GroupCommitTest : public ::testing::Test {
 protected:
  GroupCommitTest() {
    auto lock = store.lock();
    store.db().exec("CREATE TABLE t (value INTEGER NOT NULL)");
  }
  ~GroupCommitTest() override {
    work.reset();
    for (auto& thread : threads) thread.join();
  }

  std::future<json> submit(GroupCommit::Write write) {
    return asio::co_spawn(
        asio::make_strand(io),
        [this, write = std::move(write)]() -> Awaitable<json> {
          co_return co_await group.run(write);
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
  std::array<std::future<json>, 3> one_group_failing_midway(Failure failure) {
    auto lock = store.lock();
    std::array<std::future<json>, 3> out{submit([](store::Database& db) { return insert(db, 1); }),
                                         submit([failure](store::Database& db) -> json {
                                           insert(db, 2);
                                           throw failure;
                                         }),
                                         submit([](store::Database& db) { return insert(db, 3); })};
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    return out;
  }

  static json insert(store::Database& db, int value) {
    db.query("INSERT INTO t (value) VALUES (?)")->bind(1, value).run();
    return value;
  }

  store::Store store{""};
  asio::io_context io;
  GroupCommit group{store, io};
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work{
      asio::make_work_guard(io)};
  std::vector<std::thread> threads = [this] {
    std::vector<std::thread> out;
    for (int i = 0; i < 2; ++i) out.emplace_back([this] { io.run(); });
    return out;
  }();
};

TEST_F(GroupCommitTest, EveryWriteCommitsAndGetsItsOwnResult) {
  std::vector<std::future<json>> results;
  for (int i = 0; i < 200; ++i)
    results.push_back(submit([i](store::Database& db) { return insert(db, i); }));
  for (int i = 0; i < 200; ++i) EXPECT_EQ(results[i].get(), i);
  EXPECT_EQ(rows(), 200);
}

TEST_F(GroupCommitTest, AnAwsErrorFailsOnlyItsOwnWrite) {
  auto before = submit([](store::Database& db) { return insert(db, 1); });
  auto failing =
      submit([](store::Database&) -> json { throw AwsError("InvalidParameterValue", "bad"); });
  auto after = submit([](store::Database& db) { return insert(db, 2); });
  EXPECT_EQ(before.get(), 1);
  EXPECT_THROW(failing.get(), AwsError);
  EXPECT_EQ(after.get(), 2);
  EXPECT_EQ(rows(), 2);
}

TEST_F(GroupCommitTest, AnAwsErrorAfterAWriteUndoesThatWriteOnly) {
  auto [first, half_done, last] =
      one_group_failing_midway(AwsError("InvalidParameterValue", "found out too late"));
  EXPECT_EQ(first.get(), 1);
  EXPECT_THROW(half_done.get(), AwsError);
  EXPECT_EQ(last.get(), 3);
  EXPECT_EQ(rows(), 2);
}

TEST_F(GroupCommitTest, AnyOtherFailureRollsTheGroupBack) {
  auto [first, broken, last] = one_group_failing_midway(std::runtime_error("disk on fire"));
  EXPECT_THROW(first.get(), std::runtime_error);
  EXPECT_THROW(broken.get(), std::runtime_error);
  EXPECT_THROW(last.get(), std::runtime_error);
  EXPECT_EQ(rows(), 0);
  EXPECT_EQ(submit([](store::Database& db) { return insert(db, 4); }).get(), 4);
}

}  // namespace
}  // namespace eddy::services::sqs
