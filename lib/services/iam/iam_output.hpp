#pragma once
// Roles and policies in the shapes IAM's answers give them.
#include <cstdint>

#include "eddy/json.hpp"
#include "services/iam/iam_model.hpp"

namespace eddy::services::iam {

// Get/Create answers carry tags and RoleLastUsed; list entries leave them out, as AWS does.
enum class Detail { listed, full };

json role_output(const Role& role, Detail detail);
json policy_output(const ManagedPolicy& policy, std::int64_t attachment_count, Detail detail);

}  // namespace eddy::services::iam
