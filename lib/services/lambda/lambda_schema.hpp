#pragma once
// Lambda's tables, created and upgraded by numbered migrations.
#include "store/database.hpp"

namespace eddy::services::lambda {

void migrate_lambda_schema(store::Database& db);

}  // namespace eddy::services::lambda
