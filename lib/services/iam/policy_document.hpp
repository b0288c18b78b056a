#pragma once
// Policy documents: checked on the way in as IAM checks their grammar (they are stored, never
// enforced), measured against IAM's size quotas, and URL-encoded on the way out as IAM's query
// answers carry them (boto3 decodes them back into dicts).
#include <cstddef>
#include <string>
#include <string_view>

namespace eddy::services::iam {

enum class PolicyKind {
  permissions,  // inline and managed policies: Action and Resource, no Principal
  trust,        // a role's AssumeRolePolicyDocument: Principal, no Resource
};

// Throws MalformedPolicyDocument with IAM's message for the first problem found.
void check_policy_document(std::string_view text, PolicyKind kind);
// What IAM counts against its size quotas: every character but whitespace.
std::size_t policy_size(std::string_view text);
// RFC 3986 percent-encoding: unreserved characters stay, every other byte becomes %XX.
std::string url_encoded(std::string_view text);

}  // namespace eddy::services::iam
