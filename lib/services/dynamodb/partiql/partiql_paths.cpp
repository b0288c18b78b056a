#include "services/dynamodb/partiql/partiql_paths.hpp"

#include <string>
#include <variant>

#include "eddy/aws_error.hpp"

namespace eddy::services::dynamodb::partiql {
namespace {

[[noreturn]] void throw_invalid_update_path() {
  throw AwsError("ValidationException",
                 "The document path provided in the update expression is invalid for update");
}

// One step into an AttributeValue's container: the member for a name in an M, the element for
// an index in an L; nullptr otherwise. `Json` is json or const json.
template <typename Json>
Json* step_into(Json& value, const PathElement& element) {
  if (const auto* name = std::get_if<std::string>(&element)) {
    auto map = value.find("M");
    if (map == value.end()) return nullptr;
    auto member = map->find(*name);
    return member == map->end() ? nullptr : &*member;
  }
  auto list = value.find("L");
  const std::size_t index = std::get<std::size_t>(element);
  if (list == value.end() || index >= list->size()) return nullptr;
  return &(*list)[index];
}

template <typename Json>
Json* walk_path(Json& item, DocumentPath::const_iterator begin, DocumentPath::const_iterator end) {
  if (begin == end || !std::holds_alternative<std::string>(*begin)) return nullptr;
  auto top = item.find(std::get<std::string>(*begin));
  if (top == item.end()) return nullptr;
  Json* value = &*top;
  for (auto step = begin + 1; step != end && value != nullptr; ++step)
    value = step_into(*value, *step);
  return value;
}

// The container (an M's object or an L's array) the last element of `path` lives in.
json& parent_container(json& item, const DocumentPath& path) {
  json* parent = walk_path(item, path.begin(), path.end() - 1);
  if (parent == nullptr) throw_invalid_update_path();
  const bool by_name = std::holds_alternative<std::string>(path.back());
  auto container = parent->find(by_name ? "M" : "L");
  if (container == parent->end()) throw_invalid_update_path();
  return *container;
}

}  // namespace

const json* value_at(const json& item, const DocumentPath& path) {
  return walk_path(item, path.begin(), path.end());
}

void set_value_at(json& item, const DocumentPath& path, json value) {
  if (path.size() == 1) {
    item[std::get<std::string>(path.front())] = std::move(value);
    return;
  }
  json& container = parent_container(item, path);
  if (const auto* name = std::get_if<std::string>(&path.back())) {
    container[*name] = std::move(value);
    return;
  }
  const std::size_t index = std::get<std::size_t>(path.back());
  if (index < container.size()) {
    container[index] = std::move(value);
  } else {
    container.push_back(std::move(value));
  }
}

void remove_value_at(json& item, const DocumentPath& path) {
  if (path.size() == 1) {
    item.erase(std::get<std::string>(path.front()));
    return;
  }
  json& container = parent_container(item, path);
  if (const auto* name = std::get_if<std::string>(&path.back())) {
    container.erase(*name);
    return;
  }
  const std::size_t index = std::get<std::size_t>(path.back());
  if (index < container.size()) container.erase(index);
}

}  // namespace eddy::services::dynamodb::partiql
