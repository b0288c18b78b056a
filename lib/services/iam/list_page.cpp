#include "services/iam/list_page.hpp"

#include <algorithm>

#include "core/base64.hpp"
#include "services/iam/iam_errors.hpp"
#include "services/iam/iam_input.hpp"

namespace eddy::services::iam {
namespace {

constexpr std::int64_t kDefaultMaxItems = 100;
constexpr std::int64_t kLargestMaxItems = 1000;
// Markers name the key of the first item of the next page, so a page stays correct when items
// before it are deleted between requests.
constexpr std::string_view kMarkerPrefix = "eddy-iam:";

std::string marker_for(const std::string& key) {
  return base64::encode(std::string(kMarkerPrefix) + key);
}

std::string key_of_marker(const std::string& marker) {
  auto decoded = base64::decode(marker);
  if (!decoded || decoded->rfind(kMarkerPrefix, 0) != 0)
    throw validation_error(marker, "marker", "Member must be a marker this service returned");
  return decoded->substr(kMarkerPrefix.size());
}

}  // namespace

json list_page(std::vector<KeyedItem> items, const json& input, std::string_view list_member) {
  std::int64_t max_items =
      bounded_integer(input, "MaxItems", 1, kLargestMaxItems).value_or(kDefaultMaxItems);
  std::sort(items.begin(), items.end(),
            [](const KeyedItem& a, const KeyedItem& b) { return a.key < b.key; });
  auto first = items.begin();
  if (auto marker = optional_text(input, "Marker"); marker && !marker->empty()) {
    std::string key = key_of_marker(*marker);
    first =
        std::lower_bound(items.begin(), items.end(), key,
                         [](const KeyedItem& item, const std::string& k) { return item.key < k; });
  }
  json page = json::array();
  auto it = first;
  for (; it != items.end() && static_cast<std::int64_t>(page.size()) < max_items; ++it)
    page.push_back(std::move(it->item));
  json out = {{std::string(list_member), std::move(page)}, {"IsTruncated", it != items.end()}};
  if (it != items.end()) out["Marker"] = marker_for(it->key);
  return out;
}

}  // namespace eddy::services::iam
