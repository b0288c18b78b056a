#pragma once
// SQS's tables, created and upgraded through numbered migrations.
#include "store/database.hpp"

namespace eddy::services::sqs {

void migrate_schema(store::Database& db);

}  // namespace eddy::services::sqs
