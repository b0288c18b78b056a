// Role tags: TagRole, UntagRole, ListRoleTags. IAM compares tag keys without case.
#include <algorithm>

#include <boost/algorithm/string/case_conv.hpp>
#include <boost/algorithm/string/predicate.hpp>

#include "core/input.hpp"
#include "services/iam/iam_errors.hpp"
#include "services/iam/iam_input.hpp"
#include "services/iam/iam_limits.hpp"
#include "services/iam/iam_service.hpp"
#include "services/iam/list_page.hpp"
#include "services/iam/role_table.hpp"

namespace eddy::services::iam {
namespace {

using namespace limits;

bool same_key(const json& tag, const std::string& key) {
  return boost::algorithm::iequals(tag["Key"].get_ref<const std::string&>(), key);
}

}  // namespace

Awaitable<json> IamService::TagRole(const Call& call) {
  if (!input::member(call.input, "Tags")) throw missing_member("tags");
  json added = requested_tags(call.input, "Tags");
  co_return co_await context_.store.write([&](store::Database& db) -> json {
    Role role = existing_role(call);
    for (const auto& tag : added) {
      const auto& key = tag["Key"].get_ref<const std::string&>();
      auto it = std::find_if(role.tags.begin(), role.tags.end(),
                             [&](const json& t) { return same_key(t, key); });
      if (it != role.tags.end())
        *it = tag;
      else
        role.tags.push_back(tag);
    }
    if (role.tags.size() > kMaxTags)
      throw limit_exceeded("Cannot exceed quota for TagsPerRole: 50");
    role_table::update(db, role);
    return json::object();
  });
}

Awaitable<json> IamService::UntagRole(const Call& call) {
  if (!input::member(call.input, "TagKeys")) throw missing_member("tagKeys");
  json keys = list_member(call.input, "TagKeys");
  co_return co_await context_.store.write([&](store::Database& db) -> json {
    Role role = existing_role(call);
    json kept = json::array();
    for (const auto& tag : role.tags) {
      bool removed = std::any_of(keys.begin(), keys.end(),
                                 [&](const json& key) { return same_key(tag, input::text(key)); });
      if (!removed) kept.push_back(tag);
    }
    role.tags = std::move(kept);
    role_table::update(db, role);
    return json::object();
  });
}

json IamService::ListRoleTags(const Call& call) {
  auto lock = context_.store.lock();
  Role role = existing_role(call);
  std::vector<KeyedItem> items;
  for (auto& tag : role.tags)
    items.push_back({boost::algorithm::to_lower_copy(tag["Key"].get<std::string>()), tag});
  return list_page(std::move(items), call.input, "Tags");
}

}  // namespace eddy::services::iam
