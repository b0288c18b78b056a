#pragma once
// The expressions of PutItem, UpdateItem and DeleteItem (UpdateExpression or AttributeUpdates,
// ConditionExpression or Expected), parsed and checked as AWS checks them. An expression request
// parsed once is not parsed again (when its members are small): its parse is a function of the
// expression members alone, so a request repeating them (a counter's "SET hits = hits + :one", a
// put's "attribute_not_exists(pk)") reuses the parsed form, which nothing changes after parsing.
#include <memory>

#include "eddy/json.hpp"
#include "services/dynamodb/expressions/condition.hpp"
#include "services/dynamodb/expressions/update.hpp"

namespace eddy::services::dynamodb {

struct WriteExpressions {
  std::shared_ptr<const Update> update;        // null: none given (or not an UpdateItem)
  std::shared_ptr<const Condition> condition;  // null: none given
};

// `with_update`: UpdateItem's, reading UpdateExpression / AttributeUpdates too. Throws
// ValidationException as each parse does, in AWS's order: the members mixed, the attribute
// names and values, the update, the condition, unused names or values.
WriteExpressions read_write_expressions(const json& input, bool with_update);

}  // namespace eddy::services::dynamodb
