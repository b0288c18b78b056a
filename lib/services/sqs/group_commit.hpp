#pragma once
// Writes that arrive together share one transaction: each request queues its write; the first
// to find no drain under way drains the queue itself, running every queued write under the store
// lock in one transaction that commits once, then resumes each other request with its own result.
// Every response still follows its commit, but SQLite journals each touched page once per group
// instead of once per message, and the store lock is taken once per group, not per request.
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "core/asio.hpp"
#include "eddy/json.hpp"
#include "store/store.hpp"

namespace eddy::services::sqs {

class GroupCommit {
 public:
  // A write runs with the store lock held, in its own savepoint inside the group's transaction.
  // An AwsError undoes that write alone and fails only its own request; any other failure fails
  // the whole group, which is rolled back.
  using Write = std::function<json(store::Database&)>;

  GroupCommit(store::Store& store, asio::io_context& io);

  // Runs `write` in the next group and returns its result once the group has committed.
  // The calling coroutine must run on a strand.
  Awaitable<json> run(Write write);

 private:
  struct Pending;
  void drain();

  store::Store& store_;
  asio::io_context& io_;
  std::mutex mutex_;
  std::vector<std::shared_ptr<Pending>> queued_;
  bool drain_scheduled_ = false;
};

}  // namespace eddy::services::sqs
