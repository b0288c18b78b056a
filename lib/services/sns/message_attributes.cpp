#include "services/sns/message_attributes.hpp"

#include <functional>

#include <fmt/format.h>

#include "core/base64.hpp"
#include "eddy/aws_error.hpp"

namespace eddy::services::sns {
namespace {

constexpr std::size_t kMaxNameBytes = 256;

AwsError parameter_value_invalid(std::string message) {
  return AwsError("ParameterValueInvalid", std::move(message));
}

bool allowed_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.';
}

void validate_name(const std::string& name) {
  if (name.size() > kMaxNameBytes)
    throw parameter_value_invalid("Length of message attribute name must be less than 256 bytes.");
  if (name.empty()) throw parameter_value_invalid("The message attribute name can not be empty.");
  if (name.front() == '.')
    throw parameter_value_invalid(
        "Invalid message attribute name starting with character '.' was found.");
  if (name.back() == '.')
    throw parameter_value_invalid(
        "Invalid message attribute name ending with character '.' was found.");
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (!allowed_name_char(c))
      throw parameter_value_invalid(fmt::format(
          "Invalid non-alphanumeric character '#x{:X}' was found in the message attribute name. "
          "Can only include alphanumeric characters, hyphens, underscores, or dots.",
          static_cast<unsigned char>(c)));
    if (c == '.' && i > 0 && name[i - 1] == '.')
      throw parameter_value_invalid(
          "Message attribute name can not have successive '.' character.");
  }
}

// String, Number, Binary, or one of them with a non-empty ".label".
bool valid_data_type(const std::string& type) {
  for (std::string_view base : {"String", "Number", "Binary"}) {
    if (type == base) return true;
    if (type.size() > base.size() + 1 && type.compare(0, base.size(), base) == 0 &&
        type[base.size()] == '.')
      return true;
  }
  return false;
}

bool is_binary(const std::string& type) {
  return type.rfind("Binary", 0) == 0;
}

// By view: a const char* key is measured again at every comparison of the map's search.
const json* member(const json& object, std::string_view name) {
  auto it = object.find(name);
  return it == object.end() || it->is_null() ? nullptr : &*it;
}

std::string text_of(const json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

// The same without a copy for a string (as both protocols give values); anything else is written
// into `scratch`.
std::string_view text_view(const json& value, std::string& scratch) {
  if (value.is_string()) return value.get_ref<const std::string&>();
  scratch = value.dump();
  return scratch;
}

// The attributes in the shape a delivery needs: `shape` makes each from its type, whether it is
// binary, and its value.
json rewritten(
    const json& attributes,
    const std::function<json(const std::string& type, bool binary, std::string value)>& shape) {
  json out = json::object();
  if (!attributes.is_object()) return out;
  for (const auto& [name, attribute] : attributes.items()) {
    std::string type = text_of(attribute.at("DataType"));
    bool binary = is_binary(type);
    const json* value = member(attribute, binary ? "BinaryValue" : "StringValue");
    out[name] = shape(type, binary, value ? text_of(*value) : "");
  }
  return out;
}

}  // namespace

std::size_t validate_message_attributes(const json& attributes, std::optional<int> batch_entry) {
  if (!attributes.is_object()) return 0;
  std::size_t size = 0;
  std::string scratch;
  for (const auto& [name, attribute] : attributes.items()) {
    validate_name(name);
    const json* type = attribute.is_object() ? member(attribute, "DataType") : nullptr;
    if (!type) {
      std::string at = batch_entry
                           ? fmt::format("publishBatchRequestEntries.{}.member.", *batch_entry)
                           : std::string();
      throw AwsError("ValidationError",
                     fmt::format("1 validation error detected: Value null at "
                                 "'{}messageAttributes.{}.member.dataType' failed to satisfy "
                                 "constraint: Member must not be null",
                                 at, name));
    }
    std::string data_type = text_of(*type);
    if (!valid_data_type(data_type))
      throw parameter_value_invalid(fmt::format(
          "The message attribute '{}' has an invalid message attribute type, the set of supported "
          "type prefixes is Binary, Number, and String.",
          name));
    const json* string_value = member(attribute, "StringValue");
    const json* binary_value = member(attribute, "BinaryValue");
    auto empty_value = [&] {
      return parameter_value_invalid(
          fmt::format("The message attribute '{}' must contain non-empty message attribute value "
                      "for message attribute type '{}'.",
                      name, data_type));
    };
    if (!string_value && !binary_value) throw empty_value();
    bool binary = is_binary(data_type);
    const json* value = binary ? binary_value : string_value;
    if (!value)
      throw parameter_value_invalid(
          fmt::format("The message attribute '{}' with type '{}' must use field '{}'.", name,
                      data_type, binary ? "Binary" : "String"));
    if (text_view(*value, scratch).empty()) throw empty_value();
    std::optional<std::string> decoded;
    if (binary_value) decoded = base64::decode(text_view(*binary_value, scratch));
    if (binary && !decoded)
      throw parameter_value_invalid(
          fmt::format("The message attribute '{}' has an invalid binary value.", name));
    // Name, type and every value given count; a binary value by its decoded bytes.
    size += name.size() + data_type.size();
    if (string_value) size += text_view(*string_value, scratch).size();
    if (binary_value) size += decoded ? decoded->size() : text_view(*binary_value, scratch).size();
  }
  return size;
}

json envelope_message_attributes(const json& attributes) {
  return rewritten(attributes, [](const std::string& type, bool, std::string value) -> json {
    return {{"Type", type}, {"Value", std::move(value)}};
  });
}

}  // namespace eddy::services::sns
