#include "filter/filter_policy.hpp"

#include <algorithm>

#include "filter/message_fields.hpp"
#include "filter/policy_compiler.hpp"

namespace eddy::filter {

struct FilterPolicy::Compiled {
  Scope scope;
  CompiledRules rules;
  PolicyPaths paths;
};

namespace {

// The candidates for one key of a branch: the message's values there that satisfy it.
struct KeyCandidates {
  std::vector<const MessageField*> fields;  // empty when the key is satisfied by absence
};

// Picks one candidate per key so that all picks agree on the array elements they share.
bool choose_consistently(const std::vector<KeyCandidates>& keys, std::size_t next,
                         std::vector<const MessageField*>& chosen) {
  if (next == keys.size()) return true;
  if (keys[next].fields.empty()) return choose_consistently(keys, next + 1, chosen);
  for (const MessageField* field : keys[next].fields) {
    bool fits = std::all_of(chosen.begin(), chosen.end(),
                            [&](const MessageField* other) { return consistent(*field, *other); });
    if (!fits) continue;
    chosen.push_back(field);
    if (choose_consistently(keys, next + 1, chosen)) return true;
    chosen.pop_back();
  }
  return false;
}

bool branch_matches(const PolicyBranch& branch, const MessageFields& message) {
  std::vector<KeyCandidates> keys;
  keys.reserve(branch.keys.size());
  bool inside_arrays = false;
  for (const auto& key : branch.keys) {
    const auto* fields = message.at(key->path);
    KeyCandidates candidates;
    if (!fields || fields->empty()) {
      if (!key->matches_absent) return false;
    } else {
      for (const auto& field : *fields) {
        if (key->matches(*field.value)) {
          candidates.fields.push_back(&field);
          inside_arrays = inside_arrays || !field.arrays.empty();
        }
      }
      if (candidates.fields.empty()) return false;
    }
    keys.push_back(std::move(candidates));
  }
  if (!inside_arrays) return true;
  std::vector<const MessageField*> chosen;
  return choose_consistently(keys, 0, chosen);
}

bool any_branch_matches(const CompiledRules& rules, const MessageFields& message) {
  return std::any_of(rules.branches.begin(), rules.branches.end(),
                     [&](const PolicyBranch& branch) { return branch_matches(branch, message); });
}

}  // namespace

DecodedAttributes::DecodedAttributes(const json& sns_attributes) : values_(json::object()) {
  if (!sns_attributes.is_object()) return;
  for (const auto& [name, attribute] : sns_attributes.items()) {
    if (auto decoded = decode_attribute(attribute)) values_[name] = std::move(*decoded);
  }
}

FilterPolicy FilterPolicy::compile(std::string_view policy_json, Scope scope) {
  if (policy_json.size() > kMaxPolicyBytes) {
    throw InvalidFilterPolicy("Filter policy can not be larger than 256 KB");
  }
  auto compiled = std::make_unique<Compiled>();
  compiled->scope = scope;
  compiled->rules = compile_policy_rules(policy_json);
  check_sns_limits(compiled->rules, scope);
  for (const auto& branch : compiled->rules.branches) {
    for (const auto& key : branch.keys) compiled->paths.add(key->path);
  }
  return FilterPolicy(std::move(compiled));
}

FilterPolicy::FilterPolicy(std::unique_ptr<Compiled> compiled) : compiled_(std::move(compiled)) {}
FilterPolicy::~FilterPolicy() = default;
FilterPolicy::FilterPolicy(FilterPolicy&&) noexcept = default;
FilterPolicy& FilterPolicy::operator=(FilterPolicy&&) noexcept = default;

Scope FilterPolicy::scope() const {
  return compiled_->scope;
}

bool FilterPolicy::matches_attributes(const json& attributes) const {
  return any_branch_matches(compiled_->rules,
                            MessageFields::from_attributes(attributes, compiled_->paths));
}

bool FilterPolicy::matches_attributes(const DecodedAttributes& attributes) const {
  return any_branch_matches(compiled_->rules, MessageFields::from_decoded_attributes(
                                                  attributes.values(), compiled_->paths));
}

bool FilterPolicy::matches_body(std::string_view body) const {
  json parsed = json::parse(body, nullptr, false);
  return !parsed.is_discarded() && matches_body(parsed);
}

bool FilterPolicy::matches_body(const json& body) const {
  if (!body.is_object()) return false;
  return any_branch_matches(compiled_->rules, MessageFields::from_body(body, compiled_->paths));
}

}  // namespace eddy::filter
