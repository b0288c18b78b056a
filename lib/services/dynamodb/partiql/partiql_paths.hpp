#pragma once
// Writing a document path inside an item (an object of name -> AttributeValue): names step into
// M values, indexes into L values. find_path (expressions/document_path.hpp) reads one.
#include "eddy/json.hpp"
#include "services/dynamodb/expressions/document_path.hpp"

namespace eddy::services::dynamodb::partiql {

// Writes `value` at `path`; a list index past the end appends. Throws ValidationException "The
// document path provided in the update expression is invalid for update" when the parent is
// missing or is not the M or L the path steps into.
void set_value_at(json& item, const DocumentPath& path, json value);

// Removes the value at `path` if it is there (a list element shifts the rest down); throws as
// set_value_at when the parent is missing or of the wrong type.
void remove_value_at(json& item, const DocumentPath& path);

}  // namespace eddy::services::dynamodb::partiql
