#pragma once
// Customer managed policies in SQLite. Callers hold the store lock.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/iam/iam_model.hpp"
#include "store/database.hpp"

namespace eddy::services::iam::policy_table {

void insert(store::Database& db, const ManagedPolicy& policy);
std::optional<ManagedPolicy> find_by_arn(store::Database& db, std::string_view arn);
// By name, ignoring case as IAM does.
std::optional<ManagedPolicy> find_by_name(store::Database& db, std::string_view account,
                                          std::string_view name);
std::vector<ManagedPolicy> list(store::Database& db, std::string_view account);
void remove(store::Database& db, const std::string& arn);

}  // namespace eddy::services::iam::policy_table
