#include "core/input.hpp"

#include <boost/algorithm/string/predicate.hpp>
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
  return integer(std::string_view(value.get_ref<const std::string&>()));
}

std::optional<std::int64_t> integer(std::string_view text) {
  std::int64_t out = 0;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  if (begin != end && *begin == '+') ++begin;
  auto [ptr, ec] = std::from_chars(begin, end, out);
  if (ec != std::errc() || ptr != end || begin == end) return std::nullopt;
  return out;
}

std::optional<bool> boolean(const json& value) {
  if (value.is_boolean()) return value.get<bool>();
  if (!value.is_string()) return std::nullopt;
  return boolean(std::string_view(value.get_ref<const std::string&>()));
}

std::optional<bool> boolean(std::string_view text) {
  if (boost::iequals(text, "true")) return true;
  if (boost::iequals(text, "false")) return false;
  return std::nullopt;
}

json list(const json& value) {
  if (value.is_array()) return value;
  if (value.is_null()) return json::array();
  return json::array({value});
}

}  // namespace eddy::input
