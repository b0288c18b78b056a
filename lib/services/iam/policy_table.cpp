#include "services/iam/policy_table.hpp"

namespace eddy::services::iam::policy_table {
namespace {

// Rows as the queries below select them (one literal each: the statement cache keys on the text).
ManagedPolicy read_policy(store::Statement& row) {
  ManagedPolicy policy;
  policy.policy_id = row.string(0);
  policy.account = row.string(1);
  policy.name = row.string(2);
  policy.path = row.string(3);
  policy.arn = row.string(4);
  policy.description = row.optional_string(5);
  policy.create_date = row.string(6);
  policy.update_date = policy.create_date;  // one version: never updated
  policy.document = row.string(7);
  policy.tags = json::parse(row.text(8));
  return policy;
}

}  // namespace

void insert(store::Database& db, const ManagedPolicy& policy) {
  db.query(
        "INSERT INTO iam_policies (policy_id, account, name, path, arn, description, "
        "create_date, document, tags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
      ->bind(1, policy.policy_id)
      .bind(2, policy.account)
      .bind(3, policy.name)
      .bind(4, policy.path)
      .bind(5, policy.arn)
      .bind(6, policy.description)
      .bind(7, policy.create_date)
      .bind(8, policy.document)
      .bind(9, policy.tags.dump())
      .run();
}

std::optional<ManagedPolicy> find_by_arn(store::Database& db, std::string_view arn) {
  auto q = db.query(
      "SELECT policy_id, account, name, path, arn, description, create_date, document, tags "
      "FROM iam_policies WHERE arn = ?");
  q->bind(1, arn);
  if (!q->step()) return std::nullopt;
  return read_policy(*q);
}

std::optional<ManagedPolicy> find_by_name(store::Database& db, std::string_view account,
                                          std::string_view name) {
  auto q = db.query(
      "SELECT policy_id, account, name, path, arn, description, create_date, document, tags "
      "FROM iam_policies WHERE account = ? AND name = ?");
  q->bind(1, account).bind(2, name);
  if (!q->step()) return std::nullopt;
  return read_policy(*q);
}

std::vector<ManagedPolicy> list(store::Database& db, std::string_view account) {
  auto q = db.query(
      "SELECT policy_id, account, name, path, arn, description, create_date, document, tags "
      "FROM iam_policies WHERE account = ? ORDER BY name");
  q->bind(1, account);
  std::vector<ManagedPolicy> out;
  while (q->step()) out.push_back(read_policy(*q));
  return out;
}

void remove(store::Database& db, const std::string& arn) {
  db.query("DELETE FROM iam_policies WHERE arn = ?")->bind(1, arn).run();
}

}  // namespace eddy::services::iam::policy_table
