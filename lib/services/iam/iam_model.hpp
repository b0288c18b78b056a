#pragma once
// IAM's entities as stored.
#include <cstdint>
#include <optional>
#include <string>

#include "eddy/json.hpp"

namespace eddy::services::iam {

struct Role {
  std::string role_id;  // "AROA" + 17
  std::string account;
  std::string name;
  std::string path;  // "/" or "/a/b/"
  std::string arn;   // arn:aws:iam::<account>:role<path><name>
  std::string create_date;
  std::string trust_policy;  // the AssumeRolePolicyDocument, as given
  std::optional<std::string> description;
  std::int64_t max_session_duration = 3600;
  json tags = json::array();  // [{"Key", "Value"}]
};

// A managed policy: an account's own (one per name, with one version, v1) or one of AWS's
// (account "aws").
struct ManagedPolicy {
  std::string policy_id;  // "ANPA" + 17
  std::string account;
  std::string name;
  std::string path;
  std::string arn;  // arn:aws:iam::<account>:policy<path><name>
  std::optional<std::string> description;
  std::string create_date;
  std::string update_date;
  std::string document;  // of the default version
  json tags = json::array();
};

}  // namespace eddy::services::iam
