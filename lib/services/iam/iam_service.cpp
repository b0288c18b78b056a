#include "services/iam/iam_service.hpp"

#include "core/time_format.hpp"
#include "services/iam/aws_managed_policies.hpp"
#include "services/iam/iam_errors.hpp"
#include "services/iam/iam_input.hpp"
#include "services/iam/iam_schema.hpp"
#include "services/iam/policy_table.hpp"
#include "services/iam/role_table.hpp"
#include "store/clear_tables.hpp"

namespace eddy::services::iam {

const OperationTable<IamService>& IamService::operations() {
  static const OperationTable<IamService> table{
      {"AttachRolePolicy", &IamService::AttachRolePolicy},
      {"CreatePolicy", &IamService::CreatePolicy},
      {"CreateRole", &IamService::CreateRole},
      {"DeletePolicy", &IamService::DeletePolicy},
      {"DeleteRole", &IamService::DeleteRole},
      {"DeleteRolePolicy", &IamService::DeleteRolePolicy},
      {"DetachRolePolicy", &IamService::DetachRolePolicy},
      {"GetPolicy", &IamService::GetPolicy},
      {"GetPolicyVersion", &IamService::GetPolicyVersion},
      {"GetRole", &IamService::GetRole},
      {"GetRolePolicy", &IamService::GetRolePolicy},
      {"ListAttachedRolePolicies", &IamService::ListAttachedRolePolicies},
      {"ListPolicies", &IamService::ListPolicies},
      {"ListRolePolicies", &IamService::ListRolePolicies},
      {"ListRoleTags", &IamService::ListRoleTags},
      {"ListRoles", &IamService::ListRoles},
      {"PutRolePolicy", &IamService::PutRolePolicy},
      {"TagRole", &IamService::TagRole},
      {"UntagRole", &IamService::UntagRole},
      {"UpdateAssumeRolePolicy", &IamService::UpdateAssumeRolePolicy},
      {"UpdateRole", &IamService::UpdateRole},
  };
  return table;
}

IamService::IamService(const ServiceContext& context) : context_(context) {}

void IamService::prepare(store::Database& db) {
  migrate_iam_schema(db);
}

const protocol::ServiceDescription& IamService::description() const {
  // Lists are wrapped <member> lists, the XML writer's default: no output rules needed. The
  // input rules make a bare empty value (TagKeys=) an empty list.
  static const protocol::ServiceDescription description{
      .name = "iam",
      .xml_namespace = "https://iam.amazonaws.com/doc/2010-05-08/",
      .query_input = {{"TagKeys", "TagKeys", protocol::QueryInputKind::list},
                      {"Tags", "Tags", protocol::QueryInputKind::list}},
      .query_scalars = {{"MaxItems", protocol::QueryScalar::integer},
                        {"MaxSessionDuration", protocol::QueryScalar::integer},
                        {"OnlyAttached", protocol::QueryScalar::boolean}},
      .empty_result_operations = {"UpdateRole"},
      .operations = operations().names(),
  };
  return description;
}

Awaitable<json> IamService::call(const Call& call) {
  return operations().dispatch(*this, call);
}

void IamService::reset(store::Database& db) {
  store::clear_tables(db, "iam_");
}

std::optional<Role> IamService::find_role(std::string_view account, std::string_view name) {
  auto lock = context_.store.lock();
  return role_table::find(context_.store.db(), account, name);
}

Role IamService::existing_role(const Call& call) const {
  std::string name = required_name(call.input, "RoleName", 64);
  auto role = role_table::find(context_.store.db(), call.account, name);
  if (!role) throw role_not_found(name);
  return *role;
}

std::optional<ManagedPolicy> IamService::managed_policy(std::string_view account,
                                                        const std::string& arn) const {
  if (const AwsManagedPolicy* aws = find_aws_managed_policy(arn)) return aws->as_managed_policy();
  auto policy = policy_table::find_by_arn(context_.store.db(), arn);
  // Another account's policy is not this account's to see or attach.
  if (!policy || policy->account != account) return std::nullopt;
  return policy;
}

std::string IamService::now() const {
  return time_format::iso8601_seconds(context_.clock.now());
}

}  // namespace eddy::services::iam
