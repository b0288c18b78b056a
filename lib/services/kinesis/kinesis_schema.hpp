#pragma once
// Kinesis's tables, created and upgraded by numbered migrations.
#include <span>

#include "store/database.hpp"
#include "store/migrations.hpp"

namespace eddy::services::kinesis {

void migrate_kinesis_schema(store::Database& db);
// The numbered migrations themselves, for a test that starts from an older schema.
std::span<const store::Migration> kinesis_migrations();

}  // namespace eddy::services::kinesis
