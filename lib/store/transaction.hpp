#pragma once
// A write transaction: committed explicitly, rolled back if the scope is left without commit(),
// so an AwsError thrown half-way changes nothing. Inside another transaction it is a savepoint:
// SNS delivering into SQS can undo one delivery without undoing the publish.
#include "store/database.hpp"

namespace eddy::store {

class Transaction {
 public:
  explicit Transaction(Database& db)
      : db_(db),
        nested_(sqlite3_get_autocommit(db.handle()) == 0),
        actions_before_(db.after_commit_.size()) {
    db_.query(nested_ ? "SAVEPOINT nested" : "BEGIN IMMEDIATE")->run();
  }
  ~Transaction() {
    if (done_) return;
    db_.after_commit_.resize(actions_before_);
    try {
      if (nested_) {
        db_.query("ROLLBACK TO nested")->run();
        db_.query("RELEASE nested")->run();
      } else {
        db_.query("ROLLBACK")->run();
      }
    } catch (...) {
      // SQLite already rolled back after a hard failure; nothing left to undo.
    }
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  void commit() {
    db_.query(nested_ ? "RELEASE nested" : "COMMIT")->run();
    done_ = true;
    if (nested_) return;
    auto actions = std::move(db_.after_commit_);
    db_.after_commit_.clear();
    for (auto& action : actions) action();
  }

 private:
  Database& db_;
  bool nested_;
  std::size_t actions_before_;  // after_commit actions asked before this (save)point
  bool done_ = false;
};

}  // namespace eddy::store
