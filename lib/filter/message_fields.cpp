#include "filter/message_fields.hpp"

#include <charconv>

namespace eddy::filter {
namespace {

// Jackson, which parses bodies for AWS, refuses deeper documents; deeper values never match.
constexpr std::size_t kMaxArrayNesting = 1000;

const json* member(const json& object, const char* name, const char* alternative) {
  if (auto it = object.find(name); it != object.end()) return &*it;
  if (auto it = object.find(alternative); it != object.end()) return &*it;
  return nullptr;
}

// A Number attribute's value as a JSON number, or nothing if it does not read as one.
std::optional<json> parse_number(const std::string& text) {
  const char* begin = text.data();
  const char* end = begin + text.size();
  std::int64_t integer = 0;
  if (auto [stop, error] = std::from_chars(begin, end, integer);
      error == std::errc() && stop == end) {
    return json(integer);
  }
  double value = 0;
  auto [stop, error] = std::from_chars(begin, end, value);
  if (error == std::errc() && stop == end) return json(value);
  return std::nullopt;
}

}  // namespace

void PolicyPaths::add(std::string_view path) {
  paths_.emplace(path);
  for (std::size_t dot = path.find('.'); dot != std::string_view::npos;
       dot = path.find('.', dot + 1)) {
    prefixes_.emplace(path.substr(0, dot));
  }
}

bool consistent(const MessageField& a, const MessageField& b) {
  std::size_t shared = std::min(a.arrays.size(), b.arrays.size());
  for (std::size_t i = 0; i < shared; ++i) {
    if (a.arrays[i].array != b.arrays[i].array) return true;  // separate arrays from here on
    if (a.arrays[i].index != b.arrays[i].index) return false;
  }
  return true;
}

void MessageFields::collect(const json& node, const std::string& path, const PolicyPaths& paths,
                            std::vector<ArrayPosition>& arrays) {
  if (node.is_object()) {
    if (!paths.leads_to_path(path)) return;
    for (const auto& [key, value] : node.items()) {
      std::string child = path + "." + key;
      if (paths.is_path(child) || paths.leads_to_path(child)) collect(value, child, paths, arrays);
    }
  } else if (node.is_array()) {
    if (arrays.size() >= kMaxArrayNesting) return;
    std::uint32_t array = next_array_++;
    std::uint32_t index = 0;
    for (const auto& element : node) {
      arrays.push_back({array, index++});
      collect(element, path, paths, arrays);
      arrays.pop_back();
    }
  } else if (paths.is_path(path)) {
    fields_[path].push_back({&node, arrays});
  }
}

MessageFields MessageFields::from_body(const json& body, const PolicyPaths& paths) {
  MessageFields fields;
  if (!body.is_object()) return fields;
  std::vector<ArrayPosition> arrays;
  for (const auto& [key, value] : body.items()) {
    if (paths.is_path(key) || paths.leads_to_path(key)) fields.collect(value, key, paths, arrays);
  }
  return fields;
}

std::optional<json> decode_attribute(const json& attribute) {
  if (!attribute.is_object()) return std::nullopt;
  const json* type = member(attribute, "DataType", "Type");
  const json* value = member(attribute, "StringValue", "Value");
  if (!type || !type->is_string() || !value || !value->is_string()) return std::nullopt;
  const auto& data_type = type->get_ref<const std::string&>();
  const auto& text = value->get_ref<const std::string&>();
  if (data_type.starts_with("Binary")) return std::nullopt;
  if (data_type == "String.Array" || data_type == "Number.Array") {
    json parsed = json::parse(text, nullptr, false);
    if (!parsed.is_discarded()) return parsed;
  } else if (data_type.starts_with("Number")) {
    if (auto number = parse_number(text)) return number;
  }
  return *value;
}

MessageFields MessageFields::from_attributes(const json& attributes, const PolicyPaths& paths) {
  MessageFields fields;
  if (!attributes.is_object()) return fields;
  std::vector<ArrayPosition> arrays;
  for (const auto& [name, attribute] : attributes.items()) {
    if (!paths.is_path(name)) continue;
    if (auto decoded = decode_attribute(attribute)) {
      fields.collect(fields.owned_values_.emplace_back(std::move(*decoded)), name, paths, arrays);
    }
  }
  return fields;
}

MessageFields MessageFields::from_decoded_attributes(const json& decoded,
                                                     const PolicyPaths& paths) {
  MessageFields fields;
  if (!decoded.is_object()) return fields;
  std::vector<ArrayPosition> arrays;
  for (const auto& [name, value] : decoded.items()) {
    if (paths.is_path(name)) fields.collect(value, name, paths, arrays);
  }
  return fields;
}

const std::vector<MessageField>* MessageFields::at(const std::string& path) const {
  auto it = fields_.find(path);
  return it == fields_.end() ? nullptr : &it->second;
}

}  // namespace eddy::filter
