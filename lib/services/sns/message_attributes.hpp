#pragma once
// Message attributes as Publish takes them: {"name": {"DataType": "String" | "String.Array" |
// "Number" | "Binary" (each with an optional ".custom" suffix), "StringValue" | "BinaryValue"}}.
// BinaryValue is base64 text, as both wire protocols carry it.
#include <cstddef>
#include <optional>
#include <string>

#include "eddy/json.hpp"

namespace eddy::services::sns {

// Throws SNS's ParameterValueInvalid / ValidationError for the first bad attribute.
// `batch_entry` (1-based) words ValidationError paths as PublishBatch does. Gives the bytes the
// attributes count toward the 256 KB message limit: name, type and value of each.
std::size_t validate_message_attributes(const json& attributes,
                                        std::optional<int> batch_entry = {});

// {"name": {"Type": ..., "Value": ...}} as notification envelopes and Lambda events carry them.
json envelope_message_attributes(const json& attributes);

}  // namespace eddy::services::sns
