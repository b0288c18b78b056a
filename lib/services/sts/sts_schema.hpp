#pragma once
// STS's tables, created and upgraded by numbered migrations.
#include "store/database.hpp"

namespace eddy::services::sts {

void migrate_sts_schema(store::Database& db);

}  // namespace eddy::services::sts
