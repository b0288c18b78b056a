#pragma once
// IAM's quotas and member lengths, as its API reference and quota page give them.
#include <cstddef>
#include <cstdint>

namespace eddy::services::iam::limits {

constexpr std::size_t kMaxRoleNameLength = 64;
constexpr std::size_t kMaxPolicyNameLength = 128;
constexpr std::size_t kMaxDocumentLength = 131072;
constexpr std::size_t kMaxDescriptionLength = 1000;
constexpr std::size_t kMaxTags = 50;
// Sizes below are counted without whitespace, as IAM counts them.
constexpr std::size_t kMaxTrustPolicySize = 2048;
constexpr std::size_t kMaxManagedPolicySize = 6144;
constexpr std::size_t kMaxInlinePoliciesSize = 10240;
constexpr std::size_t kMaxAttachedPolicies = 10;
constexpr std::int64_t kMinSessionDuration = 3600;
constexpr std::int64_t kMaxSessionDuration = 43200;

}  // namespace eddy::services::iam::limits
