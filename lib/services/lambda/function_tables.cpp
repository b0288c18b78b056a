#include "services/lambda/function_tables.hpp"

namespace eddy::services::lambda::tables {
namespace {

std::string dump_json(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

json parse_stored(std::string_view text, json fallback) {
  json parsed = json::parse(text, nullptr, false);
  return parsed.is_discarded() ? fallback : parsed;
}

std::vector<json> stored_configs(store::Query& q) {
  std::vector<json> out;
  while (q->step()) out.push_back(parse_stored(q->text(0), json::object()));
  return out;
}

}  // namespace

std::optional<FunctionRow> function(store::Database& db, const FunctionRef& ref) {
  auto q = db.query(
      "SELECT reserved_concurrency, tags, policy, policy_revision, last_version "
      "FROM lambda_functions WHERE account = ? AND region = ? AND name = ?");
  q->bind(1, ref.account).bind(2, ref.region).bind(3, ref.name);
  if (!q->step()) return std::nullopt;
  FunctionRow row;
  row.reserved_concurrency = q->optional_int64(0);
  row.tags = parse_stored(q->text(1), json::object());
  row.policy = parse_stored(q->text(2), json::array());
  row.policy_revision = q->string(3);
  row.last_version = q->int64(4);
  return row;
}

void insert_function(store::Database& db, const FunctionRef& ref, const FunctionRow& row) {
  auto q = db.query(
      "INSERT INTO lambda_functions (account, region, name, reserved_concurrency, tags, policy, "
      "policy_revision, last_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  q->bind(1, ref.account).bind(2, ref.region).bind(3, ref.name).bind(4, row.reserved_concurrency);
  q->bind(5, dump_json(row.tags)).bind(6, dump_json(row.policy)).bind(7, row.policy_revision);
  q->bind(8, row.last_version).run();
}

void update_function(store::Database& db, const FunctionRef& ref, const FunctionRow& row) {
  auto q = db.query(
      "UPDATE lambda_functions SET reserved_concurrency = ?, tags = ?, policy = ?, "
      "policy_revision = ?, last_version = ? WHERE account = ? AND region = ? AND name = ?");
  q->bind(1, row.reserved_concurrency).bind(2, dump_json(row.tags)).bind(3, dump_json(row.policy));
  q->bind(4, row.policy_revision).bind(5, row.last_version).bind(6, ref.account);
  q->bind(7, ref.region).bind(8, ref.name).run();
}

void delete_function(store::Database& db, const FunctionRef& ref) {
  for (const char* table : {"lambda_functions", "lambda_versions", "lambda_aliases",
                            "lambda_event_invoke_configs", "lambda_async_invocations"}) {
    auto q = db.query(std::string("DELETE FROM ") + table +
                      " WHERE account = ? AND region = ? AND name = ?");
    q->bind(1, ref.account).bind(2, ref.region).bind(3, ref.name).run();
  }
  collect_unused_code(db);
}

std::vector<std::string> function_names(store::Database& db, const std::string& account,
                                        const std::string& region, const std::string& after,
                                        int limit) {
  auto q = db.query(
      "SELECT name FROM lambda_functions WHERE account = ? AND region = ? AND name > ? "
      "ORDER BY name LIMIT ?");
  q->bind(1, account).bind(2, region).bind(3, after).bind(4, limit);
  std::vector<std::string> out;
  while (q->step()) out.push_back(q->string(0));
  return out;
}

std::int64_t reserved_total(store::Database& db, const std::string& account,
                            const std::string& region, const std::string& except_name) {
  auto q = db.query(
      "SELECT COALESCE(SUM(reserved_concurrency), 0) FROM lambda_functions WHERE account = ? AND "
      "region = ? AND name != ?");
  q->bind(1, account).bind(2, region).bind(3, except_name);
  return q->step() ? q->int64(0) : 0;
}

std::optional<json> version(store::Database& db, const FunctionRef& ref,
                            const std::string& version) {
  auto q = db.query(
      "SELECT config FROM lambda_versions WHERE account = ? AND region = ? AND name = ? AND "
      "version = ?");
  q->bind(1, ref.account).bind(2, ref.region).bind(3, ref.name).bind(4, version);
  if (!q->step()) return std::nullopt;
  return parse_stored(q->text(0), json::object());
}

void put_version(store::Database& db, const FunctionRef& ref, const std::string& version,
                 const std::string& code_sha256_hex, const json& config) {
  auto q = db.query(
      "INSERT OR REPLACE INTO lambda_versions (account, region, name, version, code_sha256_hex, "
      "config) VALUES (?, ?, ?, ?, ?, ?)");
  q->bind(1, ref.account).bind(2, ref.region).bind(3, ref.name).bind(4, version);
  q->bind(5, code_sha256_hex).bind(6, dump_json(config)).run();
}

void delete_version(store::Database& db, const FunctionRef& ref, const std::string& version) {
  auto q = db.query(
      "DELETE FROM lambda_versions WHERE account = ? AND region = ? AND name = ? AND version = ?");
  q->bind(1, ref.account).bind(2, ref.region).bind(3, ref.name).bind(4, version).run();
  auto configs = db.query(
      "DELETE FROM lambda_event_invoke_configs WHERE account = ? AND region = ? AND name = ? AND "
      "qualifier = ?");
  configs->bind(1, ref.account).bind(2, ref.region).bind(3, ref.name).bind(4, version).run();
  collect_unused_code(db);
}

std::vector<json> versions(store::Database& db, const FunctionRef& ref) {
  // "$LATEST" sorts before digits only by this explicit rule; numbers sort by value.
  auto q = db.query(
      "SELECT config FROM lambda_versions WHERE account = ? AND region = ? AND name = ? "
      "ORDER BY version != '$LATEST', CAST(version AS INTEGER)");
  q->bind(1, ref.account).bind(2, ref.region).bind(3, ref.name);
  return stored_configs(q);
}

std::optional<json> alias(store::Database& db, const FunctionRef& ref, const std::string& alias) {
  auto q = db.query(
      "SELECT config FROM lambda_aliases WHERE account = ? AND region = ? AND name = ? AND "
      "alias = ?");
  q->bind(1, ref.account).bind(2, ref.region).bind(3, ref.name).bind(4, alias);
  if (!q->step()) return std::nullopt;
  return parse_stored(q->text(0), json::object());
}

void put_alias(store::Database& db, const FunctionRef& ref, const std::string& alias,
               const json& config) {
  auto q = db.query(
      "INSERT OR REPLACE INTO lambda_aliases (account, region, name, alias, config) "
      "VALUES (?, ?, ?, ?, ?)");
  q->bind(1, ref.account).bind(2, ref.region).bind(3, ref.name).bind(4, alias);
  q->bind(5, dump_json(config)).run();
}

void delete_alias(store::Database& db, const FunctionRef& ref, const std::string& alias) {
  auto q = db.query(
      "DELETE FROM lambda_aliases WHERE account = ? AND region = ? AND name = ? AND alias = ?");
  q->bind(1, ref.account).bind(2, ref.region).bind(3, ref.name).bind(4, alias).run();
  auto configs = db.query(
      "DELETE FROM lambda_event_invoke_configs WHERE account = ? AND region = ? AND name = ? AND "
      "qualifier = ?");
  configs->bind(1, ref.account).bind(2, ref.region).bind(3, ref.name).bind(4, alias).run();
}

std::vector<json> aliases(store::Database& db, const FunctionRef& ref) {
  auto q = db.query(
      "SELECT config FROM lambda_aliases WHERE account = ? AND region = ? AND name = ? "
      "ORDER BY alias");
  q->bind(1, ref.account).bind(2, ref.region).bind(3, ref.name);
  return stored_configs(q);
}

void put_code(store::Database& db, const std::string& sha256_hex, const std::string& zip) {
  auto q = db.query("INSERT OR IGNORE INTO lambda_code (sha256_hex, zip) VALUES (?, ?)");
  q->bind(1, sha256_hex).bind_blob(2, zip).run();
}

std::optional<std::string> code(store::Database& db, const std::string& sha256_hex) {
  auto q = db.query("SELECT zip FROM lambda_code WHERE sha256_hex = ?");
  q->bind(1, sha256_hex);
  if (!q->step()) return std::nullopt;
  return q->string(0);
}

void collect_unused_code(store::Database& db) {
  db.exec(
      "DELETE FROM lambda_code WHERE sha256_hex NOT IN "
      "(SELECT code_sha256_hex FROM lambda_versions)");
}

std::optional<json> event_invoke_config(store::Database& db, const FunctionRef& ref,
                                        const std::string& qualifier) {
  auto q = db.query(
      "SELECT config FROM lambda_event_invoke_configs WHERE account = ? AND region = ? AND "
      "name = ? AND qualifier = ?");
  q->bind(1, ref.account).bind(2, ref.region).bind(3, ref.name).bind(4, qualifier);
  if (!q->step()) return std::nullopt;
  return parse_stored(q->text(0), json::object());
}

void put_event_invoke_config(store::Database& db, const FunctionRef& ref,
                             const std::string& qualifier, const json& config) {
  auto q = db.query(
      "INSERT OR REPLACE INTO lambda_event_invoke_configs (account, region, name, qualifier, "
      "config) VALUES (?, ?, ?, ?, ?)");
  q->bind(1, ref.account).bind(2, ref.region).bind(3, ref.name).bind(4, qualifier);
  q->bind(5, dump_json(config)).run();
}

void delete_event_invoke_config(store::Database& db, const FunctionRef& ref,
                                const std::string& qualifier) {
  auto q = db.query(
      "DELETE FROM lambda_event_invoke_configs WHERE account = ? AND region = ? AND name = ? AND "
      "qualifier = ?");
  q->bind(1, ref.account).bind(2, ref.region).bind(3, ref.name).bind(4, qualifier).run();
}

std::vector<json> event_invoke_configs(store::Database& db, const FunctionRef& ref) {
  auto q = db.query(
      "SELECT config FROM lambda_event_invoke_configs WHERE account = ? AND region = ? AND "
      "name = ? ORDER BY qualifier");
  q->bind(1, ref.account).bind(2, ref.region).bind(3, ref.name);
  return stored_configs(q);
}

}  // namespace eddy::services::lambda::tables
