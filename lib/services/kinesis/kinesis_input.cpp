#include "services/kinesis/kinesis_input.hpp"

#include <fmt/format.h>

#include <cctype>
#include <cmath>

#include "core/base64.hpp"
#include "services/kinesis/kinesis_errors.hpp"

namespace eddy::services::kinesis {
namespace {

[[noreturn]] void wrong_type(const json& value, std::string_view expected) {
  if (value.is_array()) throw errors::serialization("Start of list found where not expected");
  if (value.is_object())
    throw errors::serialization("Start of structure or map found where not expected.");
  std::string_view actual = value.is_boolean() ? "class java.lang.Boolean"
                            : value.is_string()
                                ? "class java.lang.String"
                                : "class com.amazon.coral.value.json.numbers.TruncatingBigNumber";
  throw errors::serialization(fmt::format("{} can not be converted to an {}", actual, expected));
}

}  // namespace

bool is_kinesis_name(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '-')
      return false;
  return true;
}

bool is_decimal_pattern(std::string_view text, int max_more_digits) {
  if (text == "0") return true;
  if (text.empty() || text[0] < '1' || text[0] > '9' ||
      text.size() > static_cast<std::size_t>(max_more_digits) + 1)
    return false;
  for (char c : text)
    if (c < '0' || c > '9') return false;
  return true;
}

const json* InputCheck::present(std::string_view member) const {
  auto it = input_.find(member);
  if (it == input_.end() || it->is_null()) return nullptr;
  return &*it;
}

std::optional<std::string> InputCheck::string(std::string_view member) const {
  const json* value = present(member);
  if (!value) return std::nullopt;
  if (!value->is_string()) wrong_type(*value, "String");
  return value->get<std::string>();
}

std::optional<std::int64_t> InputCheck::integer(std::string_view member) const {
  const json* value = present(member);
  if (!value) return std::nullopt;
  if (!value->is_number()) wrong_type(*value, "Integer");
  if (value->is_number_float()) return static_cast<std::int64_t>(std::floor(value->get<double>()));
  if (value->is_number_unsigned()) {
    auto unsigned_value = value->get<std::uint64_t>();
    return unsigned_value > 0x7fffffffffffffffULL ? 0x7fffffffffffffffLL
                                                  : static_cast<std::int64_t>(unsigned_value);
  }
  return value->get<std::int64_t>();
}

std::optional<bool> InputCheck::boolean(std::string_view member) const {
  const json* value = present(member);
  if (!value) return std::nullopt;
  if (!value->is_boolean()) wrong_type(*value, "Boolean");
  return value->get<bool>();
}

std::optional<double> InputCheck::timestamp(std::string_view member) const {
  const json* value = present(member);
  if (!value) return std::nullopt;
  if (!value->is_number()) {
    if (value->is_string() || value->is_boolean())
      throw errors::serialization(
          fmt::format("class java.lang.{} can not be converted to milliseconds since epoch",
                      value->is_string() ? "String" : "Boolean"));
    wrong_type(*value, "Timestamp");
  }
  return value->get<double>();
}

std::string InputCheck::blob(const json& value) {
  if (!value.is_string()) {
    if (value.is_boolean())
      throw errors::serialization("class java.lang.Boolean can not be converted to a Blob");
    if (value.is_number())
      throw errors::serialization(
          "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to "
          "a Blob");
    wrong_type(value, "Blob");
  }
  const auto& text = value.get_ref<const std::string&>();
  auto bytes = base64::decode(text);
  if (!bytes) {
    if (text.size() % 4 != 0)
      throw errors::serialization(fmt::format(
          "'{}' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 "
          "bytes but found: {}",
          text, text.size()));
    throw errors::serialization(
        fmt::format("'{}' can not be converted to a Blob: Invalid Base64 character", text));
  }
  return std::move(*bytes);
}

