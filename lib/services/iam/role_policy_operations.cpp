// A role's permissions: inline policies (Put/Get/Delete/ListRolePolicies) and attached managed
// policies (Attach/Detach/ListAttachedRolePolicies).
#include <algorithm>

#include <boost/algorithm/string/case_conv.hpp>

#include "services/iam/iam_errors.hpp"
#include "services/iam/iam_input.hpp"
#include "services/iam/iam_limits.hpp"
#include "services/iam/iam_service.hpp"
#include "services/iam/list_page.hpp"
#include "services/iam/policy_document.hpp"
#include "services/iam/role_table.hpp"

namespace eddy::services::iam {
namespace {

using namespace limits;

AwsError role_policy_not_found(const std::string& name) {
  return no_such_entity("The role policy with name " + name + " cannot be found.");
}

}  // namespace

Awaitable<json> IamService::PutRolePolicy(const Call& call) {
  std::string name = required_name(call.input, "PolicyName", kMaxPolicyNameLength);
  std::string document = required_text(call.input, "PolicyDocument", kMaxDocumentLength);
  check_policy_document(document, PolicyKind::permissions);
  co_return co_await context_.store.write([&](store::Database& db) -> json {
    Role role = existing_role(call);
    std::size_t total = policy_size(document);
    for (const auto& [other, text] : role_table::inline_policies(db, role.role_id))
      if (other != name) total += policy_size(text);
    if (total > kMaxInlinePoliciesSize)
      throw limit_exceeded("Maximum policy size of 10240 bytes exceeded for role " + role.name);
    role_table::put_inline_policy(db, role.role_id, name, document);
    return json::object();
  });
}

json IamService::GetRolePolicy(const Call& call) {
  std::string name = required_name(call.input, "PolicyName", kMaxPolicyNameLength);
  auto lock = context_.store.lock();
  Role role = existing_role(call);
  auto document = role_table::inline_policy(context_.store.db(), role.role_id, name);
  if (!document) throw role_policy_not_found(name);
  return {
      {"RoleName", role.name}, {"PolicyName", name}, {"PolicyDocument", url_encoded(*document)}};
}

Awaitable<json> IamService::DeleteRolePolicy(const Call& call) {
  std::string name = required_name(call.input, "PolicyName", kMaxPolicyNameLength);
  co_return co_await context_.store.write([&](store::Database& db) -> json {
    Role role = existing_role(call);
    if (!role_table::delete_inline_policy(db, role.role_id, name))
      throw role_policy_not_found(name);
    return json::object();
  });
}

json IamService::ListRolePolicies(const Call& call) {
  auto lock = context_.store.lock();
  Role role = existing_role(call);
  std::vector<KeyedItem> items;
  for (auto& [name, document] : role_table::inline_policies(context_.store.db(), role.role_id))
    items.push_back({name, name});
  return list_page(std::move(items), call.input, "PolicyNames");
}

Awaitable<json> IamService::AttachRolePolicy(const Call& call) {
  std::string arn = required_arn(call.input, "PolicyArn");
  co_return co_await context_.store.write([&](store::Database& db) -> json {
    Role role = existing_role(call);
    if (!managed_policy(call.account, arn))
      throw no_such_entity("Policy " + arn + " does not exist or is not attachable.");
    auto attached = role_table::attached_policies(db, role.role_id);
    if (std::find(attached.begin(), attached.end(), arn) != attached.end()) return json::object();
    if (attached.size() >= kMaxAttachedPolicies)
      throw limit_exceeded("Cannot exceed quota for PoliciesPerRole: 10");
    role_table::attach(db, role.role_id, arn);
    return json::object();
  });
}

Awaitable<json> IamService::DetachRolePolicy(const Call& call) {
  std::string arn = required_arn(call.input, "PolicyArn");
  co_return co_await context_.store.write([&](store::Database& db) -> json {
    Role role = existing_role(call);
    if (!role_table::detach(db, role.role_id, arn))
      throw no_such_entity("Policy " + arn + " was not found.");
    return json::object();
  });
}

json IamService::ListAttachedRolePolicies(const Call& call) {
  std::string prefix = path_prefix(call.input, "PathPrefix");
  auto lock = context_.store.lock();
  Role role = existing_role(call);
  std::vector<KeyedItem> items;
  for (const auto& arn : role_table::attached_policies(context_.store.db(), role.role_id)) {
    auto policy = managed_policy(call.account, arn);
    if (!policy || !policy->path.starts_with(prefix)) continue;
    items.push_back({boost::algorithm::to_lower_copy(policy->name) + " " + arn,
                     {{"PolicyName", policy->name}, {"PolicyArn", arn}}});
  }
  return list_page(std::move(items), call.input, "AttachedPolicies");
}

}  // namespace eddy::services::iam
