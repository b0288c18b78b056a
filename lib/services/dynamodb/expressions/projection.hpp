#pragma once
// ProjectionExpression (or legacy AttributesToGet): which attributes, or parts of them, a read
// returns.
#include <string_view>
#include <vector>

#include "eddy/json.hpp"
#include "services/dynamodb/expressions/document_path.hpp"
#include "services/dynamodb/expressions/expression_attributes.hpp"

namespace eddy::services::dynamodb {

class Projection {
 public:
  // Throws ValidationException as AWS does (syntax, undefined #names, overlapping or
  // conflicting paths: "Invalid ProjectionExpression: Two document paths overlap with each
  // other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]").
  static Projection parse(std::string_view text, ExpressionAttributes& attributes);
  static Projection from_attributes_to_get(const json& names);
  // Paths already checked elsewhere, such as an Update's paths() for ReturnValues UPDATED_OLD /
  // UPDATED_NEW, which return the updated parts of the item in the same shape.
  static Projection from_paths(std::vector<DocumentPath> paths);

  // The item reduced to the projected paths; list elements keep their order and are compacted as
  // AWS does.
  json apply(const json& item) const;

  const std::vector<DocumentPath>& paths() const { return paths_; }

 private:
  std::vector<DocumentPath> paths_;
};

}  // namespace eddy::services::dynamodb
