#include "services/sns/sns_input.hpp"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>
#include <boost/algorithm/string/case_conv.hpp>

#include "core/base64.hpp"
#include "core/input.hpp"
#include "services/sns/sns_errors.hpp"

namespace eddy::services::sns {
namespace {
constexpr std::string_view kTokenPrefix = "eddy-sns:";
}

std::optional<std::string> optional_text(const json& input, std::string_view name) {
  const json* value = input::member(input, name);
  if (!value) return std::nullopt;
  return input::text(*value);
}

std::string required_text(const json& input, std::string_view name) {
  auto value = optional_text(input, name);
  if (!value)
    throw invalid_parameter(std::string(name) + " Reason: no value for required parameter");
  return *value;
}

json string_map(const json& input, std::string_view name) {
  json out = json::object();
  const json* value = input::member(input, name);
  if (!value || !value->is_object()) return out;
  for (const auto& [key, member] : value->items()) out[key] = input::text(member);
  return out;
}

json list_member(const json& input, std::string_view name) {
  const json* value = input::member(input, name);
  if (!value) return json::array();
  return input::list(*value);
}

std::string boolean_attribute(std::string_view name, const std::string& value,
                              std::string_view prefix) {
  std::string lowered = boost::algorithm::to_lower_copy(value);
  if (lowered != "true" && lowered != "false")
    throw invalid_parameter(
        fmt::format("{}{}: Invalid value [{}]. Must be true or false.", prefix, name, value));
  return lowered;
}

bool valid_phone_number(std::string_view number) {
  if (!number.empty() && number.front() == '+') number.remove_prefix(1);
  if (number.size() < 2 || number.size() > 15 || number.front() == '0') return false;
  return std::all_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string page_token(std::int64_t after) {
  return base64::encode(std::string(kTokenPrefix) + std::to_string(after));
}

std::int64_t page_after(const std::optional<std::string>& token) {
  if (!token || token->empty()) return 0;
  auto decoded = base64::decode(*token);
  std::int64_t after = 0;
  if (decoded && decoded->rfind(kTokenPrefix, 0) == 0) {
    const char* begin = decoded->data() + kTokenPrefix.size();
    const char* end = decoded->data() + decoded->size();
    auto [ptr, ec] = std::from_chars(begin, end, after);
    if (ec == std::errc() && ptr == end && begin != end) return after;
  }
  throw invalid_parameter("NextToken");
}

}  // namespace eddy::services::sns
