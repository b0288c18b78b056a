#include "services/iam/iam_output.hpp"

#include "services/iam/policy_document.hpp"

namespace eddy::services::iam {

json role_output(const Role& role, Detail detail) {
  json out = {
      {"Path", role.path},
      {"RoleName", role.name},
      {"RoleId", role.role_id},
      {"Arn", role.arn},
      {"CreateDate", role.create_date},
      {"AssumeRolePolicyDocument", url_encoded(role.trust_policy)},
      {"MaxSessionDuration", role.max_session_duration},
  };
  if (role.description) out["Description"] = *role.description;
  if (detail == Detail::full) {
    if (!role.tags.empty()) out["Tags"] = role.tags;
    out["RoleLastUsed"] = json::object();  // Eddy does not track use
  }
  return out;
}

json policy_output(const ManagedPolicy& policy, std::int64_t attachment_count, Detail detail) {
  json out = {
      {"PolicyName", policy.name},
      {"PolicyId", policy.policy_id},
      {"Arn", policy.arn},
      {"Path", policy.path},
      {"DefaultVersionId", "v1"},
      {"AttachmentCount", attachment_count},
      {"PermissionsBoundaryUsageCount", 0},
      {"IsAttachable", true},
      {"CreateDate", policy.create_date},
      {"UpdateDate", policy.update_date},
  };
  if (detail == Detail::full) {
    if (policy.description) out["Description"] = *policy.description;
    if (!policy.tags.empty()) out["Tags"] = policy.tags;
  }
  return out;
}

}  // namespace eddy::services::iam
