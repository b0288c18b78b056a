#pragma once
// A prepared SQLite statement: bind by position (1-based), step through rows, read columns.
#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace eddy::store {

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, double value);
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, const std::string& text) {
    return bind(index, std::string_view(text));
  }
  Statement& bind_blob(int index, std::string_view bytes);
  // Bound without a copy (SQLITE_STATIC), for text the caller keeps alive and unchanged until
  // the statement is reset (a Query resets and unbinds it when it goes): spares SQLite's
  // allocation and copy per value, worth it for keys and items bound on every write.
  Statement& bind_unowned(int index, std::string_view text);
  Statement& bind_blob_unowned(int index, std::string_view bytes);
  template <class T>
  Statement& bind_unowned(int index, const std::optional<T>& text) {
    return text ? bind_unowned(index, std::string_view(*text)) : bind_null(index);
  }
  Statement& bind_null(int index);
  template <class T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind_null(index);
  }

  // Advances to the next row; false when done. Throws on error.
  bool step();
  // Runs a statement that returns no rows.
  void run();
  void reset();

  bool is_null(int column) const;
  std::int64_t int64(int column) const;
  double real(int column) const;
  std::string_view text(int column) const;  // valid until the next step or reset
  std::string string(int column) const { return std::string(text(column)); }
  std::optional<std::string> optional_string(int column) const;
  std::optional<std::int64_t> optional_int64(int column) const;

 private:
  sqlite3_stmt* stmt_ = nullptr;
  sqlite3* db_;
};

// A cached statement in use: reset and unbound when it goes out of scope, so the cache
// always hands out a clean statement.
class Query {
 public:
  explicit Query(Statement& statement) : statement_(&statement) {}
  ~Query() { statement_->reset(); }
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  Statement* operator->() { return statement_; }
  Statement& operator*() { return *statement_; }

 private:
  Statement* statement_;
};

}  // namespace eddy::store
