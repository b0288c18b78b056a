#pragma once
// IAM's tables, created and upgraded by numbered migrations.
#include "store/database.hpp"

namespace eddy::services::iam {

void migrate_iam_schema(store::Database& db);

}  // namespace eddy::services::iam
