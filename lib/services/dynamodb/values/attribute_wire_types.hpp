#pragma once
// The JSON shape of an AttributeValue's members as the wire must carry them (S a string, BOOL a
// boolean, SS a list of strings, B canonical base64 ...). A wrong shape is a
// SerializationException with the message AWS's deserialiser gives, before any validation of
// the values themselves.
#include <string>

#include "eddy/json.hpp"

namespace eddy::services::dynamodb::wire {

// An AttributeValue must be a JSON object.
void require_attribute_value_object(const json& value);
// An item (or a map of name -> AttributeValue) must be a JSON object.
void require_item_object(const json& item);

const std::string& require_string(const json& value);
// The SDKs' deserialiser also takes "true"/"1"/"yes" and "false"/"0"/"no" (any case).
bool require_boolean(const json& value);
// Padded, canonical base64 text.
const std::string& require_blob(const json& value);
const json& require_list(const json& value);
const json& require_map(const json& value);

}  // namespace eddy::services::dynamodb::wire
