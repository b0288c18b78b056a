#pragma once
#include "store/database.hpp"

namespace eddy::services::dynamodbstreams {

void migrate_dynamodbstreams_schema(store::Database& db);

}  // namespace eddy::services::dynamodbstreams
