#pragma once
// An operation's output already written as JSON text, for hot reads (Kinesis GetRecords) whose
// cost would otherwise be mostly building and serialising a json value. It travels as a json
// binary value with a subtype of its own: the JSON protocol sends the text as the body; every
// other consumer (CBOR, emu.call()) parses it back into the value it would have had.
#include <string>
#include <string_view>

#include "eddy/json.hpp"

namespace eddy::protocol {

json preserialized_json(std::string text);
bool is_preserialized_json(const json& output);
// The text of a preserialized output; only when is_preserialized_json(output).
std::string preserialized_text(const json& output);
// The output as a json value: preserialized text parsed back, anything else as it is.
json materialized_json(json output);

// Appends `text` as a JSON string, byte for byte as json::dump writes it, for text not known to
// be valid UTF-8: ASCII is escaped by json_text (no json value, no serializer); anything else goes
// through dump, which checks it as UTF-8 (`invalid_utf8` says what to do otherwise). Text known
// to be valid UTF-8 can go to json_text::append_string directly.
void append_json_string(std::string& out, std::string_view text,
                        json::error_handler_t invalid_utf8 = json::error_handler_t::strict);

}  // namespace eddy::protocol
