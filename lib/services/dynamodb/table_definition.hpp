#pragma once
// Reads a CreateTable request (and UpdateTable's new GSIs) into a Table, checking it as AWS does:
// key schemas against attribute definitions, index key schemas, projections, capacity per
// billing mode.
#include "eddy/json.hpp"
#include "services/dynamodb/table.hpp"

namespace eddy::services::dynamodb {

// The definition CreateTable asks for; identity, ARN and timestamps are the caller's to fill.
Table table_from_create_request(const json& input);

// A GlobalSecondaryIndexUpdates Create entry for `table`, whose attribute types already include
// the request's AttributeDefinitions.
SecondaryIndex global_index_from_request(const json& entry, const Table& table);

// Reads ProvisionedThroughput into (read, write), checking bounds.
std::pair<std::int64_t, std::int64_t> read_throughput(const json& throughput);

}  // namespace eddy::services::dynamodb
