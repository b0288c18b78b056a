#pragma once
// A write transaction: committed explicitly, rolled back if the scope is left without commit(),
// so an AwsError thrown half-way changes nothing. Inside another transaction it is a savepoint:
// SNS delivering into SQS can undo one delivery without undoing the publish.
#include "store/database.hpp"

namespace eddy::store {

class Transaction {
 public:
  explicit Transaction(Database& db) : db_(db), nested_(sqlite3_get_autocommit(db.handle()) == 0) {
    db_.query(nested_ ? "SAVEPOINT nested" : "BEGIN IMMEDIATE")->run();
  }
  ~Transaction() {
    if (done_) return;
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
  }

 private:
  Database& db_;
  bool nested_;
  bool done_ = false;
};

}  // namespace eddy::store
