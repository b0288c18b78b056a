#include "protocol/json_input.hpp"

#include "eddy/aws_error.hpp"
#include "protocol/plain_json.hpp"

namespace eddy::protocol {

json parse_json_input(std::string_view body) {
  if (body.empty()) return json::object();
  if (auto plain = parse_plain_json(body); plain && plain->is_object()) return std::move(*plain);
  json parsed = json::parse(body, nullptr, false);
  if (parsed.is_discarded())
    throw AwsError("SerializationException", "The request body is not valid JSON.");
  if (!parsed.is_object())
    throw AwsError("SerializationException", "Start of structure or map found where not expected.");
  return parsed;
}

}  // namespace eddy::protocol
