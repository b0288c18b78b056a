#include "services/sqs/request_params.hpp"

#include "core/input.hpp"
#include "services/sqs/sqs_errors.hpp"

namespace eddy::services::sqs::params {

std::string required_string(const json& input, std::string_view key) {
  const json* value = eddy::input::member(input, key);
  if (!value || (value->is_string() && value->get_ref<const std::string&>().empty()))
    throw errors::missing_parameter(key);
  return eddy::input::text(*value);
}

std::optional<std::string> optional_string(const json& input, std::string_view key) {
  const json* value = eddy::input::member(input, key);
  if (!value) return std::nullopt;
  return eddy::input::text(*value);
}

std::optional<std::int64_t> optional_integer(const json& input, std::string_view key,
                                             std::int64_t min, std::int64_t max,
                                             std::string_view reason) {
  const json* value = eddy::input::member(input, key);
  if (!value) return std::nullopt;
  // Typed by the protocol layer: a query-protocol value that was not a number is still text here.
  if (!value->is_number_integer())
    throw errors::invalid_parameter(eddy::input::text(*value), key, reason);
  return integer_in_range(value->get<std::int64_t>(), key, min, max, reason);
}

std::int64_t integer_in_range(std::int64_t value, std::string_view key, std::int64_t min,
                              std::int64_t max, std::string_view reason) {
  if (value < min || value > max)
    throw errors::invalid_parameter(std::to_string(value), key, reason);
  return value;
}

std::vector<std::string> string_list(const json& input, std::string_view key) {
  std::vector<std::string> out;
  const json* value = eddy::input::member(input, key);
  if (!value) return out;
  for (const auto& item : eddy::input::list(*value)) out.push_back(eddy::input::text(item));
  return out;
}

const json& object_member(const json& input, std::string_view key) {
  static const json empty = json::object();
  const json* value = eddy::input::member(input, key);
  if (!value || !value->is_object()) return empty;
  return *value;
}

json entry_list(const json& input, std::string_view key) {
  const json* value = eddy::input::member(input, key);
  if (!value) return json::array();
  return eddy::input::list(*value);
}

}  // namespace eddy::services::sqs::params
