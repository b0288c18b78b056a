#pragma once
// The operators of the filter-policy language, each compiled once and applied to one value of a
// message (an attribute value, an element of a String.Array, or a leaf of a JSON body).
// A string operator never matches a number and a numeric operator never matches a string.
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <variant>
#include <vector>

#include "eddy/json.hpp"
#include "filter/cidr.hpp"
#include "filter/numeric_value.hpp"

namespace eddy::filter {

struct ExactNumber {
  double value;
  std::optional<FixedPoint> fixed;  // absent when outside SNS's numeric range: compared exactly
};
struct ExactLiteral {
  json::value_t type;  // boolean or null
  bool boolean = false;
};
struct PrefixMatch {
  std::string prefix;
};
struct SuffixMatch {
  std::string suffix;
};
struct EqualsIgnoreCase {
  std::string folded;
};
struct AnythingButStrings {
  std::unordered_set<std::string> values;
};
struct AnythingButNumbers {
  std::vector<FixedPoint> values;
};
struct AnythingButPrefix {
  std::string prefix;
};
struct AnythingButSuffix {
  std::string suffix;
};
struct NumericMatch {
  NumericRange range;
};
struct CidrMatch {
  IpRange range;
};
struct ExistsMatch {};

using ValueMatcher =
    std::variant<ExactNumber, ExactLiteral, PrefixMatch, SuffixMatch, EqualsIgnoreCase,
                 AnythingButStrings, AnythingButNumbers, AnythingButPrefix, AnythingButSuffix,
                 NumericMatch, CidrMatch, ExistsMatch>;

bool matches(const ValueMatcher& matcher, const json& value);

// Unicode-aware lower-casing used by equals-ignore-case on both sides.
std::string fold_case(std::string_view text);

}  // namespace eddy::filter
