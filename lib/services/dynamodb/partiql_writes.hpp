#pragma once
// A parsed PartiQL statement bound to its table: the one item an INSERT, UPDATE, DELETE or EXISTS
// addresses, as the ItemWrite that ExecuteStatement, BatchExecuteStatement and ExecuteTransaction
// run, and the key a SELECT that reads one item pins down.
#include "eddy/json.hpp"
#include "services/dynamodb/partiql/partiql_statement.hpp"
#include "services/dynamodb/table.hpp"
#include "services/dynamodb/transaction_writer.hpp"

namespace eddy::services::dynamodb {

// The table's key as the WHERE fixes it: exactly one value per key attribute, of its type.
// Throws ValidationException "Where clause does not contain a mandatory equality on all key
// attributes" otherwise.
json pinned_key(const Table& table, const partiql::Statement& statement);

// True when the WHERE fixes exactly one value for each of `keys`' attributes.
bool pins_key(const KeySchemaNames& keys, const partiql::Statement& statement);

// INSERT, UPDATE, DELETE or EXISTS as one write on `table`. `old_on_failure`: a failed condition
// carries the item (ReturnValuesOnConditionCheckFailure ALL_OLD).
ItemWrite partiql_item_write(TablePtr table, const partiql::Statement& statement,
                             bool old_on_failure);

bool is_partiql_read(const partiql::Statement& statement);

}  // namespace eddy::services::dynamodb
