#include "services/dynamodb/expressions/expression_attributes.hpp"

#include <fmt/format.h>

#include <cctype>

#include "services/dynamodb/expressions/expression_error.hpp"
#include "services/dynamodb/values/attribute_value.hpp"

namespace eddy::services::dynamodb {

namespace {

// "#" or ":" followed by one or more letters, digits or underscores.
bool is_placeholder_key(std::string_view key, char sigil) {
  if (key.size() < 2 || key.front() != sigil) return false;
  for (std::size_t i = 1; i < key.size(); ++i) {
    const auto c = static_cast<unsigned char>(key[i]);
    if (std::isalnum(c) == 0 && c != '_') return false;
  }
  return true;
}

std::string unused_keys_message(std::string_view member, const json& entries,
                                const std::set<std::string, std::less<>>& used) {
  std::string keys;
  for (const auto& [key, _] : entries.items()) {
    if (used.contains(key)) continue;
    if (!keys.empty()) keys += ", ";
    keys += key;
  }
  if (keys.empty()) return {};
  return fmt::format("Value provided in {} unused in expressions: keys: {{{}}}", member, keys);
}

}  // namespace

ExpressionAttributes::ExpressionAttributes(const json& request) {
  if (const auto names = request.find("ExpressionAttributeNames");
      names != request.end() && names->is_object()) {
    if (names->empty()) throw validation_error("ExpressionAttributeNames must not be empty");
    for (const auto& [key, value] : names->items()) {
      if (!is_placeholder_key(key, '#')) {
        throw validation_error(fmt::format(
            "ExpressionAttributeNames contains invalid key: Syntax error; key: \"{}\"", key));
      }
    }
    names_ = *names;
  }
  if (const auto values = request.find("ExpressionAttributeValues");
      values != request.end() && values->is_object()) {
    if (values->empty()) throw validation_error("ExpressionAttributeValues must not be empty");
    for (const auto& [key, value] : values->items()) {
      if (!is_placeholder_key(key, ':')) {
        throw validation_error(fmt::format(
            "ExpressionAttributeValues contains invalid key: Syntax error; key: \"{}\"", key));
      }
    }
    for (const auto& [key, value] : values->items()) {
      values_[key] = normalize_attribute_value(value, "ExpressionAttributeValues", key);
    }
  }
}

const std::string& ExpressionAttributes::name(std::string_view placeholder) {
  const auto found = names_.find(placeholder);
  if (found == names_.end() || !found->is_string()) {
    throw validation_error(fmt::format(
        "An expression attribute name used in the document path is not defined; attribute name: {}",
        placeholder));
  }
  used_names_.emplace(placeholder);
  return found->get_ref<const std::string&>();
}

const json& ExpressionAttributes::value(std::string_view placeholder) {
  const auto found = values_.find(placeholder);
  if (found == values_.end()) {
    throw validation_error(fmt::format(
        "An expression attribute value used in expression is not defined; attribute value: {}",
        placeholder));
  }
  used_values_.emplace(placeholder);
  return *found;
}

void ExpressionAttributes::check_all_used() const {
  // The used sets hold only defined keys: as many as defined means all were used.
  if (used_names_.size() == names_.size() && used_values_.size() == values_.size()) return;
  if (auto message = unused_keys_message("ExpressionAttributeNames", names_, used_names_);
      !message.empty()) {
    throw validation_error(std::move(message));
  }
  if (auto message = unused_keys_message("ExpressionAttributeValues", values_, used_values_);
      !message.empty()) {
    throw validation_error(std::move(message));
  }
}

}  // namespace eddy::services::dynamodb
