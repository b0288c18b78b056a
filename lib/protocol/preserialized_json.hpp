#pragma once
// An operation's output already written as JSON text, for hot reads (Kinesis GetRecords) whose
// cost would otherwise be mostly building and serialising a json value. It travels as a json
// binary value with a subtype of its own: the JSON protocol sends the text as the body; every
// other consumer (CBOR, emu.call()) parses it back into the value it would have had.
#include <string>

#include "eddy/json.hpp"

namespace eddy::protocol {

json preserialized_json(std::string text);
bool is_preserialized_json(const json& output);
// The text of a preserialized output; only when is_preserialized_json(output).
std::string preserialized_text(const json& output);
// The output as a json value: preserialized text parsed back, anything else as it is.
json materialized_json(json output);

}  // namespace eddy::protocol
