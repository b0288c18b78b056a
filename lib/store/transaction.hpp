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
        actions_before_(db.after_commit_.size()),
        undo_before_(db.on_rollback_.size()) {
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
    while (db_.on_rollback_.size() > undo_before_) {
      auto undo = std::move(db_.on_rollback_.back());
      db_.on_rollback_.pop_back();
      undo();
    }
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  void commit() {
    db_.query(nested_ ? "RELEASE nested" : "COMMIT")->run();
    done_ = true;
    if (nested_) return;
    db_.on_rollback_.clear();
    auto actions = std::move(db_.after_commit_);
    db_.after_commit_.clear();
    for (auto& action : actions) action();
  }

 private:
  Database& db_;
  bool nested_;
  std::size_t actions_before_;  // after_commit actions asked before this (save)point
  std::size_t undo_before_;     // on_rollback actions likewise
  bool done_ = false;
};

// A read transaction on a read connection: every statement in it reads one snapshot (the one
// its first statement finds), so a read of several rows sees no write land half-way through.
class ReadTransaction {
 public:
  explicit ReadTransaction(Database& db) : db_(db) { db_.query("BEGIN")->run(); }
  ~ReadTransaction() {
    try {
      db_.query("COMMIT")->run();
    } catch (...) {
      // Only a failed read could leave it open; SQLite ends it when the statement failed.
    }
  }
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

 private:
  Database& db_;
};

}  // namespace eddy::store
