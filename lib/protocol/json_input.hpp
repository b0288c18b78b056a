#pragma once
// A JSON-protocol request body as decode reads it into Call::input. Also for the operations that
// read their body as text (Call::json_text): when their reader meets something it does not handle,
// this gives them the value, and the errors, decode would have given.
#include <string_view>

#include "eddy/json.hpp"

namespace eddy::protocol {

// An empty body is an empty object; malformed text, or a body that is not an object, is the
// SerializationException AWS answers with.
json parse_json_input(std::string_view body);

}  // namespace eddy::protocol
