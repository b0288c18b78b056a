#include "services/dynamodb/expressions/document_path.hpp"

#include <fmt/format.h>

namespace eddy::services::dynamodb {

const json* find_path(const json& item, const DocumentPath& path) {
  if (path.empty() || !item.is_object()) return nullptr;
  const auto* top = std::get_if<std::string>(&path.front());
  if (top == nullptr) return nullptr;
  const auto found = item.find(*top);
  if (found == item.end()) return nullptr;
  const json* current = &*found;
  for (std::size_t i = 1; i < path.size(); ++i) {
    if (const auto* key = std::get_if<std::string>(&path[i])) {
      const auto map = current->find("M");
      if (map == current->end() || !map->is_object()) return nullptr;
      const auto member = map->find(*key);
      if (member == map->end()) return nullptr;
      current = &*member;
    } else {
      const auto index = std::get<std::size_t>(path[i]);
      const auto list = current->find("L");
      if (list == current->end() || !list->is_array() || index >= list->size()) return nullptr;
      current = &(*list)[index];
    }
  }
  return current;
}

std::string path_to_string(const DocumentPath& path) {
  std::string text;
  for (const auto& element : path) {
    if (const auto* name = std::get_if<std::string>(&element)) {
      if (!text.empty()) text += '.';
      text += *name;
    } else {
      text += fmt::format("[{}]", std::get<std::size_t>(element));
    }
  }
  return text;
}

}  // namespace eddy::services::dynamodb
