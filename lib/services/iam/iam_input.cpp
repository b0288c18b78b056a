#include "services/iam/iam_input.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>
#include <boost/algorithm/string/predicate.hpp>

#include "core/arn.hpp"
#include "core/input.hpp"
#include "services/iam/iam_errors.hpp"

namespace eddy::services::iam {
namespace {

constexpr std::size_t kMaxPathLength = 512;
constexpr std::size_t kMaxTagKeyLength = 128;
constexpr std::size_t kMaxTagValueLength = 256;

// AWS names the member in its messages the way the model's wire shape does: roleName.
std::string field_name(std::string_view member) {
  std::string field(member);
  if (!field.empty()) field[0] = static_cast<char>(std::tolower(field[0]));
  return field;
}

bool word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

bool name_char(char c) {
  return word_char(c) || c == '+' || c == '=' || c == ',' || c == '.' || c == '@' || c == '-';
}

void check_length(const std::string& value, std::string_view member, std::size_t min,
                  std::size_t max) {
  if (value.size() < min)
    throw validation_error(value, field_name(member),
                           fmt::format("Member must have length greater than or equal to {}", min));
  if (value.size() > max)
    throw validation_error(value, field_name(member),
                           fmt::format("Member must have length less than or equal to {}", max));
}

std::string required(const json& input, std::string_view member) {
  auto value = optional_text(input, member);
  if (!value) throw missing_member(field_name(member));
  return *value;
}

// "/" or "/x/.../" whose inner characters satisfy `allowed`.
bool valid_path(std::string_view path, bool (*allowed)(char)) {
  if (path.empty() || path.front() != '/' || path.back() != '/') return false;
  return std::all_of(path.begin(), path.end(), [&](char c) { return c == '/' || allowed(c); });
}

}  // namespace

std::optional<std::string> optional_text(const json& input, std::string_view member) {
  const json* value = input::member(input, member);
  if (!value) return std::nullopt;
  return input::text(*value);
}

std::string required_text(const json& input, std::string_view member, std::size_t max_length) {
  std::string value = required(input, member);
  check_length(value, member, 1, max_length);
  return value;
}

std::string required_arn(const json& input, std::string_view member) {
  std::string value = required(input, member);
  check_length(value, member, 20, 2048);
  if (!Arn::parse(value)) throw invalid_input("ARN " + value + " is not valid.");
  return value;
}

std::string required_name(const json& input, std::string_view member, std::size_t max_length) {
  std::string value = required(input, member);
  check_length(value, member, 1, max_length);
  if (!std::all_of(value.begin(), value.end(), name_char))
    throw validation_error(value, field_name(member),
                           "Member must satisfy regular expression pattern: [\\w+=,.@-]+");
  return value;
}

std::string role_path(const json& input, std::string_view member) {
  auto value = optional_text(input, member);
  if (!value) return "/";
  check_length(*value, member, 1, kMaxPathLength);
  // Printable ASCII without the slash counts as anything from '!' to '~'.
  if (!valid_path(*value, [](char c) { return c >= '!' && c <= '~'; }))
    throw validation_error(*value, field_name(member),
                           "Member must satisfy regular expression pattern: "
                           "(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)");
  return *value;
}

std::string policy_path(const json& input, std::string_view member) {
  auto value = optional_text(input, member);
  if (!value) return "/";
  check_length(*value, member, 1, kMaxPathLength);
  bool valid = valid_path(*value, [](char c) {
    return word_char(c) || c == '.' || c == ',' || c == '+' || c == '@' || c == '=' || c == '-';
  });
  // No empty segment: "//" is not a path.
  if (!valid || value->find("//") != std::string::npos)
    throw validation_error(*value, field_name(member),
                           "Member must satisfy regular expression pattern: "
                           "((/[A-Za-z0-9\\.,\\+@=_-]+)*)/");
  return *value;
}

std::string path_prefix(const json& input, std::string_view member) {
  auto value = optional_text(input, member);
  if (!value) return "/";
  check_length(*value, member, 1, kMaxPathLength);
  if (value->front() != '/')
    throw validation_error(*value, field_name(member),
                           "Member must satisfy regular expression pattern: "
                           "\\u002F[\\u0021-\\u007F]*");
  return *value;
}

std::optional<std::string> description_text(const json& input, std::string_view member,
                                            std::size_t max_length) {
  auto value = optional_text(input, member);
  if (value) check_length(*value, member, 0, max_length);
  return value;
}

std::optional<std::int64_t> bounded_integer(const json& input, std::string_view member,
                                            std::int64_t min, std::int64_t max) {
  const json* value = input::member(input, member);
  if (!value) return std::nullopt;
  auto number = input::integer(*value);
  if (!number)
    throw validation_error(input::text(*value), field_name(member), "Member must be a number");
  if (*number < min)
    throw validation_error(std::to_string(*number), field_name(member),
                           fmt::format("Member must have value greater than or equal to {}", min));
  if (*number > max)
    throw validation_error(std::to_string(*number), field_name(member),
                           fmt::format("Member must have value less than or equal to {}", max));
  return number;
}

std::optional<bool> optional_boolean(const json& input, std::string_view member) {
  const json* value = input::member(input, member);
  if (!value) return std::nullopt;
  auto flag = input::boolean(*value);
  if (!flag)
    throw validation_error(input::text(*value), field_name(member), "Member must be true or false");
  return flag;
}

json list_member(const json& input, std::string_view member) {
  const json* value = input::member(input, member);
  if (!value || (value->is_string() && value->get_ref<const std::string&>().empty()))
    return json::array();
  return input::list(*value);
}

json requested_tags(const json& input, std::string_view member) {
  json tags = json::array();
  for (const auto& tag : list_member(input, member)) {
    std::string key = optional_text(tag, "Key").value_or("");
    std::string value = optional_text(tag, "Value").value_or("");
    check_length(key, "tags.member.key", 1, kMaxTagKeyLength);
    check_length(value, "tags.member.value", 0, kMaxTagValueLength);
    for (const auto& earlier : tags)
      if (boost::algorithm::iequals(earlier["Key"].get_ref<const std::string&>(), key))
        throw invalid_input(
            "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
    tags.push_back({{"Key", key}, {"Value", value}});
  }
  return tags;
}

}  // namespace eddy::services::iam
