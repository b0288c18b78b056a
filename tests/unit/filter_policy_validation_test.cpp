// Filter policies SNS rejects, with the message SNS returns after "Invalid parameter: ". Rows
// marked "recorded" reproduce responses recorded against real AWS (through Subscribe, hence the
// same text after "Attributes Reason: "); the others follow the same rule language and wording.
// Jackson separates a message from its location with "\n at "; these expectations are written on
// one line, as the recorded responses were stored, with " at ".
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "filter/filter_policy.hpp"

namespace eddy::filter {
namespace {

constexpr Scope A = Scope::message_attributes;
constexpr Scope B = Scope::message_body;

struct RejectionCase {
  std::string name;
  Scope scope;
  std::string policy;
  std::string message;  // parameter_message() on one line
};

std::string at(const std::string& policy, int line, int column) {
  return " at [Source: (String)\"" + policy + "\"; line: " + std::to_string(line) +
         ", column: " + std::to_string(column) + "]";
}

std::string syntax_at(int line, int column) {
  return " at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: " +
         std::to_string(line) + ", column: " + std::to_string(column) + "]";
}

std::string located(const std::string& message, const std::string& policy, int column) {
  return "FilterPolicy: " + message + at(policy, 1, column);
}

std::string values(int count, const std::string& stem) {
  std::string list = "[";
  for (int i = 0; i < count; ++i) list += (i ? ", \"" : "\"") + stem + std::to_string(i) + "\"";
  return list + "]";
}

std::vector<RejectionCase> rejection_cases() {
  std::vector<RejectionCase>
      cases =
          {
              // Recorded: the rule language's checks (test_validate_policy*).
              {"recorded condition list", A, R"({"key":[["value"]]})",
               R"tsv(FilterPolicy: Match value must be String, number, true, false, or null at [Source: (String)"{"key":[["value"]]}"; line: 1, column: 10])tsv"},
              {"recorded wrong operator", A, R"({"key":[{"wrong-operator":true}]})",
               R"tsv(FilterPolicy: Unrecognized match type wrong-operator at [Source: (String)"{"key":[{"wrong-operator":true}]}"; line: 1, column: 31])tsv"},
              {"recorded two operators", A, R"({"key":[{"suffix":"value","prefix":"value2"}]})",
               R"tsv(FilterPolicy: Only one key allowed in match expression at [Source: (String)"{"key":[{"suffix":"value","prefix":"value2"}]}"; line: 1, column: 37])tsv"},
              {"recorded empty array", A, R"({"key":[]})",
               R"tsv(FilterPolicy: Empty arrays are not allowed at [Source: (String)"{"key":[]}"; line: 1, column: 10])tsv"},
              {"recorded suffix numeric", A, R"({"key":[{"suffix":100}]})",
               R"tsv(FilterPolicy: suffix match pattern must be a string at [Source: (String)"{"key":[{"suffix":100}]}"; line: 1, column: 22])tsv"},
              {"recorded suffix null", A, R"({"key":[{"suffix":null}]})",
               R"tsv(FilterPolicy: suffix match pattern must be a string at [Source: (String)"{"key":[{"suffix":null}]}"; line: 1, column: 23])tsv"},
              {"recorded operator not in list", A, R"({"key":{"suffix":"value"}})",
               R"tsv(FilterPolicy: "suffix" must be an object or an array at [Source: (String)"{"key":{"suffix":"value"}}"; line: 1, column: 19])tsv"},
              {"recorded suffix empty list", A, R"({"key":[{"suffix":[]}]})",
               R"tsv(FilterPolicy: suffix match pattern must be a string at [Source: (String)"{"key":[{"suffix":[]}]}"; line: 1, column: 20])tsv"},
              {"recorded suffix list", A, R"({"key":[{"suffix":["test","test2"]}]})",
               R"tsv(FilterPolicy: suffix match pattern must be a string at [Source: (String)"{"key":[{"suffix":["test","test2"]}]}"; line: 1, column: 20])tsv"},
              {"recorded two operators not in list", A,
               R"({"key":{"suffix":"value","prefix":"value"}})",
               R"tsv(FilterPolicy: "suffix" must be an object or an array at [Source: (String)"{"key":{"suffix":"value","prefix":"value"}}"; line: 1, column: 19])tsv"},
              {"recorded not an operator", A, R"({"key":{"not-an-operator":"value"}})",
               R"tsv(FilterPolicy: "not-an-operator" must be an object or an array at [Source: (String)"{"key":{"not-an-operator":"value"}}"; line: 1, column: 28])tsv"},
              {"recorded cidr list", A, R"({"key":[{"cidr":["bad-filter"]}]})",
               R"tsv(FilterPolicy: prefix match pattern must be a string at [Source: (String)"{"key":[{"cidr":["bad-filter"]}]}"; line: 1, column: 18])tsv"},
              {"recorded cidr without slash", A, R"({"key":[{"cidr":"bad-filter"}]})",
               "FilterPolicy: Malformed CIDR, one '/' required"},
              {"recorded cidr bad address", A, R"({"key":[{"cidr":"bad-filter/64"}]})",
               "FilterPolicy: Nonstandard IP address: bad-filter"},
              {"recorded cidr bad mask", A, R"({"key":[{"cidr":"10.0.0.0/abc"}]})",
               "FilterPolicy: Malformed CIDR, mask bits must be an integer"},
              {"recorded cidr bad ipv4", A, R"({"key":[{"cidr":"xx.11.xx/24"}]})",
               "FilterPolicy: Nonstandard IP address: xx.11.xx"},
              {"recorded cidr bad ipv6", A, R"({"key":[{"cidr":"xxxx:db8:1234:1a00::/64"}]})",
               "FilterPolicy: Nonstandard IP address: xxxx:db8:1234:1a00::"},
              {"recorded numeric empty", A, R"({"key":[{"numeric":[]}]})",
               R"tsv(FilterPolicy: Invalid member in numeric match: ] at [Source: (String)"{"key":[{"numeric":[]}]}"; line: 1, column: 22])tsv"},
              {"recorded numeric wrong operator", A, R"({"key":[{"numeric":["operator"]}]})",
               R"tsv(FilterPolicy: Unrecognized numeric range operator: operator at [Source: (String)"{"key":[{"numeric":["operator"]}]}"; line: 1, column: 32])tsv"},
              {"recorded numeric operator order", A, R"({"key":[{"numeric":[1,"<="]}]})",
               R"tsv(FilterPolicy: Invalid member in numeric match: 1 at [Source: (String)"{"key":[{"numeric":[1,"<="]}]}"; line: 1, column: 22])tsv"},
              {"recorded numeric string value", A, R"({"key":[{"numeric":["=","000"]}]})",
               R"tsv(FilterPolicy: Value of equals must be numeric at [Source: (String)"{"key":[{"numeric":["=","000"]}]}"; line: 1, column: 26])tsv"},
              {"recorded numeric missing value", A, R"({"key":[{"numeric":[">="]}]})",
               R"tsv(FilterPolicy: Value of >= must be numeric at [Source: (String)"{"key":[{"numeric":[">="]}]}"; line: 1, column: 26])tsv"},
              {"recorded numeric wrong range order", A, R"({"key":[{"numeric":["<",100,">",10]}]})",
               R"tsv(FilterPolicy: Too many elements in numeric expression at [Source: (String)"{"key":[{"numeric":["<",100,">",10]}]}"; line: 1, column: 30])tsv"},
              {"recorded numeric two lower bounds", A, R"({"key":[{"numeric":[">=",1,">",2]}]})",
               R"tsv(FilterPolicy: Bad numeric range operator: > at [Source: (String)"{"key":[{"numeric":[">=",1,">",2]}]}"; line: 1, column: 31])tsv"},
              {"recorded numeric bottom above top", A, R"({"key":[{"numeric":[">",3,"<",1]}]})",
               R"tsv(FilterPolicy: Bottom must be less than top at [Source: (String)"{"key":[{"numeric":[">",3,"<",1]}]}"; line: 1, column: 33])tsv"},
              {"recorded numeric missing range value", A, R"({"key":[{"numeric":[">",20,"<="]}]})",
               R"tsv(FilterPolicy: Value of <= must be numeric at [Source: (String)"{"key":[{"numeric":[">",20,"<="]}]}"; line: 1, column: 33])tsv"},
              {"recorded numeric missing range operator", A, R"({"key":[{"numeric":[">",20,30]}]})",
               R"tsv(FilterPolicy: Bad value in numeric range: 30 at [Source: (String)"{"key":[{"numeric":[">",20,30]}]}"; line: 1, column: 30])tsv"},
              {"recorded numeric bad second operator", A,
               R"({"key":[{"numeric":[">",20,"test"]}]})",
               R"tsv(FilterPolicy: Bad numeric range operator: test at [Source: (String)"{"key":[{"numeric":[">",20,"test"]}]}"; line: 1, column: 34])tsv"},
              {"recorded numeric string bottom", A, R"({"key":[{"numeric":[">","20","<","30"]}]})",
               R"tsv(FilterPolicy: Value of > must be numeric at [Source: (String)"{"key":[{"numeric":[">","20","<","30"]}]}"; line: 1, column: 26])tsv"},
              {"recorded numeric string top", A, R"({"key":[{"numeric":[">",20,"<","30"]}]})",
               R"tsv(FilterPolicy: Value of < must be numeric at [Source: (String)"{"key":[{"numeric":[">",20,"<","30"]}]}"; line: 1, column: 33])tsv"},
              {"recorded numeric too many terms", A, R"({"key":[{"numeric":[">",20,"<",30,"<",50]}]})", R"tsv(FilterPolicy: Too many terms in numeric range expression at [Source: (String)"{"key":[{"numeric":[">",20,"<",30,"<",50]}]}"; line: 1, column: 36])tsv"},
              {"recorded exists null", A, R"({"key":[{"exists":null}]})",
               R"tsv(FilterPolicy: exists match pattern must be either true or false. at [Source: (String)"{"key":[{"exists":null}]}"; line: 1, column: 23])tsv"},
              {"recorded exists string", A, R"({"key":[{"exists":"no"}]})",
               R"tsv(FilterPolicy: exists match pattern must be either true or false. at [Source: (String)"{"key":[{"exists":"no"}]}"; line: 1, column: 20])tsv"},
              {"recorded anything-but wrong operator", A,
               R"({"key":[{"anything-but":{"wrong-operator":null}}]})",
               R"tsv(FilterPolicy: Unsupported anything-but pattern: wrong-operator at [Source: (String)"{"key":[{"anything-but":{"wrong-operator":null}}]}"; line: 1, column: 47])tsv"},
              {"recorded anything-but exists", A, R"({"key":[{"anything-but":{"exists":false}}]})",
               R"tsv(FilterPolicy: Unsupported anything-but pattern: exists at [Source: (String)"{"key":[{"anything-but":{"exists":false}}]}"; line: 1, column: 40])tsv"},
              {"recorded anything-but prefix type", A,
               R"({"key":[{"anything-but":{"prefix":false}}]})",
               R"tsv(FilterPolicy: prefix match pattern must be a string at [Source: (String)"{"key":[{"anything-but":{"prefix":false}}]}"; line: 1, column: 40])tsv"},
              {"recorded rule not in list", B, R"({"key_a":"value_one"})",
               R"tsv(FilterPolicy: "key_a" must be an object or an array at [Source: (String)"{"key_a":"value_one"}"; line: 1, column: 11])tsv"},

              // Recorded: JSON syntax, reported by SNS's own parse before the rule language.
              {"recorded unquoted field name", A, R"({invalid-json})",
               R"tsv(FilterPolicy: failed to parse JSON. Unexpected character ('i' (code 105)): was expecting double-quote to start field name at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 2])tsv"},
              {"recorded bare word", A, "invalid-filter-policy",
               R"tsv(FilterPolicy: failed to parse JSON. Unrecognized token 'invalid': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false') at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 8])tsv"},

              // Recorded: SNS's limits.
              {"recorded complexity in one key", A, R"({"key": )" + values(151, "value") + "}",
               "FilterPolicy: Filter policy is too complex"},
              {"recorded complexity in two keys", A,
               R"({"key1": )" + values(100, "value") + R"(, "key2": )" + values(51, "value") + "}",
               "FilterPolicy: Filter policy is too complex"},
              {"recorded too many keys", A,
               R"({"key1": ["value1"], "key2": ["value2"], "key3": ["value3"], "key4": ["value4"], "key5": ["value5"], "key6": ["value6"]})",
               "FilterPolicy: Filter policy can not have more than 5 keys"},
              {"recorded too many keys in body", B,
               R"({"key_a": ["value_one"], "key_b": ["value_two"], "key_c": ["value_three"], "key_d": ["value_four"], "key_e": ["value_five"], "key_f": ["value_six"]})",
               "FilterPolicy: Filter policy can not have more than 5 keys"},
              {"recorded complexity with or", A,
               R"({"source": ["aws.cloudwatch", "aws.events", "aws.test", "aws.test2"], "$or": [{"metricName": ["CPUUtilization", "ReadLatency", "t1", "t2", "t3", "t4"]}, {"metricType": ["MetricType", "TestType", "TestType2", "TestType3"], "$or": [{"metricId": [1234, 4321, 5678, 9012]}, {"spaceId": [1, 2, 3, 4]}]}]})",
               "FilterPolicy: Filter policy is too complex"},
              {"recorded complexity with nested or", B,
               R"({"$or": [{"metricName": ["CPUUtilization", "ReadLatency", "TestValue"]}, {"namespace": ["AWS/EC2", "AWS/ES"]}], "detail": {"scope": ["Service", "Test"], "$or": [{"source": ["aws.cloudwatch"]}, {"type": ["CloudWatch Alarm State Change", "TestValue", "TestValue2"]}]}})",
               "FilterPolicy: Filter policy is too complex"},
              {"recorded complexity of nested keys", B,
               R"({"key_a": {"key_b": {"key_c": ["value_one", "value_two", "value_three", "value_four"]}}, "key_d": {"key_e": ["value_one", "value_two", "value_three"]}, "key_f": ["value_one", "value_two", "value_three"]})",
               "FilterPolicy: Filter policy is too complex"},
              {"recorded nested policy in attribute scope", A,
               R"({"object": {"key": [{"prefix": "auto-"}]}})",
               "Filter policy scope MessageAttributes does not support nested filter policy"},

              // The rest of the rule language.
              {"policy is an array", A, "[]", located("Filter is not an object", "[]", 2)},
              {"policy is a string", A, R"("x")", located("Filter is not an object", R"("x")", 2)},
              {"policy is empty", A, "", located("Filter is not an object", "", 1)},
              {"empty policy object", A, "{}", located("Empty objects are not allowed", "{}", 3)},
              {"empty nested object", B, R"({"a": {}})",
               located("Empty objects are not allowed", R"({"a": {}})", 9)},
              {"empty match expression", A, R"({"a": [{}]})",
               located("Match expression name not found", R"({"a": [{}]})", 10)},
              {"numeric not an array", A, R"({"a": [{"numeric": 5}]})",
               located("Value of numeric must be an array.", R"({"a": [{"numeric": 5}]})", 21)},
              {"numeric equals extra", A, R"({"a": [{"numeric": ["=", 5, 6]}]})",
               located("Too many elements in numeric expression",
                       R"({"a": [{"numeric": ["=", 5, 6]}]})", 30)},
              {"numeric extra key", A, R"({"a": [{"numeric": [">", 5], "x": 1}]})",
               located("Too many elements in numeric expression",
                       R"({"a": [{"numeric": [">", 5], "x": 1}]})", 36)},
              {"numeric equal bounds", A, R"({"a": [{"numeric": [">=", 5, "<=", 5]}]})",
               located("Bottom must be less than top",
                       R"({"a": [{"numeric": [">=", 5, "<=", 5]}]})", 38)},
              {"numeric out of range", A, R"({"a": [{"numeric": [">", 1e10]}]})",
               located("Value must be between -1.0E9 and 1.0E9, inclusive",
                       R"({"a": [{"numeric": [">", 1e10]}]})", 31)},
              {"anything-but null", A, R"({"a": [{"anything-but": null}]})",
               located("Value of anything-but must be an array or single string/number value.",
                       R"({"a": [{"anything-but": null}]})", 29)},
              {"anything-but list boolean", A, R"({"a": [{"anything-but": [true]}]})",
               located("Inside anything but list, start|null|boolean is not supported.",
                       R"({"a": [{"anything-but": [true]}]})", 30)},
              {"anything-but list mixed", A, R"({"a": [{"anything-but": ["x", 1]}]})",
               located("Inside anything but list, either all values are number or string, mixed "
                       "type is "
                       "not supported",
                       R"({"a": [{"anything-but": ["x", 1]}]})", 33)},
              {"anything-but list empty", A, R"({"a": [{"anything-but": []}]})",
               located("Inside anything but list, either all values are number or string, mixed "
                       "type is "
                       "not supported",
                       R"({"a": [{"anything-but": []}]})", 27)},
              {"anything-but extra key", A, R"({"a": [{"anything-but": "x", "prefix": "y"}]})",
               located("Too many elements in numeric expression",
                       R"({"a": [{"anything-but": "x", "prefix": "y"}]})", 41)},
              {"anything-but list out of range", A, R"({"a": [{"anything-but": [1e10]}]})",
               located("Value must be between -1.0E9 and 1.0E9, inclusive",
                       R"({"a": [{"anything-but": [1e10]}]})", 30)},
              {"anything-but number out of range", A, R"({"a": [{"anything-but": -2e9}]})",
               "FilterPolicy: Value must be between -1.0E9 and 1.0E9, inclusive"},
              {"anything-but suffix type", A, R"({"a": [{"anything-but": {"suffix": 1}}]})",
               located("suffix match pattern must be a string",
                       R"({"a": [{"anything-but": {"suffix": 1}}]})", 37)},
              {"anything-but prefix extra key", A,
               R"({"a": [{"anything-but": {"prefix": "x", "y": 1}}]})",
               located("Only one key allowed in match expression",
                       R"({"a": [{"anything-but": {"prefix": "x", "y": 1}}]})", 47)},
              {"prefix not a string", A, R"({"a": [{"prefix": 1}]})",
               located("prefix match pattern must be a string", R"({"a": [{"prefix": 1}]})", 20)},
              {"equals-ignore-case not a string", A, R"({"a": [{"equals-ignore-case": ["x"]}]})",
               located("equals-ignore-case match pattern must be a string",
                       R"({"a": [{"equals-ignore-case": ["x"]}]})", 32)},
              {"exists extra key", A, R"({"a": [{"exists": true, "prefix": "x"}]})",
               located("Only one key allowed in match expression",
                       R"({"a": [{"exists": true, "prefix": "x"}]})", 36)},
              {"wildcard is not an SNS operator", A, R"({"a": [{"wildcard": "x*"}]})",
               located("Unrecognized match type wildcard", R"({"a": [{"wildcard": "x*"}]})", 22)},
              {"cidr negative mask", A, R"({"a": [{"cidr": "10.0.0.0/-1"}]})",
               "FilterPolicy: Malformed CIDR, mask bits must not be negative"},
              {"cidr ipv4 mask 32", A, R"({"a": [{"cidr": "10.0.0.1/32"}]})",
               "FilterPolicy: IPv4 mask bits must be < 32"},
              {"cidr ipv6 mask 128", A, R"({"a": [{"cidr": "::1/128"}]})",
               "FilterPolicy: IPv6 mask bits must be < 128"},
              {"cidr address out of range", A, R"({"a": [{"cidr": "300.1.1.1/8"}]})",
               "FilterPolicy: Invalid IP address: 300.1.1.1"},
              {"cidr two slashes", A, R"({"a": [{"cidr": "10.0.0.0/8/8"}]})",
               "FilterPolicy: Malformed CIDR, one '/' required"},
              {"or with one object is a plain key", A, R"({"$or": [{"a": ["x"]}]})",
               located("Unrecognized match type a", R"({"$or": [{"a": ["x"]}]})", 17)},
              {"or with reserved key is a plain key", A,
               R"({"$or": [{"numeric": ["x"]}, {"b": ["y"]}]})",
               located("Unrecognized numeric range operator: x",
                       R"({"$or": [{"numeric": ["x"]}, {"b": ["y"]}]})", 27)},
              {"or branch with too many keys", A,
               R"({"a": ["1"], "$or": [{"b": ["1"], "c": ["1"], "d": ["1"], "e": ["1"], "f": ["1"]}, {"g": ["1"]}]})",
               "FilterPolicy: Filter policy can not have more than 5 keys"},
              {"nested complexity over the limit", B, R"({"a": {"b": )" + values(76, "v") + "}}",
               "FilterPolicy: Filter policy is too complex"},
              {"or branches over the limit", A,
               R"({"$or": [{"a": )" + values(100, "v") + R"(}, {"b": )" + values(51, "v") + "}]}",
               "FilterPolicy: Filter policy is too complex"},
              {"nested in attribute scope after rules", A, R"({"a": {"b": ["x"]}})",
               "Filter policy scope MessageAttributes does not support nested filter policy"},
              {"multi-line location", A, "{\n  \"a\": [[1]]\n}",
               "FilterPolicy: Match value must be String, number, true, false, or null" +
                   at("{\n  \"a\": [[1]]\n}", 2, 10)},

              // JSON syntax errors, worded as Jackson words them.
              {"trailing comma in object", A, R"({"a": ["x"],})",
               "FilterPolicy: failed to parse JSON. Unexpected character ('}' (code 125)): was "
               "expecting "
               "double-quote to start field name" +
                   syntax_at(1, 13)},
              {"trailing comma in array", A, R"({"a": ["x",]})",
               "FilterPolicy: failed to parse JSON. Unexpected character (']' (code 93)): expected "
               "a value" +
                   syntax_at(1, 12)},
              {"missing colon", A, R"({"a" ["x"]})",
               "FilterPolicy: failed to parse JSON. Unexpected character ('[' (code 91)): was "
               "expecting a "
               "colon to separate field name and value" +
                   syntax_at(1, 6)},
              {"missing comma", A, R"({"a": ["x"] "b": ["y"]})",
               "FilterPolicy: failed to parse JSON. Unexpected character ('\"' (code 34)): was "
               "expecting "
               "comma to separate Object entries" +
                   syntax_at(1, 13)},
              {"unclosed object", A, R"({"a": ["x"])",
               "FilterPolicy: failed to parse JSON. Unexpected end-of-input: expected close marker "
               "for "
               "Object (start marker at " +
                   syntax_at(1, 1).substr(4) + ")" + syntax_at(1, 12)},
              {"unterminated string", A, R"({"a": ["x)",
               "FilterPolicy: failed to parse JSON. Unexpected end-of-input: was expecting closing "
               "quote "
               "for a string value" +
                   syntax_at(1, 10)},
              {"mismatched close", A, R"({"a": ["x"}})",
               "FilterPolicy: failed to parse JSON. Unexpected close marker '}': expected ']' (for "
               "Array "
               "starting at " +
                   syntax_at(1, 7).substr(4) + ")" + syntax_at(1, 12)},
              {"bad escape", A, R"({"a": ["\x"]})",
               "FilterPolicy: failed to parse JSON. Unrecognized character escape 'x' (code 120)" +
                   syntax_at(1, 11)},
              {"leading zero", A, R"({"a": [01]})",
               "FilterPolicy: failed to parse JSON. Invalid numeric value: Leading zeroes not "
               "allowed" +
                   syntax_at(1, 10)},
              {"comment", A, R"({"a": ["x"] /* c */})",
               "FilterPolicy: failed to parse JSON. Unexpected character ('/' (code 47)): maybe a "
               "(non-standard) comment? (not recognized as one since Feature 'ALLOW_COMMENTS' not "
               "enabled "
               "for parser)" +
                   syntax_at(1, 13)},
              {"single quotes", A, R"({'a': ['x']})",
               "FilterPolicy: failed to parse JSON. Unexpected character (''' (code 39)): was "
               "expecting "
               "double-quote to start field name" +
                   syntax_at(1, 2)},
              {"bad literal", A, R"({"a": [tru]})",
               "FilterPolicy: failed to parse JSON. Unrecognized token 'tru': was expecting (JSON "
               "String, "
               "Number, Array, Object or token 'null', 'true' or 'false')" +
                   syntax_at(1, 11)},
              {"too deep", B, std::string(1001, '[') + std::string(1001, ']'),
               "FilterPolicy: failed to parse JSON. Document nesting depth (1001) exceeds the "
               "maximum "
               "allowed (1000, from `StreamReadConstraints.getMaxNestingDepth()`)"},
              {"too large", B, R"({"a": [")" + std::string(256 * 1024, 'x') + R"("]})",
               "FilterPolicy: Filter policy can not be larger than 256 KB"},
          };
  return cases;
}

std::string flattened(std::string text) {
  for (auto at = text.find("\n at ["); at != std::string::npos; at = text.find("\n at [", at)) {
    text.erase(at, 1);
  }
  return text;
}

class FilterPolicyRejections : public ::testing::TestWithParam<RejectionCase> {};

TEST_P(FilterPolicyRejections, RejectsWithAwsMessage) {
  const RejectionCase& c = GetParam();
  try {
    FilterPolicy::compile(c.policy, c.scope);
    FAIL() << "accepted: " << c.policy;
  } catch (const InvalidFilterPolicy& error) {
    EXPECT_EQ(flattened(error.parameter_message()), c.message);
  }
}

std::string rejection_name(const ::testing::TestParamInfo<RejectionCase>& param) {
  std::string name = std::to_string(param.index) + "_";
  for (char c : param.param.name) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(FilterValidation, FilterPolicyRejections,
                         ::testing::ValuesIn(rejection_cases()), rejection_name);

TEST(FilterPolicyValidation, LocationFollowsTheMessageOnItsOwnLine) {
  try {
    FilterPolicy::compile(R"({"key":[]})", A);
    FAIL();
  } catch (const InvalidFilterPolicy& error) {
    EXPECT_STREQ(error.what(),
                 "Empty arrays are not allowed\n at [Source: (String)\"{\"key\":[]}\"; line: 1, "
                 "column: 10]");
    EXPECT_TRUE(error.names_filter_policy());
  }
}

TEST(FilterPolicyValidation, NestedPolicyInAttributeScopeIsNotLabelledFilterPolicy) {
  try {
    FilterPolicy::compile(R"({"object": {"key": ["x"]}})", A);
    FAIL();
  } catch (const InvalidFilterPolicy& error) {
    EXPECT_FALSE(error.names_filter_policy());
    EXPECT_EQ(error.parameter_message(),
              "Filter policy scope MessageAttributes does not support nested filter policy");
  }
  EXPECT_NO_THROW(FilterPolicy::compile(R"({"object": {"key": ["x"]}})", B));
}

TEST(FilterPolicyValidation, SourceQuotedInLocationIsCutAt500Characters) {
  std::string policy = R"({"a": [[")" + std::string(600, 'x') + R"("]]})";
  try {
    FilterPolicy::compile(policy, A);
    FAIL();
  } catch (const InvalidFilterPolicy& error) {
    std::string expected =
        "Match value must be String, number, true, false, or null\n at "
        "[Source: (String)\"" +
        policy.substr(0, 500) + "\"[truncated " + std::to_string(policy.size() - 500) +
        " chars]; line: 1, column: 9]";
    EXPECT_EQ(error.what(), expected);
  }
}

TEST(FilterPolicyValidation, AcceptsPoliciesAtTheLimits) {
  // 150 combinations exactly, in one key, across a nested key (weighted by depth) and across
  // "$or" branches; five keys in each of two branches with seven distinct keys in all.
  EXPECT_NO_THROW(FilterPolicy::compile(R"({"key": )" + values(150, "v") + "}", A));
  EXPECT_NO_THROW(FilterPolicy::compile(R"({"a": {"b": )" + values(75, "v") + "}}", B));
  EXPECT_NO_THROW(FilterPolicy::compile(
      R"({"$or": [{"a": )" + values(100, "v") + R"(}, {"b": )" + values(50, "v") + "}]}", A));
  EXPECT_NO_THROW(FilterPolicy::compile(
      R"({"$or": [{"a": ["1"], "b": ["1"], "c": ["1"], "d": ["1"], "e": ["1"]}, {"f": ["1"], "g": ["1"]}]})",
      A));
  EXPECT_NO_THROW(FilterPolicy::compile(R"({"a": [{"anything-but": {"suffix": "x"}}]})", A));
  EXPECT_NO_THROW(FilterPolicy::compile(R"({"a": [{"numeric": [">=", -1e9, "<=", 1e9]}]})", A));
  EXPECT_NO_THROW(FilterPolicy::compile(R"({"a": [1e12]})", A));
  EXPECT_NO_THROW(FilterPolicy::compile(R"({"a": ["x"]} trailing text)", A));
}

TEST(FilterPolicyValidation, CompiledPolicyIsMovable) {
  FilterPolicy first = FilterPolicy::compile(R"({"a": ["x"]})", A);
  FilterPolicy second = std::move(first);
  json attributes = {{"a", {{"DataType", "String"}, {"StringValue", "x"}}}};
  EXPECT_TRUE(second.matches_attributes(attributes));
  first = FilterPolicy::compile(R"({"a": ["y"]})", B);
  EXPECT_EQ(first.scope(), B);
  EXPECT_TRUE(first.matches_body(R"({"a": "y"})"));
}

}  // namespace
}  // namespace eddy::filter
