#include "services/dynamodb/values/attribute_wire_types.hpp"

#include <algorithm>
#include <cctype>

#include "core/base64.hpp"
#include "eddy/aws_error.hpp"

namespace eddy::services::dynamodb::wire {
namespace {

constexpr const char* kAttributeValueMapType =
    "java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>";
constexpr const char* kStructureNotExpected = "Start of structure or map found where not expected";

[[noreturn]] void throw_serialization_error(const std::string& message) {
  throw AwsError("SerializationException", message);
}

// How AWS's deserialiser names a JSON scalar it cannot convert.
std::string wire_scalar_kind(const json& value) {
  if (value.is_boolean()) return value.get<bool>() ? "TRUE_VALUE" : "FALSE_VALUE";
  if (value.is_number_float()) return "DECIMAL_VALUE";
  if (value.is_number()) return "NUMBER_VALUE";
  return "STRING_VALUE";
}

}  // namespace

void require_attribute_value_object(const json& value) {
  if (value.is_object()) return;
  if (value.is_array())
    throw_serialization_error(
        "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue");
  throw_serialization_error("Unexpected value type in payload");
}

void require_item_object(const json& item) {
  require_map(item);
}

const std::string& require_string(const json& value) {
  if (value.is_string()) return value.get_ref<const std::string&>();
  if (value.is_object()) throw_serialization_error(kStructureNotExpected);
  if (value.is_array())
    throw_serialization_error("Unrecognized collection type class java.lang.String");
  throw_serialization_error(wire_scalar_kind(value) + " cannot be converted to String");
}

bool require_boolean(const json& value) {
  if (value.is_boolean()) return value.get<bool>();
  if (value.is_string()) {
    std::string text = value.get<std::string>();
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (text == "TRUE" || text == "1" || text == "YES") return true;
    if (text == "FALSE" || text == "0" || text == "NO") return false;
    throw_serialization_error("Unexpected token received from parser");
  }
  if (value.is_object()) throw_serialization_error(kStructureNotExpected);
  if (value.is_array())
    throw_serialization_error("Unrecognized collection type class java.lang.Boolean");
  throw_serialization_error(wire_scalar_kind(value) + " cannot be converted to Boolean");
}

const std::string& require_blob(const json& value) {
  if (value.is_object()) throw_serialization_error(kStructureNotExpected);
  if (value.is_array())
    throw_serialization_error("Unrecognized collection type class java.nio.ByteBuffer");
  if (!value.is_string())
    throw_serialization_error("only base-64-encoded strings are convertible to bytes");
  const std::string& text = value.get_ref<const std::string&>();
  if (text.size() % 4 != 0)
    throw_serialization_error(
        "Base64 encoded length is expected a multiple of 4 bytes but found: " +
        std::to_string(text.size()));
  auto bytes = base64::decode(text);
  // AWS's message, misspelling included.
  if (!bytes || base64::encode(*bytes) != text)
    throw_serialization_error("Invalid last non-pad Base64 character dectected");
  return text;
}

const json& require_list(const json& value) {
  if (value.is_array()) return value;
  if (value.is_object()) throw_serialization_error(kStructureNotExpected);
  throw_serialization_error("Unexpected field type");
}

const json& require_map(const json& value) {
  if (value.is_object()) return value;
  if (value.is_array())
    throw_serialization_error(std::string("Unrecognized collection type ") +
                              kAttributeValueMapType);
  throw_serialization_error("Unexpected field type");
}

}  // namespace eddy::services::dynamodb::wire
