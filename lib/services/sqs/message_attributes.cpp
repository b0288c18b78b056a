#include "services/sqs/message_attributes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>

#include "core/base64.hpp"
#include "core/hashing.hpp"
#include "core/input.hpp"
#include "core/json_text.hpp"
#include "services/sqs/message_body.hpp"
#include "services/sqs/sqs_errors.hpp"

namespace eddy::services::sqs::message_attributes {
namespace {

constexpr std::size_t kMaxAttributes = 10;
constexpr std::size_t kMaxNameBytes = 256;

enum class Kind { string, number, binary };

// "String", "Number.float", "Binary.png" -> the kind before the first dot.
std::optional<Kind> kind_of(std::string_view data_type) {
  std::string_view base = data_type.substr(0, data_type.find('.'));
  if (base == "String") return Kind::string;
  if (base == "Number") return Kind::number;
  if (base == "Binary") return Kind::binary;
  return std::nullopt;
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

void check_name(const std::string& name) {
  if (name.empty())
    throw errors::invalid_parameter_value(
        "The request must contain non-empty message attribute name.");
  if (name.size() >= kMaxNameBytes)
    throw errors::invalid_parameter_value(
        "Message (user) attribute names must be shorter than 256 Bytes");
  // AWS documents A-Z a-z 0-9 _ - . and in practice also accepts non-ASCII letters.
  bool allowed = std::all_of(name.begin(), name.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
  });
  if (!allowed || name.find("..") != std::string::npos)
    throw errors::invalid_parameter_value(
        "Message (user) attributes name can only contain upper and lower score characters, "
        "digits, periods, hyphens and underscores. ");
  if (starts_with_ignoring_case(name, "aws.") || starts_with_ignoring_case(name, "amazon.") ||
      name.front() == '.' || name.back() == '.')
    throw errors::invalid_parameter_value(
        "You can't use message attribute names beginning with 'AWS.' or 'Amazon.'. These "
        "strings are reserved for internal use. Additionally, they cannot start or end with '.'.");
}

// A decimal number as SQS accepts it: optional sign, digits, optional fraction and exponent.
bool is_number(std::string_view text) {
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  std::size_t digits = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i, ++digits;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    std::size_t exponent = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i, ++exponent;
    if (exponent == 0) return false;
  }
  return i == text.size();
}

// One attribute value as checked: its type, and the one value member that type uses.
// Views the texts it was checked from.
struct CheckedValue {
  Kind kind = Kind::string;
  std::string_view data_type;
  std::string_view text;  // StringValue, or BinaryValue as sent (base64)
  std::string bytes;      // a binary value's decoded bytes
};

// `data_type`, `string_value`, `binary_value`: the value's members as text, empty when absent.
CheckedValue check_value_parts(const std::string& name, std::string_view data_type,
                               std::string_view string_value, std::string_view binary_value) {
  CheckedValue out;
  out.data_type = data_type;
  if (out.data_type.empty())
    throw errors::invalid_parameter_value(fmt::format(
        "The message attribute '{}' must contain non-empty message attribute type.", name));
  auto kind = kind_of(out.data_type);
  if (!kind)
    throw errors::invalid_parameter_value(fmt::format(
        "The type of message (user) attribute '{}' is invalid. You must use only the following "
        "supported type prefixes: Binary, Number, String.",
        name));
  if (out.data_type.size() >= kMaxNameBytes)
    throw errors::invalid_parameter_value(
        "Message (user) attribute types must be shorter than 256 Bytes");
  out.kind = *kind;

  if (*kind == Kind::binary) {
    out.text = binary_value;
    auto bytes = base64::decode(out.text);
    if (out.text.empty() || !bytes || bytes->empty())
      throw errors::invalid_parameter_value(fmt::format(
          "Message (user) attribute '{}' must contain a non-empty value of type 'Binary'.", name));
    out.bytes = std::move(*bytes);
    return out;
  }
  out.text = string_value;
  const char* type_name = *kind == Kind::number ? "Number" : "String";
  if (out.text.empty())
    throw errors::invalid_parameter_value(
        fmt::format("Message (user) attribute '{}' must contain a non-empty value of type '{}'.",
                    name, type_name));
  if (!message_body::has_valid_characters(out.text))
    throw errors::invalid_parameter_value(errors::invalid_message_contents().message());
  if (*kind == Kind::number && !is_number(out.text))
    throw errors::invalid_parameter_value(
        fmt::format("Can't cast the value of message (user) attribute '{}' to a number.", name));
  return out;
}

// A json attribute value's members as text for check_value_parts: a string member is viewed in
// place, anything else (a query-protocol or in-process caller's number) written out as text.
class ValueTexts {
 public:
  ValueTexts(const std::string& name, const json& value) {
    if (!value.is_object())
      throw errors::invalid_parameter_value(fmt::format(
          "The message attribute '{}' must contain non-empty message attribute type.", name));
    data_type = view(value, "DataType", owned_[0]);
    string_value = view(value, "StringValue", owned_[1]);
    binary_value = view(value, "BinaryValue", owned_[2]);
  }
  ValueTexts(const ValueTexts&) = delete;
  ValueTexts& operator=(const ValueTexts&) = delete;

