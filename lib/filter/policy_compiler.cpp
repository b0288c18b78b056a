#include "filter/policy_compiler.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>

#include "filter/json_token_reader.hpp"

namespace eddy::filter {
namespace {

constexpr std::string_view kOrKeyword = "$or";
constexpr std::string_view kNumericRangeMessage =
    "Value must be between -1.0E9 and 1.0E9, inclusive";
// Jackson quotes at most this many characters of the source in a location.
constexpr std::size_t kSourceSnippetUnits = 500;

// Names the rule language keeps for itself; a "$or" branch may not use them as keys.
const std::unordered_set<std::string_view> kReservedInOr = {"exact",
                                                            "equals-ignore-case",
                                                            "prefix",
                                                            "suffix",
                                                            "anything-but",
                                                            "exists",
                                                            "wildcard",
                                                            "numeric",
                                                            "cidr",
                                                            "=",
                                                            "<",
                                                            "<=",
                                                            ">",
                                                            ">=",
                                                            "regex",
                                                            "not-wildcard",
                                                            "not-equals-ignore-case"};

std::size_t utf16_units(unsigned char lead) {
  return lead >= 0xF0 ? 2 : 1;
}

// Jackson's `(String)"<text>"` source description, cut to 500 characters.
std::string string_source_description(std::string_view text) {
  std::size_t units = 0, cut = text.size();
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto byte = static_cast<unsigned char>(text[i]);
    if ((byte & 0xC0) == 0x80) continue;
    if (units + utf16_units(byte) > kSourceSnippetUnits && cut == text.size()) cut = i;
    units += utf16_units(byte);
  }
  std::string description = fmt::format("(String)\"{}\"", text.substr(0, cut));
  if (cut < text.size()) {
    description += fmt::format("[truncated {} chars]", units - kSourceSnippetUnits);
  }
  return description;
}

const char* kSyntaxSource = "REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled)";

// Raised for the "$or" forms the rule language rejects (reason: its wording); the policy is
// then read again with "$or" as an ordinary key, as SNS documents.
struct OrRelationshipError {
  const char* reason;
};

class RuleCompiler {
 public:
  RuleCompiler(std::string_view text, bool or_enabled)
      : reader_(text, string_source_description(text)), or_enabled_(or_enabled) {}

  CompiledRules run() {
    if (reader_.next() != JsonToken::start_object) barf("Filter is not an object");
    std::vector<Branch> rules;
    std::vector<std::string> path;
    parse_object(rules, path, false);

    CompiledRules compiled;
    compiled.too_many_branches = too_many_branches_;
    for (auto& branch : rules) {
      PolicyBranch out;
      for (auto& [name, key] : branch) out.keys.push_back(key);
      compiled.branches.push_back(std::move(out));
    }
    return compiled;
  }

 private:
  using Branch = std::map<std::string, std::shared_ptr<const KeyCondition>>;
  // A valid policy has at most 150 combinations, and every branch counts at least one.
  static constexpr std::size_t kBranchCap = kMaxCombinations + 1;

  [[noreturn]] void barf(const std::string& message) {
    throw InvalidFilterPolicy(message + "\n at " +
                              describe_location(reader_.source_description(), reader_.position()));
  }

  static std::string join(const std::vector<std::string>& path, const std::string& name) {
    std::string joined;
    for (const auto& step : path) joined += step + ".";
    return joined + name;
  }

  void parse_object(std::vector<Branch>& rules, std::vector<std::string>& path, bool inside_or) {
    bool has_fields = false;
    while (reader_.next() != JsonToken::end_object) {
      has_fields = true;
      std::string name = reader_.text();
      if (or_enabled_ && name == kOrKeyword) {
        parse_or(rules, path);
        continue;
      }
      if (inside_or && kReservedInOr.contains(name)) {
        throw OrRelationshipError{
            "<name> is Ruler reserved fieldName which cannot be used inside $or."};
      }
      switch (reader_.next()) {
        case JsonToken::start_object:
          path.push_back(name);
          parse_object(rules, path, inside_or);
          path.pop_back();
          break;
        case JsonToken::start_array:
          write_rules(rules, join(path, name), static_cast<int>(path.size()) + 1);
          break;
        default:
          barf(fmt::format("\"{}\" must be an object or an array", name));
      }
    }
    if (!has_fields) barf("Empty objects are not allowed");
  }

