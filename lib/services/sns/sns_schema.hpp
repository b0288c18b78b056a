#pragma once
// SNS's tables, created and upgraded by numbered migrations.
#include "store/database.hpp"

namespace eddy::services::sns {

void migrate_sns_schema(store::Database& db);

}  // namespace eddy::services::sns