  std::string_view data_type, string_value, binary_value;

 private:
  static std::string_view view(const json& value, std::string_view key, std::string& owned) {
    const json* member = eddy::input::member(value, key);
    if (!member) return {};
    if (member->is_string()) return member->get_ref<const std::string&>();
    owned = eddy::input::text(*member);
    return owned;
  }

  std::string owned_[3];
};

json validate_value(const std::string& name, const json& value) {
  ValueTexts texts(name, value);
  CheckedValue checked =
      check_value_parts(name, texts.data_type, texts.string_value, texts.binary_value);
  json out = {{"DataType", checked.data_type}};
  out[checked.kind == Kind::binary ? "BinaryValue" : "StringValue"] = checked.text;
  return out;
}

void check_count(std::size_t count) {
  if (count > kMaxAttributes)
    throw errors::invalid_parameter_value(
        fmt::format("Number of message attributes [{}] exceeds the allowed maximum [{}].", count,
                    kMaxAttributes));
}

// The digest's input is gathered and hashed in one call: a dozen small updates of an incremental
// digest cost more than hashing the few dozen bytes they add up to.
void append_length_prefixed(std::string& digest_input, std::string_view bytes) {
  auto length = static_cast<std::uint32_t>(bytes.size());
  std::array<char, 4> prefix{static_cast<char>(length >> 24), static_cast<char>(length >> 16),
                             static_cast<char>(length >> 8), static_cast<char>(length)};
  digest_input.append(prefix.data(), prefix.size());
  digest_input.append(bytes);
}

std::string binary_bytes(const json& value) {
  return base64::decode(value.value("BinaryValue", std::string())).value_or(std::string());
}

// Builds what a send stores for its attributes, one attribute at a time in byte order of their
// names (as json::dump writes them and AWS's digest takes them).
class StoredBuilder {
 public:
  explicit StoredBuilder(std::size_t count) {
    out_.json_text.reserve(64 * count);
    digest_input_.reserve(48 * count);
    out_.json_text.push_back('{');
  }

  // `text` is the StringValue, or the BinaryValue as sent with `bytes` its decoded bytes.
  void add(std::string_view name, std::string_view data_type, bool binary, std::string_view text,
           std::string_view bytes) {
    append_length_prefixed(digest_input_, name);
    append_length_prefixed(digest_input_, data_type);
    if (!first_) out_.json_text.push_back(',');
    first_ = false;
    json_text::append_string(out_.json_text, name);
    out_.json_text.append(":{");
    out_.size += name.size() + data_type.size();
    // The value's members, in byte order too: BinaryValue, DataType, StringValue.
    if (binary) {
      digest_input_.push_back('\x02');
      append_length_prefixed(digest_input_, bytes);
      out_.size += bytes.size();
      json_text::append_member(out_.json_text, "BinaryValue", text, true);
      json_text::append_member(out_.json_text, "DataType", data_type);
    } else {
      digest_input_.push_back('\x01');
      append_length_prefixed(digest_input_, text);
      out_.size += text.size();
      json_text::append_member(out_.json_text, "DataType", data_type, true);
      json_text::append_member(out_.json_text, "StringValue", text);
    }
    out_.json_text.push_back('}');
  }

  Stored finish() && {
    out_.json_text.push_back('}');
    out_.md5 = hashing::md5_hex(digest_input_);
    return std::move(out_);
  }