  void parse_or(std::vector<Branch>& rules, std::vector<std::string>& path) {
    std::vector<Branch> before = std::move(rules);
    rules.clear();
    if (reader_.next() != JsonToken::start_array)
      throw OrRelationshipError{"It must be an Array followed with $or."};
    int objects = 0;
    JsonToken token;
    while ((token = reader_.next()) != JsonToken::end_array) {
      ++objects;
      if (token != JsonToken::start_object) {
        throw OrRelationshipError{"Only JSON object is allowed in array of $or relationship."};
      }
      std::vector<Branch> alternative = before;
      if (alternative.empty()) alternative.emplace_back();
      parse_object(alternative, path, true);
      for (auto& branch : alternative) {
        if (rules.size() == kBranchCap) {
          too_many_branches_ = true;
          break;
        }
        rules.push_back(std::move(branch));
      }
    }
    if (objects < 2)
      throw OrRelationshipError{"There must have at least 2 Objects in $or relationship."};
  }

  void write_rules(std::vector<Branch>& rules, const std::string& name, int depth) {
    auto key = std::make_shared<KeyCondition>();
    key->path = name;
    key->depth = depth;
    JsonToken token;
    while ((token = reader_.next()) != JsonToken::end_array) {
      ++key->value_count;
      switch (token) {
        case JsonToken::start_object:
          add_match_expression(*key);
          break;
        case JsonToken::string:
          key->exact_strings.insert(reader_.text());
          break;
        case JsonToken::number_int:
        case JsonToken::number_float:
          key->matchers.push_back(ExactNumber{reader_.number(), to_fixed_point(reader_.number())});
          break;
        case JsonToken::true_value:
        case JsonToken::false_value:
          key->matchers.push_back(
              ExactLiteral{json::value_t::boolean, token == JsonToken::true_value});
          break;
        case JsonToken::null_value:
          key->matchers.push_back(ExactLiteral{json::value_t::null});
          break;
        default:
          barf("Match value must be String, number, true, false, or null");
      }
    }
    if (key->value_count == 0) barf("Empty arrays are not allowed");
    if (rules.empty()) rules.emplace_back();
    for (auto& branch : rules) branch[name] = key;
  }

  std::string read_string_operand(const std::string& message) {
    if (reader_.next() != JsonToken::string) barf(message);
    return reader_.text();
  }

  void expect_end_of_expression(const char* message) {
    if (reader_.next() != JsonToken::end_object) barf(message);
  }

  static constexpr const char* kOneKey = "Only one key allowed in match expression";
  static constexpr const char* kTooManyElements = "Too many elements in numeric expression";

  void add_match_expression(KeyCondition& key) {
    if (reader_.next() != JsonToken::field_name) barf("Match expression name not found");
    const std::string op = reader_.text();
    if (op == "prefix" || op == "suffix" || op == "equals-ignore-case") {
      std::string operand = read_string_operand(op + " match pattern must be a string");
      expect_end_of_expression(kOneKey);
      if (op == "prefix") {
        key.matchers.push_back(PrefixMatch{std::move(operand)});
      } else if (op == "suffix") {
        key.matchers.push_back(SuffixMatch{std::move(operand)});
      } else {
        key.matchers.push_back(EqualsIgnoreCase{fold_case(operand)});
      }
    } else if (op == "numeric") {
      if (reader_.next() != JsonToken::start_array) barf("Value of numeric must be an array.");
      NumericRange range = numeric_expression();
      expect_end_of_expression(kTooManyElements);
      key.matchers.push_back(NumericMatch{range});
    } else if (op == "anything-but") {
      key.matchers.push_back(anything_but_expression());
    } else if (op == "exists") {
      JsonToken token = reader_.next();
      if (token != JsonToken::true_value && token != JsonToken::false_value) {
        barf("exists match pattern must be either true or false.");
      }
      expect_end_of_expression(kOneKey);
      if (token == JsonToken::true_value) {
        key.matchers.push_back(ExistsMatch{});
      } else {
        key.matches_absent = true;
      }
    } else if (op == "cidr") {
      // SNS's message for a non-string CIDR really does name "prefix".
      std::string cidr = read_string_operand("prefix match pattern must be a string");
      IpRange range;
      try {
        range = IpRange::parse_cidr(cidr);
      } catch (const InvalidCidr& error) {
        throw InvalidFilterPolicy(error.what());
      }
      expect_end_of_expression(kOneKey);
      key.matchers.push_back(CidrMatch{range});
    } else {
      barf("Unrecognized match type " + op);
    }
  }

