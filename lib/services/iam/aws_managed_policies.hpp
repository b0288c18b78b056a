#pragma once
// The AWS managed policies Eddy knows (arn:aws:iam::aws:policy/...): the ones course material
// and Lambda tutorials attach, with their real names and paths. Their documents are the real
// ones for the Lambda execution roles and shortened for the broad ones (ReadOnlyAccess lists a
// few hundred actions in AWS); nothing enforces them either way.
#include <span>
#include <string>
#include <string_view>

#include "services/iam/iam_model.hpp"

namespace eddy::services::iam {

struct AwsManagedPolicy {
  std::string_view name;
  std::string_view path;
  std::string_view description;
  std::string_view create_date;
  std::string_view update_date;
  std::string_view document;

  std::string arn() const;
  // A stable "ANPA..." id derived from the name: the same in every run and every account.
  std::string policy_id() const;
  ManagedPolicy as_managed_policy() const;
};

std::span<const AwsManagedPolicy> aws_managed_policies();
// The policy `arn` names, or null when it is not an AWS managed policy Eddy knows.
const AwsManagedPolicy* find_aws_managed_policy(std::string_view arn);

}  // namespace eddy::services::iam
