// SELECT's projection: the parts of an item its paths name. Paths are merged into one tree first
// so a.b and a.c keep both members of a, and list elements keep their order, compacted, as
// DynamoDB returns them. RETURNING MODIFIED reduces an image the same way, to the paths an UPDATE
// sets or removes.
#include <map>
#include <variant>

#include "services/dynamodb/partiql/partiql_statement.hpp"

namespace eddy::services::dynamodb::partiql {
namespace {

struct ProjectionTree {
  bool whole = false;  // this value is projected entirely
  std::map<std::string, ProjectionTree> members;
  std::map<std::size_t, ProjectionTree> elements;
};

std::optional<json> projected_value(const json& value, const ProjectionTree& tree) {
  if (tree.whole) return value;
  if (!tree.members.empty() && value.contains("M")) {
    json map = json::object();
    for (const auto& [name, subtree] : tree.members) {
      auto member = value["M"].find(name);
      if (member == value["M"].end()) continue;
      if (auto projected = projected_value(*member, subtree)) map[name] = std::move(*projected);
    }
    if (!map.empty()) return json{{"M", std::move(map)}};
  }
  if (!tree.elements.empty() && value.contains("L")) {
    json list = json::array();
    for (const auto& [index, subtree] : tree.elements) {
      if (index >= value["L"].size()) continue;
      if (auto projected = projected_value(value["L"][index], subtree))
        list.push_back(std::move(*projected));
    }
    if (!list.empty()) return json{{"L", std::move(list)}};
  }
  return std::nullopt;
}

json partiql_project_paths(const json& stored, const std::vector<DocumentPath>& paths) {
  ProjectionTree root;
  for (const DocumentPath& path : paths) {
    ProjectionTree* node = &root;
    for (const PathElement& element : path) {
      if (const auto* name = std::get_if<std::string>(&element))
        node = &node->members[*name];
      else
        node = &node->elements[std::get<std::size_t>(element)];
    }
    node->whole = true;
  }
  json result = json::object();
  for (const auto& [name, subtree] : root.members) {
    auto attribute = stored.find(name);
    if (attribute == stored.end()) continue;
    if (auto projected = projected_value(*attribute, subtree)) result[name] = std::move(*projected);
  }
  return result;
}

}  // namespace

json Statement::project(const json& stored) const {
  if (projection.empty()) return stored;
  return partiql_project_paths(stored, projection);
}

json Statement::returned(const json* old_item, const json* new_item) const {
  const json* image = returning && returning->new_image ? new_item : old_item;
  if (!returning || !image) return nullptr;
  if (returning->all) return *image;
  std::vector<DocumentPath> modified = remove_paths;
  for (const auto& action : set_actions) modified.push_back(action.path);
  return partiql_project_paths(*image, modified);
}

}  // namespace eddy::services::dynamodb::partiql
