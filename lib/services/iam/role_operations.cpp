// Role operations: CreateRole, GetRole, ListRoles, DeleteRole, UpdateRole,
// UpdateAssumeRolePolicy.
#include <boost/algorithm/string/case_conv.hpp>

#include "core/ids.hpp"
#include "services/iam/iam_errors.hpp"
#include "services/iam/iam_input.hpp"
#include "services/iam/iam_limits.hpp"
#include "services/iam/iam_output.hpp"
#include "services/iam/iam_service.hpp"
#include "services/iam/list_page.hpp"
#include "services/iam/policy_document.hpp"
#include "services/iam/role_table.hpp"

namespace eddy::services::iam {
namespace {

using namespace limits;

std::string checked_trust_policy(const json& input, std::string_view member) {
  std::string document = required_text(input, member, kMaxDocumentLength);
  check_policy_document(document, PolicyKind::trust);
  if (policy_size(document) > kMaxTrustPolicySize)
    throw limit_exceeded("Cannot exceed quota for ACLSizePerRole: 2048");
  return document;
}

// IAM ids: a four-letter prefix saying what they name, then 17 of [A-Z0-9].
std::string new_role_id() {
  return "AROA" + boost::algorithm::to_upper_copy(ids::random_token(17));
}

}  // namespace

Awaitable<json> IamService::CreateRole(const Call& call) {
  Role role;
  role.name = required_name(call.input, "RoleName", kMaxRoleNameLength);
  role.path = role_path(call.input, "Path");
  role.trust_policy = checked_trust_policy(call.input, "AssumeRolePolicyDocument");
  role.description = description_text(call.input, "Description", kMaxDescriptionLength);
  role.max_session_duration =
      bounded_integer(call.input, "MaxSessionDuration", kMinSessionDuration, kMaxSessionDuration)
          .value_or(kMinSessionDuration);
  role.tags = requested_tags(call.input, "Tags");
  if (role.tags.size() > kMaxTags) throw limit_exceeded("Cannot exceed quota for TagsPerRole: 50");
  role.account = call.account;
  role.role_id = new_role_id();
  role.arn = "arn:aws:iam::" + call.account + ":role" + role.path + role.name;

  co_return co_await context_.store.write([&](store::Database& db) -> json {
    if (role_table::find(db, call.account, role.name))
      throw entity_already_exists("Role with name " + role.name + " already exists.");
    role.create_date = now();
    role_table::insert(db, role);
    return {{"Role", role_output(role, Detail::full)}};
  });
}

json IamService::GetRole(const Call& call) {
  auto lock = context_.store.lock();
  return {{"Role", role_output(existing_role(call), Detail::full)}};
}

json IamService::ListRoles(const Call& call) {
  std::string prefix = path_prefix(call.input, "PathPrefix");
  auto lock = context_.store.lock();
  std::vector<KeyedItem> items;
  for (const Role& role : role_table::list(context_.store.db(), call.account))
    if (role.path.starts_with(prefix))
      items.push_back(
          {boost::algorithm::to_lower_copy(role.name), role_output(role, Detail::listed)});
  return list_page(std::move(items), call.input, "Roles");
}

Awaitable<json> IamService::DeleteRole(const Call& call) {
  co_return co_await context_.store.write([&](store::Database& db) -> json {
    Role role = existing_role(call);
    if (!role_table::attached_policies(db, role.role_id).empty())
      throw delete_conflict("Cannot delete entity, must detach all policies first.");
    if (!role_table::inline_policies(db, role.role_id).empty())
      throw delete_conflict("Cannot delete entity, must delete policies first.");
    role_table::remove(db, role.role_id);
    return json::object();
  });
}

Awaitable<json> IamService::UpdateRole(const Call& call) {
  auto description_given = description_text(call.input, "Description", kMaxDescriptionLength);
  auto duration =
      bounded_integer(call.input, "MaxSessionDuration", kMinSessionDuration, kMaxSessionDuration);
  co_return co_await context_.store.write([&](store::Database& db) -> json {
    Role role = existing_role(call);
    if (description_given) role.description = *description_given;
    if (duration) role.max_session_duration = *duration;
    role_table::update(db, role);
    return json::object();
  });
}

Awaitable<json> IamService::UpdateAssumeRolePolicy(const Call& call) {
  std::string document = checked_trust_policy(call.input, "PolicyDocument");
  co_return co_await context_.store.write([&](store::Database& db) -> json {
    Role role = existing_role(call);
    role.trust_policy = std::move(document);
    role_table::update(db, role);
    return json::object();
  });
}

}  // namespace eddy::services::iam
