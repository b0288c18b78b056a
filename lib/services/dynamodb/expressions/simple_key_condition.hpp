#pragma once
// The KeyConditionExpressions nearly every Query sends, `k = :v` and `k = :v AND r <op> :w` (op one
// of = < <= > >=, keys named plainly or by #placeholder, values of type S, N or B), read without
// the general expression parser, whose tree for such a text cost a small Query as much as reading
// its ten items.
#include <optional>
#include <string_view>
#include <vector>

#include "services/dynamodb/expressions/expression_attributes.hpp"
#include "services/dynamodb/expressions/legacy_comparison.hpp"

namespace eddy::services::dynamodb {

// The comparisons the general parser would collect from `text`, in its order, resolving (and so
// marking used) the same placeholders. nullopt for any other text, and for every text the parser
// would refuse (an undefined placeholder, a reserved word, one key named twice ...): the caller
// then parses it, which reports AWS's error.
std::optional<std::vector<LegacyComparison>> read_simple_key_condition(
    std::string_view text, ExpressionAttributes& attributes);

}  // namespace eddy::services::dynamodb
