#pragma once
// The members item operations share: expressions or their legacy forms, ReturnValues,
// ReturnValuesOnConditionCheckFailure, and the capacity a write consumed.
#include <initializer_list>
#include <optional>
#include <string_view>

#include "eddy/json.hpp"
#include "services/dynamodb/consumed_capacity.hpp"
#include "services/dynamodb/expressions/condition.hpp"
#include "services/dynamodb/expressions/expression_parameters.hpp"
#include "services/dynamodb/expressions/projection.hpp"
#include "services/dynamodb/table.hpp"

namespace eddy::services::dynamodb {

// ConditionExpression, or legacy Expected with ConditionalOperator.
std::optional<Condition> read_condition(const json& input, ExpressionAttributes& attributes);
// ProjectionExpression, or legacy AttributesToGet.
std::optional<Projection> read_projection(const json& input, ExpressionAttributes& attributes);

enum class ReturnValues { none, all_old, updated_old, all_new, updated_new };
// `update`: UpdateItem accepts all five; PutItem and DeleteItem NONE and ALL_OLD.
ReturnValues read_return_values(const json& input, bool update);
// ReturnValuesOnConditionCheckFailure is ALL_OLD.
bool read_return_old_on_failure(const json& input);

// A string member that must be present ("Value null at 'tableName'..." otherwise).
const json& required_member(const json& input, const char* name, const char* shown_name);

// Write capacity for changing an item from `old_item` to `new_item` (either may be null):
// the table, and each index holding either version.
ConsumedCapacity write_capacity(const Table& table, const json* old_item, const json* new_item);

// An item an update produced must still fit in 400 KB.
void check_updated_item_size(const json& item);
// The same, for an item whose item_size is known.
void check_updated_item_size(std::size_t size);

// An empty item: what a condition reads when there is no item. A reference, so that
// `item ? *item : no_item()` does not copy the item.
const json& no_item();

// Whether the request has any of `names` as a member (null or not): one pass over its members.
bool has_any_member(const json& input, std::initializer_list<std::string_view> names);

// The boolean ConsistentRead member.
bool read_consistent(const json& input);

}  // namespace eddy::services::dynamodb