std::string InputCheck::path_of(std::string_view member) {
  std::string path(member);
  if (!path.empty()) path[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(path[0])));
  return path;
}

std::string InputCheck::failure(std::string_view value, std::string_view path,
                                std::string_view constraint) {
  return fmt::format("Value '{}' at '{}' failed to satisfy constraint: Member must {}", value, path,
                     constraint);
}

InputCheck& InputCheck::required(std::string_view member) {
  if (!present(member))
    fail(fmt::format("Value null at '{}' failed to satisfy constraint: Member must not be null",
                     path_of(member)));
  return *this;
}

InputCheck& InputCheck::name(std::string_view member) {
  auto value = string(member);
  if (!value) return *this;
  length(member, 1, 128);
  if (!is_kinesis_name(*value))
    fail(failure(*value, path_of(member), "satisfy regular expression pattern: [a-zA-Z0-9_.-]+"));
  return *this;
}

InputCheck& InputCheck::length(std::string_view member, std::size_t min, std::size_t max) {
  const json* value = present(member);
  if (!value) return *this;
  std::size_t size =
      value->is_string() ? value->get_ref<const std::string&>().size() : value->size();
  std::string shown = value->is_string() ? value->get<std::string>() : value->dump();
  if (size < min)
    fail(failure(shown, path_of(member),
                 fmt::format("have length greater than or equal to {}", min)));
  else if (size > max)
    fail(failure(shown, path_of(member), fmt::format("have length less than or equal to {}", max)));
  return *this;
}

InputCheck& InputCheck::range(std::string_view member, std::int64_t min, std::int64_t max) {
  auto value = integer(member);
  if (!value) return *this;
  if (*value < min)
    fail(failure(std::to_string(*value), path_of(member),
                 fmt::format("have value greater than or equal to {}", min)));
  else if (*value > max)
    fail(failure(std::to_string(*value), path_of(member),
                 fmt::format("have value less than or equal to {}", max)));
  return *this;
}

InputCheck& InputCheck::decimal(std::string_view member, int max_more_digits) {
  auto value = string(member);
  if (value && !is_decimal_pattern(*value, max_more_digits))
    fail(failure(
        *value, path_of(member),
        fmt::format("satisfy regular expression pattern: 0|([1-9]\\d{{0,{}}})", max_more_digits)));
  return *this;
}

InputCheck& InputCheck::one_of(std::string_view member,
                               std::initializer_list<std::string_view> values) {
  auto value = string(member);
  if (!value) return *this;
  for (auto allowed : values)
    if (*value == allowed) return *this;
  fail(failure(*value, path_of(member),
               fmt::format("satisfy enum value set: [{}]", fmt::join(values, ", "))));
  return *this;
}

InputCheck& InputCheck::stream_arn(std::string_view member) {
  auto value = string(member);
  if (!value) return *this;
  length(member, 1, 2048);
  // arn:aws.*:kinesis:.*:\d{12}:stream/\S+
  std::string_view arn = *value;
  bool matches = arn.starts_with("arn:aws");
  auto kinesis = arn.find(":kinesis:");
  auto stream = arn.find(":stream/");
  matches = matches && kinesis != std::string_view::npos && stream != std::string_view::npos &&
            stream >= 13 && stream + 8 < arn.size();
  if (matches) {
    std::string_view account = arn.substr(stream - 12, 12);
    matches = arn[stream - 13] == ':' &&
              account.find_first_not_of("0123456789") == std::string_view::npos &&
              arn.substr(stream + 8).find_first_of(" \t\r\n") == std::string_view::npos;
  }
  if (!matches)
    fail(failure(*value, path_of(member),
                 "satisfy regular expression pattern: arn:aws.*:kinesis:.*:\\d{12}:stream/\\S+"));
  return *this;
}

void InputCheck::done() const {
  if (!failures_.empty()) throw errors::validation(failures_);
}

}  // namespace eddy::services::kinesis
