#pragma once
// IAM's pagination: MaxItems (1..1000, default 100), an opaque Marker to continue, and
// IsTruncated on every list answer.
#include <string>
#include <string_view>
#include <vector>

#include "eddy/json.hpp"

namespace eddy::services::iam {

// One listed item and the key the list is ordered by; keys are unique.
struct KeyedItem {
  std::string key;
  json item;
};

// The page the request's Marker and MaxItems select from `items` (in any order; they are sorted
// by key here), as {<list_member>: [...], "IsTruncated": bool, "Marker": "..." when truncated}.
json list_page(std::vector<KeyedItem> items, const json& input, std::string_view list_member);

}  // namespace eddy::services::iam
