#pragma once
// One action of an update: SET, REMOVE, ADD or DELETE of one document path.
#include "services/dynamodb/expressions/document_path.hpp"
#include "services/dynamodb/expressions/expression_ast.hpp"

namespace eddy::services::dynamodb {

enum class UpdateClause { set, remove, add, del };

struct UpdateAction {
  UpdateClause clause;
  DocumentPath path;
  Operand value;  // SET: the new value; ADD, DELETE: the operand; REMOVE: unused
  // From AttributeUpdates, whose ADD also appends to lists and whose type errors AWS words
  // differently.
  bool legacy = false;
};

}  // namespace eddy::services::dynamodb
