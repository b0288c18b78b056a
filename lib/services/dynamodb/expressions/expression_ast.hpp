#pragma once
// The parsed form of condition and update expressions: operands (paths, values, function calls,
// arithmetic) and the boolean tree of a condition. Placeholders are already resolved.
#include <memory>
#include <string>
#include <vector>

#include "eddy/json.hpp"
#include "services/dynamodb/expressions/document_path.hpp"

namespace eddy::services::dynamodb {

struct Operand {
  enum class Kind { path, value, function, plus, minus };
  Kind kind = Kind::value;
  DocumentPath path;               // path
  json value;                      // value: a normalised AttributeValue
  std::string function;            // function: the name as written
  std::vector<Operand> arguments;  // function arguments; plus and minus: left and right
};

enum class Comparator { eq, ne, lt, le, gt, ge };

enum class ConditionKind {
  and_op,
  or_op,
  not_op,
  comparison,  // operands: left, right
  between,     // operands: subject, lower, upper
  in,          // operands: subject, then the candidates
  function,    // operands: the call (attribute_exists, begins_with ...)
  always,      // an empty legacy condition map: nothing to check
};

struct ConditionNode {
  ConditionKind kind = ConditionKind::comparison;
  Comparator comparator = Comparator::eq;
  std::vector<std::unique_ptr<ConditionNode>> children;  // and, or: two; not: one
  std::vector<Operand> operands;
};

}  // namespace eddy::services::dynamodb
