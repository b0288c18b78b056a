#pragma once
// Kinesis's tables, created and upgraded by numbered migrations.
#include "store/database.hpp"

namespace eddy::services::kinesis {

void migrate_kinesis_schema(store::Database& db);

}  // namespace eddy::services::kinesis
