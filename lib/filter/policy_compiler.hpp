#pragma once
// Compiles filter-policy text into the branches SNS evaluates, with SNS's validation: Jackson's
// syntax errors, then the rule language's errors (both worded and located as AWS reports them),
// then SNS's own limits (nesting per scope, keys per branch, total combinations).
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "eddy/json.hpp"
#include "filter/filter_policy.hpp"
#include "filter/value_matcher.hpp"

namespace eddy::filter {

// The conditions on one key path: the value there must satisfy one of them.
struct KeyCondition {
  std::string path;  // policy keys joined with '.', as message paths are
  int depth = 1;     // 1 for a top-level key; SNS weighs combinations by it
  std::size_t value_count = 0;
  bool matches_absent = false;                    // {"exists": false} among the values
  std::unordered_set<std::string> exact_strings;  // plain string values, looked up at once
  std::vector<ValueMatcher> matchers;             // everything else

  bool matches(const json& value) const;
};

// One way for a message to match: every key of the branch must be satisfied. A policy without
// "$or" has one branch; each "$or" multiplies them.
struct PolicyBranch {
  std::vector<std::shared_ptr<const KeyCondition>> keys;
};

struct CompiledRules {
  std::vector<PolicyBranch> branches;
  bool too_many_branches = false;  // "$or" produced more branches than any valid policy can have
};

inline constexpr std::size_t kMaxPolicyBytes = 256 * 1024;
inline constexpr std::size_t kMaxKeysPerPolicy = 5;
inline constexpr std::size_t kMaxCombinations = 150;

// Syntax and rule-language checks. Throws InvalidFilterPolicy.
CompiledRules compile_policy_rules(std::string_view policy_text);

// SNS's limits on a compiled policy for `scope`. Throws InvalidFilterPolicy.
void check_sns_limits(const CompiledRules& rules, Scope scope);

}  // namespace eddy::filter
