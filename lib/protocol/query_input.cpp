#include "protocol/query_input.hpp"

#include "core/input.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <memory>

namespace eddy::protocol {
namespace {

// Dotted names as a tree: "Attribute.1.Name" -> Attribute -> 1 -> Name.
struct Node {
  std::optional<std::string> value;
  std::map<std::string, std::unique_ptr<Node>, std::less<>> children;
};

bool is_index(std::string_view segment) {
  return !segment.empty() &&
         std::all_of(segment.begin(), segment.end(), [](char c) { return c >= '0' && c <= '9'; });
}

long index_of(std::string_view segment) {
  long out = 0;
  std::from_chars(segment.data(), segment.data() + segment.size(), out);
  return out;
}

// The children of an indexed node ("1", "2", "10"), in numeric order.
std::vector<const Node*> indexed_children(const Node& node) {
  std::vector<std::pair<long, const Node*>> items;
  for (const auto& [key, child] : node.children)
    if (is_index(key)) items.emplace_back(index_of(key), child.get());
  std::sort(items.begin(), items.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<const Node*> out;
  for (const auto& item : items) out.push_back(item.second);
  return out;
}

bool all_indexed(const Node& node) {
  return !node.children.empty() &&
         std::all_of(node.children.begin(), node.children.end(),
                     [](const auto& child) { return is_index(child.first); });
}

const Node* child(const Node& node, std::string_view name) {
  auto it = node.children.find(name);
  return it == node.children.end() ? nullptr : it->second.get();
}

json convert(const Node& node, const ServiceDescription& service);

// `text` as the modelled scalar type of member `name`; text when it does not parse as that type.
json typed_scalar(std::string_view name, const std::string& text,
                  const ServiceDescription& service) {
  auto type = service.query_scalars.find(name);
  if (type == service.query_scalars.end()) return text;
  if (type->second == QueryScalar::boolean) {
    if (auto flag = input::boolean(std::string_view(text))) return *flag;
    return text;
  }
  if (auto number = input::integer(std::string_view(text))) return *number;
  return text;
}

// A list or map member given as one bare value.
json bare_collection(const QueryInputRule& rule, const std::string& text) {
  if (rule.kind == QueryInputKind::map) return json::object();
  return text.empty() ? json::array() : json::array({text});
}

json convert_map(const std::vector<const Node*>& entries, std::string_view key_name,
                 std::string_view value_name, const ServiceDescription& service) {
  json out = json::object();
  for (const Node* entry : entries) {
    const Node* key = child(*entry, key_name);
    const Node* value = child(*entry, value_name);
    if (!key || !key->value) continue;
    out[*key->value] = value ? convert(*value, service) : json("");
  }
  return out;
}

json convert_list(const std::vector<const Node*>& items, const ServiceDescription& service) {
  json out = json::array();
  for (const Node* item : items) out.push_back(convert(*item, service));
  return out;
}

// Wrapped maps name their key and value members key/value (SNS attributes), Name/Value (SNS
// message attributes) or Key/Value.
bool wrapped_map_names(const std::vector<const Node*>& entries, std::string_view& key,
                       std::string_view& value) {
  for (auto [k, v] : {std::pair<std::string_view, std::string_view>{"key", "value"},
                      {"Name", "Value"},
                      {"Key", "Value"}}) {
    if (!entries.empty() && child(*entries.front(), k)) {
      key = k;
      value = v;
      return true;
    }
  }
  return false;
}

json convert_object(const Node& node, const ServiceDescription& service) {
  json out = json::object();
  for (const auto& [name, sub] : node.children) {
    const QueryInputRule* rule = service.query_rule(name);
    std::string json_name = rule ? std::string(rule->json_name) : name;
    if (rule && !sub->value) {
      // A flattened list or map: Attribute.1.Name, or wrapped with member/entry.
      const Node* items = sub.get();
      if (const Node* wrapped = child(*sub, rule->kind == QueryInputKind::map ? "entry" : "member"))
        items = wrapped;
      auto entries = indexed_children(*items);
      out[json_name] = rule->kind == QueryInputKind::map
                           ? convert_map(entries, rule->key_name, rule->value_name, service)
                           : convert_list(entries, service);
    } else if (rule && sub->children.empty()) {
      out[json_name] = bare_collection(*rule, *sub->value);
    } else if (sub->value && sub->children.empty()) {
      out[json_name] = typed_scalar(name, *sub->value, service);
    } else {
      out[json_name] = convert(*sub, service);
    }
  }
  return out;
}

json convert(const Node& node, const ServiceDescription& service) {
  if (node.value && node.children.empty()) return *node.value;
  if (node.children.size() == 1) {
    const auto& [name, only] = *node.children.begin();
    if (name == "member" && all_indexed(*only))
      return convert_list(indexed_children(*only), service);
    if (name == "entry" && all_indexed(*only)) {
      auto entries = indexed_children(*only);
      std::string_view key, value;
      if (wrapped_map_names(entries, key, value)) return convert_map(entries, key, value, service);
    }
  }
  if (all_indexed(node)) return convert_list(indexed_children(node), service);
  return convert_object(node, service);
}

}  // namespace

bool is_plain_list_index(std::string_view segment) {
  return is_index(segment) && segment.size() <= 9 &&
         (segment.size() == 1 || segment.front() != '0');
}

json query_fields_to_json(const FormFields& fields, const ServiceDescription& service) {
  Node root;
  for (const auto& [name, value] : fields) {
    if (name == "Action" || name == "Version") continue;
    Node* node = &root;
    std::string_view rest = name;
    while (true) {
      auto dot = rest.find('.');
      std::string_view segment = rest.substr(0, dot);
      auto& slot = node->children[std::string(segment)];
      if (!slot) slot = std::make_unique<Node>();
      node = slot.get();
      if (dot == std::string_view::npos) break;
      rest = rest.substr(dot + 1);
    }
    node->value = value;
  }
  return convert_object(root, service);
}

}  // namespace eddy::protocol
