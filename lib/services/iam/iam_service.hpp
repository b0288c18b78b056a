#pragma once
// AWS Identity and Access Management: roles, their inline and attached policies, customer
// managed policies and a catalogue of AWS managed ones. Policies are stored and returned, never
// enforced. IAM is global: one namespace per account whatever region a request names.
#include <optional>
#include <string>
#include <string_view>

#include "services/iam/iam_model.hpp"
#include "services/service.hpp"
#include "services/service_context.hpp"

namespace eddy::services::iam {

class IamService final : public Service {
 public:
  explicit IamService(const ServiceContext& context);

  const protocol::ServiceDescription& description() const override;
  Awaitable<json> call(const Call& call) override;
  void prepare(store::Database& db) override;
  void reset(store::Database& db) override;

  // For STS: the role named `name` in `account`, if it exists. Takes the store lock.
  std::optional<Role> find_role(std::string_view account, std::string_view name);

 private:
  static const OperationTable<IamService>& operations();

  // Roles (role_operations.cpp).
  Awaitable<json> CreateRole(const Call& call);
  json GetRole(const Call& call);
  json ListRoles(const Call& call);
  Awaitable<json> DeleteRole(const Call& call);
  Awaitable<json> UpdateRole(const Call& call);
  Awaitable<json> UpdateAssumeRolePolicy(const Call& call);
  // Role tags (role_tag_operations.cpp).
  Awaitable<json> TagRole(const Call& call);
  Awaitable<json> UntagRole(const Call& call);
  json ListRoleTags(const Call& call);
  // Inline policies and attachments (role_policy_operations.cpp).
  Awaitable<json> PutRolePolicy(const Call& call);
  json GetRolePolicy(const Call& call);
  Awaitable<json> DeleteRolePolicy(const Call& call);
  json ListRolePolicies(const Call& call);
  Awaitable<json> AttachRolePolicy(const Call& call);
  Awaitable<json> DetachRolePolicy(const Call& call);
  json ListAttachedRolePolicies(const Call& call);
  // Managed policies (policy_operations.cpp).
  Awaitable<json> CreatePolicy(const Call& call);
  json GetPolicy(const Call& call);
  json GetPolicyVersion(const Call& call);
  json ListPolicies(const Call& call);
  Awaitable<json> DeletePolicy(const Call& call);

  // The role the request's RoleName names; NoSuchEntity when none. The caller holds the lock.
  Role existing_role(const Call& call) const;
  // The managed policy `arn` names that `account` may use (AWS's, or its own), if any. The
  // caller holds the lock.
  std::optional<ManagedPolicy> managed_policy(std::string_view account,
                                              const std::string& arn) const;
  std::string now() const;

  ServiceContext context_;
};

}  // namespace eddy::services::iam