  ValueMatcher anything_but_expression() {
    JsonToken token = reader_.next();
    if (token == JsonToken::start_object) {
      if (reader_.next() != JsonToken::field_name) barf("Anything-But expression name not found");
      const std::string op = reader_.text();
      JsonToken operand = reader_.next();
      if (op != "prefix" && op != "suffix") barf("Unsupported anything-but pattern: " + op);
      if (operand != JsonToken::string) barf(op + " match pattern must be a string");
      std::string text = reader_.text();
      expect_end_of_expression(kOneKey);
      expect_end_of_expression(kOneKey);
      if (op == "prefix") return AnythingButPrefix{std::move(text)};
      return AnythingButSuffix{std::move(text)};
    }
    ValueMatcher matcher;
    if (token == JsonToken::start_array) {
      matcher = anything_but_list();
    } else if (token == JsonToken::string) {
      matcher = AnythingButStrings{{reader_.text()}};
    } else if (reader_.is_number()) {
      auto fixed = to_fixed_point(reader_.number());
      // SNS reports this one without a location.
      if (!fixed) throw InvalidFilterPolicy(std::string(kNumericRangeMessage));
      matcher = AnythingButNumbers{{*fixed}};
    } else {
      barf("Value of anything-but must be an array or single string/number value.");
    }
    expect_end_of_expression(kTooManyElements);
    return matcher;
  }

  ValueMatcher anything_but_list() {
    AnythingButStrings strings;
    AnythingButNumbers numbers;
    JsonToken token;
    while ((token = reader_.next()) != JsonToken::end_array) {
      if (token == JsonToken::string) {
        strings.values.insert(reader_.text());
      } else if (reader_.is_number()) {
        auto fixed = to_fixed_point(reader_.number());
        if (!fixed) barf(std::string(kNumericRangeMessage));
        numbers.values.push_back(*fixed);
      } else {
        barf("Inside anything but list, start|null|boolean is not supported.");
      }
    }
    bool has_strings = !strings.values.empty(), has_numbers = !numbers.values.empty();
    if (has_strings == has_numbers) {
      barf(
          "Inside anything but list, either all values are number or string, mixed type is not "
          "supported");
    }
    if (has_numbers) return numbers;
    return strings;
  }

  FixedPoint checked_fixed(double value) {
    auto fixed = to_fixed_point(value);
    if (!fixed) barf(std::string(kNumericRangeMessage));
    return *fixed;
  }

