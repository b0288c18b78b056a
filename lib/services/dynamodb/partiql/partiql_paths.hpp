#pragma once
// Reading and writing a document path inside an item (an object of name -> AttributeValue):
// names step into M values, indexes into L values.
#include "eddy/json.hpp"
#include "services/dynamodb/expressions/document_path.hpp"

namespace eddy::services::dynamodb::partiql {

// The AttributeValue at `path`, or nullptr when any step is missing or of the wrong type.
const json* value_at(const json& item, const DocumentPath& path);

// Writes `value` at `path`; a list index past the end appends. Throws ValidationException "The
// document path provided in the update expression is invalid for update" when the parent is
// missing or is not the M or L the path steps into.
void set_value_at(json& item, const DocumentPath& path, json value);

// Removes the value at `path` if it is there (a list element shifts the rest down); throws as
// set_value_at when the parent is missing or of the wrong type.
void remove_value_at(json& item, const DocumentPath& path);

}  // namespace eddy::services::dynamodb::partiql
