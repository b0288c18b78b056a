#include "services/lambda/function_name.hpp"

#include <string_view>
#include <vector>

#include "eddy/aws_error.hpp"
#include "services/lambda/api_patterns.hpp"

namespace eddy::services::lambda {
namespace {

// NamespacedFunctionName in the API model, quoted in validation messages. Matched by hand below
// (std::regex is slow to build and brought 100 KB of code for a handful of fixed patterns).
constexpr const char* kFunctionNamePattern =
    R"((arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_\.]+)(:(\$LATEST(\.PUBLISHED)?|[a-zA-Z0-9-_]+))?)";
constexpr const char* kQualifierPattern = R"((|[a-zA-Z0-9$_-]+))";

// Named apart: unity builds put other files' anonymous helpers in the same translation unit.
namespace function_name_syntax {

using namespace api_patterns;

// -[a-z]+-\d
bool is_region_tail(std::string_view text) {
  if (text.size() < 4 || text.front() != '-' || !is_digit(text.back()) ||
      text[text.size() - 2] != '-')
    return false;
  return nonempty_all_of(text.substr(1, text.size() - 3), is_lower);
}

// [a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d
bool is_region(std::string_view text) {
  if (text.size() < 2 || !is_lower(text[0]) || !is_lower(text[1])) return false;
  std::string_view rest = text.substr(2);
  if (rest.starts_with("-gov") && is_region_tail(rest.substr(4))) return true;
  if (rest.starts_with("-iso")) {
    if (rest.size() > 4 && is_lower(rest[4]) && is_region_tail(rest.substr(5))) return true;
    if (is_region_tail(rest.substr(4))) return true;
  }
  return is_region_tail(rest);
}

bool is_name_char(char c) {
  return is_alnum(c) || c == '-' || c == '_' || c == '.';
}

// \$LATEST(\.PUBLISHED)?|[a-zA-Z0-9-_]+
bool is_name_qualifier(std::string_view text) {
  if (text == "$LATEST" || text == "$LATEST.PUBLISHED") return true;
  return nonempty_all_of(text, [](char c) { return is_alnum(c) || c == '-' || c == '_'; });
}

struct NameParts {
  std::optional<std::string_view> region;
  std::string_view name;
  std::optional<std::string_view> qualifier;
};

// The pattern's parts end at colons, which no part contains: each optional part takes whole
// colon-separated segments, tried present before absent as the regex's greedy groups are, so
// the parts found are those regex_match would capture.
class NameMatcher {
 public:
  explicit NameMatcher(std::string_view value) {
    std::size_t start = 0;
    while (true) {
      std::size_t colon = value.find(':', start);
      segments_.push_back(value.substr(start, colon - start));
      if (colon == std::string_view::npos) break;
      start = colon + 1;
    }
  }

  std::optional<NameParts> match() {
    NameParts parts;
    if (segments_.size() >= 3 && segments_[0] == "arn" && is_partition(segments_[1]) &&
        segments_[2] == "lambda" && after_arn(3, parts))
      return parts;
    if (after_arn(0, parts)) return parts;
    return std::nullopt;
  }

 private:
  bool after_arn(std::size_t at, NameParts& parts) {
    if (at < segments_.size() && is_region(segments_[at])) {
      parts.region = segments_[at];
      if (after_region(at + 1, parts)) return true;
    }
    parts.region.reset();
    return after_region(at, parts);
  }

  bool after_region(std::size_t at, NameParts& parts) {
    if (at < segments_.size() && is_account_id(segments_[at]) && after_account(at + 1, parts))
      return true;
    return after_account(at, parts);
  }

  bool after_account(std::size_t at, NameParts& parts) {
    if (at < segments_.size() && segments_[at] == "function" && name_at(at + 1, parts)) return true;
    return name_at(at, parts);
  }

  bool name_at(std::size_t at, NameParts& parts) {
    if (at >= segments_.size() || !nonempty_all_of(segments_[at], is_name_char)) return false;
    parts.name = segments_[at];
    parts.qualifier.reset();
    if (at + 1 == segments_.size()) return true;
    if (at + 2 == segments_.size() && is_name_qualifier(segments_[at + 1])) {
      parts.qualifier = segments_[at + 1];
      return true;
    }
    return false;
  }

  std::vector<std::string_view> segments_;
};

bool is_qualifier(std::string_view text) {
  return text.empty() || nonempty_all_of(text, [](char c) {
           return is_alnum(c) || c == '$' || c == '_' || c == '-';
         });
}

}  // namespace function_name_syntax

}  // namespace

std::string function_arn(const std::string& account, const std::string& region,
                         const std::string& name) {
  return "arn:aws:lambda:" + region + ":" + account + ":function:" + name;
}

std::string FunctionRef::arn() const {
  return function_arn(account, region, name);
}

std::string FunctionRef::qualified_arn() const {
  return qualifier ? arn() + ":" + *qualifier : arn();
}

void throw_validation(const std::string& value, const std::string& member,
                      const std::string& constraint) {
  throw AwsError("ValidationException", "1 validation error detected: Value '" + value + "' at '" +
                                            member +
                                            "' failed to satisfy constraint: " + constraint);
}

FunctionRef parse_function_name(const std::string& value, const std::string& account,
                                const std::string& region, std::size_t max_length) {
  if (value.empty() || value.size() > max_length)
    throw_validation(value, "functionName",
                     "Member must have length less than or equal to " + std::to_string(max_length));
  auto parts = function_name_syntax::NameMatcher(value).match();
  if (!parts)
    throw_validation(
        value, "functionName",
        std::string("Member must satisfy regular expression pattern: ") + kFunctionNamePattern);
  FunctionRef ref{account, region, std::string(parts->name), std::nullopt};
  if (parts->region) {
    std::string named_region(*parts->region);
    if (named_region != region)
      throw AwsError("ResourceNotFoundException",
                     "Functions from '" + named_region + "' are not reachable in this region ('" +
                         region + "')",
                     404);
  }
  if (parts->qualifier) ref.qualifier = std::string(*parts->qualifier);
  return ref;
}

FunctionRef parse_function_name(const std::string& value,
                                const std::optional<std::string>& qualifier,
                                const std::string& account, const std::string& region) {
  FunctionRef ref = parse_function_name(value, account, region);
  if (!qualifier) return ref;
  if (qualifier->size() > 128)
    throw_validation(*qualifier, "qualifier", "Member must have length less than or equal to 128");
  if (!function_name_syntax::is_qualifier(*qualifier))
    throw_validation(
        *qualifier, "qualifier",
        std::string("Member must satisfy regular expression pattern: ") + kQualifierPattern);
  if (ref.qualifier && *ref.qualifier != *qualifier)
    throw AwsError("InvalidParameterValueException",
                   "The derived qualifier from the function name does not match the specified "
                   "qualifier.");
  if (!qualifier->empty()) ref.qualifier = *qualifier;
  return ref;
}

}  // namespace eddy::services::lambda
