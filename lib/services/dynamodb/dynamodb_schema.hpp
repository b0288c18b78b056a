#pragma once
// DynamoDB's tables (all named ddb_...), created and upgraded by numbered migrations.
#include "store/database.hpp"

namespace eddy::services::dynamodb {

void migrate_dynamodb_schema(store::Database& db);

}  // namespace eddy::services::dynamodb
