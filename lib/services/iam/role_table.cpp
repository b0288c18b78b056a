#include "services/iam/role_table.hpp"

namespace eddy::services::iam::role_table {
namespace {

// Rows as the queries below select them (one literal each: the statement cache keys on the text).
Role read_role(store::Statement& row) {
  Role role;
  role.role_id = row.string(0);
  role.account = row.string(1);
  role.name = row.string(2);
  role.path = row.string(3);
  role.arn = row.string(4);
  role.create_date = row.string(5);
  role.trust_policy = row.string(6);
  role.description = row.optional_string(7);
  role.max_session_duration = row.int64(8);
  role.tags = json::parse(row.text(9));
  return role;
}

}  // namespace

void insert(store::Database& db, const Role& role) {
  db.query(
        "INSERT INTO iam_roles (role_id, account, name, path, arn, create_date, trust_policy, "
        "description, max_session_duration, tags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      ->bind(1, role.role_id)
      .bind(2, role.account)
      .bind(3, role.name)
      .bind(4, role.path)
      .bind(5, role.arn)
      .bind(6, role.create_date)
      .bind(7, role.trust_policy)
      .bind(8, role.description)
      .bind(9, role.max_session_duration)
      .bind(10, role.tags.dump())
      .run();
}

std::optional<Role> find(store::Database& db, std::string_view account, std::string_view name) {
  auto q = db.query(
      "SELECT role_id, account, name, path, arn, create_date, trust_policy, description, "
      "max_session_duration, tags FROM iam_roles WHERE account = ? AND name = ?");
  q->bind(1, account).bind(2, name);
  if (!q->step()) return std::nullopt;
  return read_role(*q);
}

std::vector<Role> list(store::Database& db, std::string_view account) {
  auto q = db.query(
      "SELECT role_id, account, name, path, arn, create_date, trust_policy, description, "
      "max_session_duration, tags FROM iam_roles WHERE account = ? ORDER BY name");
  q->bind(1, account);
  std::vector<Role> roles;
  while (q->step()) roles.push_back(read_role(*q));
  return roles;
}

void update(store::Database& db, const Role& role) {
  db.query(
        "UPDATE iam_roles SET trust_policy = ?, description = ?, max_session_duration = ?, "
        "tags = ? WHERE role_id = ?")
      ->bind(1, role.trust_policy)
      .bind(2, role.description)
      .bind(3, role.max_session_duration)
      .bind(4, role.tags.dump())
      .bind(5, role.role_id)
      .run();
}

void remove(store::Database& db, const std::string& role_id) {
  db.query("DELETE FROM iam_roles WHERE role_id = ?")->bind(1, role_id).run();
}

void put_inline_policy(store::Database& db, const std::string& role_id, const std::string& name,
                       const std::string& document) {
  db.query(
        "INSERT INTO iam_role_policies (role_id, name, document) VALUES (?, ?, ?) "
        "ON CONFLICT (role_id, name) DO UPDATE SET document = excluded.document")
      ->bind(1, role_id)
      .bind(2, name)
      .bind(3, document)
      .run();
}

std::optional<std::string> inline_policy(store::Database& db, const std::string& role_id,
                                         const std::string& name) {
  auto q = db.query("SELECT document FROM iam_role_policies WHERE role_id = ? AND name = ?");
  q->bind(1, role_id).bind(2, name);
  if (!q->step()) return std::nullopt;
  return q->string(0);
}

bool delete_inline_policy(store::Database& db, const std::string& role_id,
                          const std::string& name) {
  db.query("DELETE FROM iam_role_policies WHERE role_id = ? AND name = ?")
      ->bind(1, role_id)
      .bind(2, name)
      .run();
  return db.changes() > 0;
}

std::vector<std::pair<std::string, std::string>> inline_policies(store::Database& db,
                                                                 const std::string& role_id) {
  auto q = db.query("SELECT name, document FROM iam_role_policies WHERE role_id = ? ORDER BY name");
  q->bind(1, role_id);
  std::vector<std::pair<std::string, std::string>> out;
  while (q->step()) out.emplace_back(q->string(0), q->string(1));
  return out;
}

bool attach(store::Database& db, const std::string& role_id, const std::string& policy_arn) {
  db.query("INSERT OR IGNORE INTO iam_role_attachments (role_id, policy_arn) VALUES (?, ?)")
      ->bind(1, role_id)
      .bind(2, policy_arn)
      .run();
  return db.changes() > 0;
}

bool detach(store::Database& db, const std::string& role_id, const std::string& policy_arn) {
  db.query("DELETE FROM iam_role_attachments WHERE role_id = ? AND policy_arn = ?")
      ->bind(1, role_id)
      .bind(2, policy_arn)
      .run();
  return db.changes() > 0;
}

std::vector<std::string> attached_policies(store::Database& db, const std::string& role_id) {
  auto q =
      db.query("SELECT policy_arn FROM iam_role_attachments WHERE role_id = ? ORDER BY policy_arn");
  q->bind(1, role_id);
  std::vector<std::string> out;
  while (q->step()) out.push_back(q->string(0));
  return out;
}

std::int64_t attachment_count(store::Database& db, std::string_view account,
                              const std::string& policy_arn) {
  auto q = db.query(
      "SELECT COUNT(*) FROM iam_role_attachments a JOIN iam_roles r ON r.role_id = a.role_id "
      "WHERE a.policy_arn = ? AND r.account = ?");
  q->bind(1, policy_arn).bind(2, account);
  q->step();
  return q->int64(0);
}

}  // namespace eddy::services::iam::role_table