 private:
  std::string digest_input_;
  Stored out_;
  bool first_ = true;
};

}  // namespace

json validate(const json& attributes) {
  json out = json::object();
  if (!attributes.is_object() || attributes.empty()) return out;
  check_count(attributes.size());
  for (const auto& [name, value] : attributes.items()) {
    check_name(name);
    out[name] = validate_value(name, value);
  }
  return out;
}

json validate_system(const json& attributes) {
  json out = json::object();
  if (!attributes.is_object()) return out;
  for (const auto& [name, value] : attributes.items()) {
    if (name != "AWSTraceHeader")
      throw errors::invalid_parameter_value(
          fmt::format("Message system attribute name '{}' is invalid.", name));
    json checked = validate_value(name, value);
    if (checked["DataType"] != "String")
      throw errors::invalid_parameter_value(
          fmt::format("Message system attribute '{}' must be of type 'String'.", name));
    out[name] = checked;
  }
  return out;
}

std::string md5(const json& attributes) {
  if (!attributes.is_object() || attributes.empty()) return {};
  std::string digest_input;
  // nlohmann's objects iterate in byte order of their keys: AWS's sort order for names.
  for (const auto& [name, value] : attributes.items()) {
    append_length_prefixed(digest_input, name);
    append_length_prefixed(digest_input, value["DataType"].get_ref<const std::string&>());
    if (value.contains("StringValue")) {
      digest_input.push_back('\x01');
      append_length_prefixed(digest_input, value["StringValue"].get_ref<const std::string&>());
    } else {
      digest_input.push_back('\x02');
      append_length_prefixed(digest_input, binary_bytes(value));
    }
  }
  return hashing::md5_hex(digest_input);
}

Stored stored(const json& attributes) {
  if (!attributes.is_object() || attributes.empty()) return {};
  StoredBuilder builder(attributes.size());
  for (const auto& [name, value] : attributes.items()) {
    const auto& data_type = value["DataType"].get_ref<const std::string&>();
    if (auto string = value.find("StringValue"); string != value.end()) {
      builder.add(name, data_type, false, string->get_ref<const std::string&>(), {});
    } else {
      const auto& encoded = value["BinaryValue"].get_ref<const std::string&>();
      builder.add(name, data_type, true, encoded, binary_bytes(value));
    }
  }
  return std::move(builder).finish();
}

Stored validate_and_store(const json& attributes) {
  if (!attributes.is_object() || attributes.empty()) return {};
  check_count(attributes.size());
  StoredBuilder builder(attributes.size());
  // The request's object iterates in byte order of its names, as validate() checks them.
  for (const auto& [name, value] : attributes.items()) {
    check_name(name);
    ValueTexts texts(name, value);
    CheckedValue checked =
        check_value_parts(name, texts.data_type, texts.string_value, texts.binary_value);
    builder.add(name, checked.data_type, checked.kind == Kind::binary, checked.text, checked.bytes);
  }
  return std::move(builder).finish();
}

Stored validate_and_store(const std::vector<AttributeParts>& attributes) {
  if (attributes.empty()) return {};
  check_count(attributes.size());
  StoredBuilder builder(attributes.size());
  for (const auto& attribute : attributes) {
    check_name(attribute.name);
    CheckedValue checked = check_value_parts(attribute.name, attribute.data_type,
                                             attribute.string_value, attribute.binary_value);
    builder.add(attribute.name, checked.data_type, checked.kind == Kind::binary, checked.text,
                checked.bytes);
  }
  return std::move(builder).finish();
}

json select(const json& attributes, const std::vector<std::string>& names) {
  json out = json::object();
  if (names.empty() || !attributes.is_object()) return out;
  for (const auto& wanted : names)
    if (wanted == "All" || wanted == ".*" || wanted == "*") return attributes;
  for (const auto& [name, value] : attributes.items()) {
    for (const auto& wanted : names) {
      bool prefix = wanted.size() > 2 && wanted.compare(wanted.size() - 2, 2, ".*") == 0;
      if (prefix ? name.compare(0, wanted.size() - 2, wanted, 0, wanted.size() - 2) == 0 &&
                       name.size() >= wanted.size() - 2
                 : name == wanted) {
        out[name] = value;
        break;
      }
    }
  }
  return out;
}

}  // namespace eddy::services::sqs::message_attributes
