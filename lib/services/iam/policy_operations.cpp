// Managed policies: CreatePolicy, GetPolicy, GetPolicyVersion, ListPolicies, DeletePolicy. The
// account's own policies live in the store; AWS's come from the built-in catalogue.
#include <boost/algorithm/string/case_conv.hpp>

#include "core/ids.hpp"
#include "services/iam/aws_managed_policies.hpp"
#include "services/iam/iam_errors.hpp"
#include "services/iam/iam_input.hpp"
#include "services/iam/iam_limits.hpp"
#include "services/iam/iam_output.hpp"
#include "services/iam/iam_service.hpp"
#include "services/iam/list_page.hpp"
#include "services/iam/policy_document.hpp"
#include "services/iam/policy_table.hpp"
#include "services/iam/role_table.hpp"

namespace eddy::services::iam {
namespace {

using namespace limits;

// Customer managed policies have one version: Eddy serves no CreatePolicyVersion.
constexpr std::string_view kOnlyVersion = "v1";

AwsError policy_not_found(const std::string& arn) {
  return no_such_entity("Policy " + arn + " was not found.");
}

std::string list_key(const ManagedPolicy& policy) {
  return boost::algorithm::to_lower_copy(policy.name) + " " + policy.arn;
}

}  // namespace

Awaitable<json> IamService::CreatePolicy(const Call& call) {
  ManagedPolicy policy;
  policy.name = required_name(call.input, "PolicyName", kMaxPolicyNameLength);
  policy.path = policy_path(call.input, "Path");
  policy.document = required_text(call.input, "PolicyDocument", kMaxDocumentLength);
  check_policy_document(policy.document, PolicyKind::permissions);
  if (policy_size(policy.document) > kMaxManagedPolicySize)
    throw limit_exceeded("Cannot exceed quota for PolicySize: 6144");
  policy.description = description_text(call.input, "Description", kMaxDescriptionLength);
  policy.tags = requested_tags(call.input, "Tags");
  if (policy.tags.size() > kMaxTags)
    throw limit_exceeded("Cannot exceed quota for TagsPerPolicy: 50");
  policy.account = call.account;
  policy.policy_id = "ANPA" + boost::algorithm::to_upper_copy(ids::random_token(17));
  policy.arn = "arn:aws:iam::" + call.account + ":policy" + policy.path + policy.name;

  co_return co_await context_.store.write([&](store::Database& db) -> json {
    if (policy_table::find_by_name(db, call.account, policy.name))
      throw entity_already_exists("A policy called " + policy.name +
                                  " already exists. Duplicate names are not allowed.");
    policy.create_date = now();
    policy.update_date = policy.create_date;
    policy_table::insert(db, policy);
    return {{"Policy", policy_output(policy, 0, Detail::full)}};
  });
}

json IamService::GetPolicy(const Call& call) {
  std::string arn = required_arn(call.input, "PolicyArn");
  auto lock = context_.store.lock();
  auto policy = managed_policy(call.account, arn);
  if (!policy) throw policy_not_found(arn);
  auto attachments = role_table::attachment_count(context_.store.db(), call.account, arn);
  return {{"Policy", policy_output(*policy, attachments, Detail::full)}};
}

json IamService::GetPolicyVersion(const Call& call) {
  std::string arn = required_arn(call.input, "PolicyArn");
  std::string version = required_text(call.input, "VersionId", 128);
  auto lock = context_.store.lock();
  auto policy = managed_policy(call.account, arn);
  if (!policy || version != kOnlyVersion)
    throw no_such_entity("Policy " + arn + " version " + version +
                         " does not exist or is not attachable.");
  return {{"PolicyVersion",
           {{"Document", url_encoded(policy->document)},
            {"VersionId", version},
            {"IsDefaultVersion", true},
            {"CreateDate", policy->update_date}}}};
}

json IamService::ListPolicies(const Call& call) {
  std::string scope = optional_text(call.input, "Scope").value_or("All");
  if (scope != "All" && scope != "AWS" && scope != "Local")
    throw validation_error(scope, "scope", "Member must satisfy enum value set: [All, AWS, Local]");
  bool only_attached = optional_boolean(call.input, "OnlyAttached").value_or(false);
  std::string prefix = path_prefix(call.input, "PathPrefix");
  // No policy serves as a permissions boundary in Eddy.
  if (optional_text(call.input, "PolicyUsageFilter") == "PermissionsBoundary")
    return list_page({}, call.input, "Policies");

  auto lock = context_.store.lock();
  auto& db = context_.store.db();
  std::vector<ManagedPolicy> candidates;
  if (scope != "Local")
    for (const auto& aws : aws_managed_policies()) candidates.push_back(aws.as_managed_policy());
  if (scope != "AWS")
    for (auto& own : policy_table::list(db, call.account)) candidates.push_back(std::move(own));
  std::vector<KeyedItem> items;
  for (const auto& policy : candidates) {
    if (!policy.path.starts_with(prefix)) continue;
    auto attachments = role_table::attachment_count(db, call.account, policy.arn);
    if (only_attached && attachments == 0) continue;
    items.push_back({list_key(policy), policy_output(policy, attachments, Detail::listed)});
  }
  return list_page(std::move(items), call.input, "Policies");
}

Awaitable<json> IamService::DeletePolicy(const Call& call) {
  std::string arn = required_arn(call.input, "PolicyArn");
  if (find_aws_managed_policy(arn))
    throw AwsError("AccessDenied", "AWS managed policy " + arn + " cannot be deleted.", 403);
  co_return co_await context_.store.write([&](store::Database& db) -> json {
    if (!managed_policy(call.account, arn)) throw policy_not_found(arn);
    if (role_table::attachment_count(db, call.account, arn) > 0)
      throw delete_conflict("Cannot delete a policy attached to entities.");
    policy_table::remove(db, arn);
    return json::object();
  });
}

}  // namespace eddy::services::iam