  NumericRange numeric_expression() {
    if (reader_.next() != JsonToken::string) {
      barf("Invalid member in numeric match: " + reader_.text());
    }
    const std::string op = reader_.text();
    reader_.next();
    if (op == "=") {
      if (!reader_.is_number()) barf("Value of equals must be numeric");
      double value = reader_.number();
      if (reader_.next() != JsonToken::end_array) barf(kTooManyElements);
      return NumericRange::equal_to(checked_fixed(value));
    }
    if (op == ">=" || op == ">") {
      if (!reader_.is_number()) barf("Value of " + op + " must be numeric");
      double bottom = reader_.number();
      bool open = op == ">";
      if (reader_.next() == JsonToken::end_array) {
        return NumericRange::above({checked_fixed(bottom), open});
      }
      return complete_range(bottom, open);
    }
    if (op == "<=" || op == "<") {
      if (!reader_.is_number()) barf("Value of " + op + " must be numeric");
      double top = reader_.number();
      if (reader_.next() != JsonToken::end_array) barf(kTooManyElements);
      return NumericRange::below({checked_fixed(top), op == "<"});
    }
    barf("Unrecognized numeric range operator: " + op);
  }

  NumericRange complete_range(double bottom, bool open_bottom) {
    if (reader_.current() != JsonToken::string) {
      barf("Bad value in numeric range: " + reader_.text());
    }
    const std::string op = reader_.text();
    if (op != "<" && op != "<=") barf("Bad numeric range operator: " + op);
    reader_.next();
    if (!reader_.is_number()) barf("Value of " + op + " must be numeric");
    double top = reader_.number();
    if (reader_.next() != JsonToken::end_array) barf("Too many terms in numeric range expression");
    if (bottom >= top) barf("Bottom must be less than top");
    return NumericRange::between({checked_fixed(bottom), open_bottom},
                                 {checked_fixed(top), op == "<"});
  }

  JsonTokenReader reader_;
  bool or_enabled_;
  bool too_many_branches_ = false;
};

// Jackson reads the whole document first; SNS reports what it finds as "failed to parse JSON".
void check_json_syntax(std::string_view text) {
  JsonTokenReader reader(text, kSyntaxSource);
  try {
    while (reader.next() != JsonToken::end_of_input) {
      if (reader.current() == JsonToken::string) reader.text();
    }
  } catch (const JsonSyntaxError& error) {
    throw InvalidFilterPolicy(std::string("failed to parse JSON. ") + error.what());
  }
}

std::uint64_t saturating_multiply(std::uint64_t a, std::uint64_t b) {
  constexpr std::uint64_t kCap = 1'000'000'000;
  if (a == 0 || b == 0) return 0;
  return a > kCap / b ? kCap : a * b;
}

}  // namespace

bool KeyCondition::matches(const json& value) const {
  if (value.is_string() && exact_strings.contains(value.get_ref<const std::string&>())) return true;
  return std::any_of(matchers.begin(), matchers.end(),
                     [&](const ValueMatcher& matcher) { return filter::matches(matcher, value); });
}

CompiledRules compile_policy_rules(std::string_view policy_text) {
  check_json_syntax(policy_text);
  try {
    return RuleCompiler(policy_text, true).run();
  } catch (const OrRelationshipError&) {
    // An "$or" that is not a list of at least two objects is an ordinary key, as SNS documents.
  }
  return RuleCompiler(policy_text, false).run();
}

void check_sns_limits(const CompiledRules& rules, Scope scope) {
  if (scope == Scope::event_pattern) return;
  if (scope == Scope::message_attributes) {
    for (const auto& branch : rules.branches) {
      for (const auto& key : branch.keys) {
        if (key->depth > 1) {
          throw InvalidFilterPolicy(
              "Filter policy scope MessageAttributes does not support nested filter policy", false);
        }
      }
    }
  }
  for (const auto& branch : rules.branches) {
    if (branch.keys.size() > kMaxKeysPerPolicy) {
      throw InvalidFilterPolicy("Filter policy can not have more than 5 keys");
    }
  }
  std::uint64_t combinations = 0;
  for (const auto& branch : rules.branches) {
    std::uint64_t product = 1;
    for (const auto& key : branch.keys) {
      product =
          saturating_multiply(product, key->value_count * static_cast<std::uint64_t>(key->depth));
    }
    combinations += product;
  }
  if (rules.too_many_branches || combinations > kMaxCombinations) {
    throw InvalidFilterPolicy("Filter policy is too complex");
  }
}

}  // namespace eddy::filter
