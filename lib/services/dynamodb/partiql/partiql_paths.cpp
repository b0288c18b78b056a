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

// The container (an M's object or an L's array) the last element of `path` lives in.
json& parent_container(json& item, const DocumentPath& path) {
  // find_path reads; the item is ours to change, so its answer may be written through.
  json* parent = const_cast<json*>(find_path(item, DocumentPath(path.begin(), path.end() - 1)));
  if (parent == nullptr) throw_invalid_update_path();
  const bool by_name = std::holds_alternative<std::string>(path.back());
  auto container = parent->find(by_name ? "M" : "L");
  if (container == parent->end()) throw_invalid_update_path();
  return *container;
}

}  // namespace

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
