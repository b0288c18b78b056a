#pragma once
// Message attributes: SQS's validation rules, their size, and the MD5 digest AWS returns for them
// (which boto3 and the JavaScript SDKs recompute and compare).
#include <string>
#include <string_view>
#include <vector>

#include "eddy/json.hpp"

namespace eddy::services::sqs::message_attributes {

// One attribute as a request's JSON text gave it: each member's text, empty when absent.
struct AttributeParts {
  std::string name;
  std::string data_type;
  std::string string_value;
  std::string binary_value;  // base64, as sent
};

// Checks user message attributes ({"name": {"DataType": "String", "StringValue": "v"}}) and
// returns them normalised: each value keeps DataType and the one value member its type uses.
// Throws InvalidParameterValue with AWS's messages.
json validate(const json& attributes);
// Checks MessageSystemAttributes: only AWSTraceHeader, of type String.
json validate_system(const json& attributes);

// The MD5 AWS computes over attributes: for each name in order, the 4-byte big-endian length and
// bytes of the name and of the type, a transport byte (1 string, 2 binary), then the value's
// length and bytes. Empty string when there are no attributes.
std::string md5(const json& attributes);

// What a send stores and answers for validated attributes, in one walk over them rather than a
// dump and two more walks. All empty (0) when there are none.
struct Stored {
  std::string json_text;  // as json::dump writes them
  std::string md5;        // md5()
  std::size_t size = 0;   // bytes counted toward MaximumMessageSize: names, types and values
};
Stored stored(const json& attributes);
// validate() and then stored(), in one walk over the request's attributes: the same checks in the
// same order, without building the normalised attributes in between.
Stored validate_and_store(const json& attributes);
// The same for attributes read from the request's text, in byte order of their names (as a json
// object holds them) with no name twice: the same checks in the same order, the same result.
Stored validate_and_store(const std::vector<AttributeParts>& attributes);
// The attributes a ReceiveMessage asks for by MessageAttributeNames: "All", ".*", "*", exact
// names, and prefixes written "prefix.*".
json select(const json& attributes, const std::vector<std::string>& names);

}  // namespace eddy::services::sqs::message_attributes
