#include "core/input.hpp"

#include <strings.h>
#include <charconv>

namespace eddy::input {

const json* member(const json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

std::string text(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return "";
  return value.dump();
}

std::optional<std::int64_t> integer(const json& value) {
  if (value.is_number_integer()) return value.get<std::int64_t>();
  if (value.is_number_float()) {
    double d = value.get<double>();
    if (d != static_cast<double>(static_cast<std::int64_t>(d))) return std::nullopt;
    return static_cast<std::int64_t>(d);
  }
  if (!value.is_string()) return std::nullopt;
  const auto& s = value.get_ref<const std::string&>();
  std::int64_t out = 0;
  const char* begin = s.data();
  const char* end = s.data() + s.size();
  if (begin != end && *begin == '+') ++begin;
  auto [ptr, ec] = std::from_chars(begin, end, out);
  if (ec != std::errc() || ptr != end || begin == end) return std::nullopt;
  return out;
}

std::optional<bool> boolean(const json& value) {
  if (value.is_boolean()) return value.get<bool>();
  if (!value.is_string()) return std::nullopt;
  const auto& s = value.get_ref<const std::string&>();
  if (strcasecmp(s.c_str(), "true") == 0) return true;
  if (strcasecmp(s.c_str(), "false") == 0) return false;
  return std::nullopt;
}

json list(const json& value) {
  if (value.is_array()) return value;
  if (value.is_null()) return json::array();
  return json::array({value});
}

}  // namespace eddy::input
