#pragma once
// Roles in SQLite, with their inline policies and managed-policy attachments. Callers hold the
// store lock; writers open their own transaction.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "services/iam/iam_model.hpp"
#include "store/database.hpp"

namespace eddy::services::iam::role_table {

void insert(store::Database& db, const Role& role);
// By name, ignoring case as IAM does.
std::optional<Role> find(store::Database& db, std::string_view account, std::string_view name);
std::vector<Role> list(store::Database& db, std::string_view account);
// Writes the role's changeable fields: trust policy, description, session duration, tags.
void update(store::Database& db, const Role& role);
void remove(store::Database& db, const std::string& role_id);

// Inline policies: {name, document}, by name.
void put_inline_policy(store::Database& db, const std::string& role_id, const std::string& name,
                       const std::string& document);
std::optional<std::string> inline_policy(store::Database& db, const std::string& role_id,
                                         const std::string& name);
// False when the role has no such policy.
bool delete_inline_policy(store::Database& db, const std::string& role_id, const std::string& name);
std::vector<std::pair<std::string, std::string>> inline_policies(store::Database& db,
                                                                 const std::string& role_id);

// Attachments. attach() is false when already attached, detach() when not attached.
bool attach(store::Database& db, const std::string& role_id, const std::string& policy_arn);
bool detach(store::Database& db, const std::string& role_id, const std::string& policy_arn);
std::vector<std::string> attached_policies(store::Database& db, const std::string& role_id);
// How many roles of `account` have `policy_arn` attached.
std::int64_t attachment_count(store::Database& db, std::string_view account,
                              const std::string& policy_arn);

}  // namespace eddy::services::iam::role_table
