#pragma once
// A Query's KeyConditionExpression (or legacy KeyConditions): equality on the partition key and
// at most one condition on the sort key, which storage turns into a range of encoded keys.
#include <optional>
#include <string>
#include <string_view>

#include "eddy/json.hpp"
#include "services/dynamodb/expressions/expression_attributes.hpp"

namespace eddy::services::dynamodb {

// The key schema a condition is checked against: the table's or the queried index's.
struct KeySchemaNames {
  std::string hash;
  std::optional<std::string> range;
};

enum class SortKeyOperator { eq, lt, le, gt, ge, between, begins_with };

struct SortKeyCondition {
  SortKeyOperator op;
  json value;                 // the operand; for between, the lower bound
  std::optional<json> upper;  // between only
};

struct KeyCondition {
  json hash_value;  // a normalised S, N or B
  std::optional<SortKeyCondition> sort;

  // Throws ValidationException as AWS does: "Query condition missed key schema element: id",
  // "Query key condition not supported", conditions on non-key attributes, OR/NOT, functions other
  // than begins_with, begins_with on a number, BETWEEN bounds in the wrong order ("Invalid
  // KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal
  // to lower bound; lowerBound: ..., upperBound: ..."). Operand types are checked by the caller
  // against the attribute definitions.
  static KeyCondition parse(std::string_view text, ExpressionAttributes& attributes,
                            const KeySchemaNames& schema);
  static KeyCondition from_legacy(const json& key_conditions, const KeySchemaNames& schema);
};

}  // namespace eddy::services::dynamodb
