#pragma once
// A document path into an item: a.b[2].c is {name a}, {name b}, {index 2}, {name c}. The first
// element is always a name (the top-level attribute).
#include <cstddef>
#include <string>
#include <variant>
#include <vector>

#include "eddy/json.hpp"

namespace eddy::services::dynamodb {

using PathElement = std::variant<std::string, std::size_t>;  // map key or list index
using DocumentPath = std::vector<PathElement>;

// The value at `path` in an item (an object of name -> AttributeValue), or nullptr.
const json* find_path(const json& item, const DocumentPath& path);

// As AWS prints a path in messages: a.b[2].c
std::string path_to_string(const DocumentPath& path);

}  // namespace eddy::services::dynamodb
