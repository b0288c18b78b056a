#pragma once
// The event-source mappings' tables, created and upgraded by numbered migrations under the owner
// "lambda_event_sources".
#include "store/database.hpp"

namespace eddy::services::lambda::event_sources {

void migrate_event_source_schema(store::Database& db);

}  // namespace eddy::services::lambda::event_sources
