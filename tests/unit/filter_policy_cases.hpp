#pragma once
// Shared shape of the table-driven filter-policy tests: a policy, its scope, one message it must
// deliver and one it must not.
//
// Attribute messages are written compactly as {"name": [type, value]}, the type being "S"
// (String), "N" (Number), "SA" (String.Array), "B" (Binary) or any full SNS DataType; they are
// expanded to SNS's {"name": {"DataType": ..., "StringValue"|"BinaryValue": ...}}. An empty
// attribute message is "{}". Body messages are the message text as published.
#include <gtest/gtest.h>

#include <cctype>
#include <string>

#include "eddy/json.hpp"
#include "filter/filter_policy.hpp"

namespace eddy::filter::testing {

struct MatchCase {
  const char* name;
  Scope scope;
  const char* policy;
  const char* matching;
  const char* non_matching;
};

inline json sns_attributes(const char* compact) {
  json out = json::object();
  const json parsed = json::parse(compact);
  for (const auto& [name, typed] : parsed.items()) {
    std::string type = typed.at(0).get<std::string>();
    if (type == "S") type = "String";
    if (type == "N") type = "Number";
    if (type == "SA") type = "String.Array";
    if (type == "B") type = "Binary";
    const char* field = type.rfind("Binary", 0) == 0 ? "BinaryValue" : "StringValue";
    out[name] = {{"DataType", type}, {field, typed.at(1)}};
  }
  return out;
}

inline bool delivers(const FilterPolicy& policy, Scope scope, const char* message) {
  if (scope == Scope::message_attributes) {
    json attributes = sns_attributes(message);
    bool from_raw = policy.matches_attributes(attributes);
    // The decode-once overload must agree with the raw one.
    EXPECT_EQ(from_raw, policy.matches_attributes(DecodedAttributes(attributes))) << message;
    return from_raw;
  }
  bool from_text = policy.matches_body(std::string_view(message));
  // The parse-once overload must agree with the text overload.
  json parsed = json::parse(message, nullptr, false);
  if (!parsed.is_discarded()) {
    EXPECT_EQ(from_text, policy.matches_body(parsed)) << message;
  }
  return from_text;
}

inline std::string case_name(const ::testing::TestParamInfo<MatchCase>& info) {
  std::string name = std::to_string(info.index) + "_";
  for (const char* c = info.param.name; *c; ++c) {
    name += std::isalnum(static_cast<unsigned char>(*c)) ? *c : '_';
  }
  return name;
}

class FilterPolicyCaseTest : public ::testing::TestWithParam<MatchCase> {
 protected:
  void check() {
    const MatchCase& c = GetParam();
    SCOPED_TRACE(c.policy);
    std::optional<FilterPolicy> policy;
    try {
      policy.emplace(FilterPolicy::compile(c.policy, c.scope));
    } catch (const InvalidFilterPolicy& error) {
      FAIL() << "policy rejected: " << error.what();
    }
    EXPECT_TRUE(delivers(*policy, c.scope, c.matching)) << "should match: " << c.matching;
    EXPECT_FALSE(delivers(*policy, c.scope, c.non_matching))
        << "should not match: " << c.non_matching;
  }
};

}  // namespace eddy::filter::testing
