// What AWS rejects in a condition that parses: function names, arities and operand types,
// functions where they are not allowed, placeholders, BETWEEN bounds, IN sizes.
#include "ddb_expression_test_support.hpp"

using namespace ddb_expression_test;

namespace {

const char* kConditionRulesValues = R"({"ExpressionAttributeValues":{
  ":s":{"S":"x"}, ":t":{"S":"y"}, ":n":{"N":"1"}, ":big":{"N":"10"}, ":b":{"BOOL":true},
  ":type":{"S":"SS"}, ":badtype":{"S":"STRING"}, ":null":{"NULL":true}}})";

std::string condition_rule_error(const std::string& expression) {
  return condition_error(expression, kConditionRulesValues);
}

}  // namespace

TEST(DdbExpressionConditionRules, AcceptsEveryFunctionAndOperator) {
  EXPECT_EQ(condition_rule_error(
                "attribute_exists(a) AND attribute_not_exists(b.c[1]) AND "
                "attribute_type(d, :type) AND begins_with(e, :s) AND contains(f, :n) AND "
                "size(g) > :n AND h BETWEEN :n AND :big AND i IN (:s, :t) AND (j = :s OR "
                "NOT k <> :s) AND l < :n AND l <= :n AND m > :n AND m >= :n"),
            "");
}

TEST(DdbExpressionConditionRules, UnknownFunction) {
  EXPECT_EQ(condition_rule_error("foo(a)"),
            "Invalid ConditionExpression: Invalid function name; function: foo");
}

TEST(DdbExpressionConditionRules, UpdateFunctionInCondition) {
  EXPECT_EQ(condition_rule_error("if_not_exists(a, :s) = :s"),
            "Invalid ConditionExpression: The function is not allowed in a condition expression; "
            "function: if_not_exists");
}

TEST(DdbExpressionConditionRules, WrongNumberOfOperands) {
  EXPECT_EQ(condition_rule_error("begins_with(a)"),
            "Invalid ConditionExpression: Incorrect number of operands for operator or function; "
            "operator or function: begins_with, number of operands: 1");
  EXPECT_EQ(condition_rule_error("attribute_exists(a, b)"),
            "Invalid ConditionExpression: Incorrect number of operands for operator or function; "
            "operator or function: attribute_exists, number of operands: 2");
}

TEST(DdbExpressionConditionRules, FunctionNeedsADocumentPath) {
  EXPECT_EQ(condition_rule_error("attribute_exists(:s)"),
            "Invalid ConditionExpression: Operator or function requires a document path; operator "
            "or function: attribute_exists");
  EXPECT_EQ(condition_rule_error("attribute_not_exists(:s)"),
            "Invalid ConditionExpression: Operator or function requires a document path; operator "
            "or function: attribute_not_exists");
}

TEST(DdbExpressionConditionRules, OperandTypesKnownAtParseTime) {
  EXPECT_EQ(condition_rule_error("begins_with(a, :n)"),
            "Invalid ConditionExpression: Incorrect operand type for operator or function; "
            "operator or function: begins_with, operand type: N");
  EXPECT_EQ(condition_rule_error("size(:b) > :n"),
            "Invalid ConditionExpression: Incorrect operand type for operator or function; "
            "operator or function: size, operand type: BOOL");
  EXPECT_EQ(condition_rule_error("attribute_type(a, :n)"),
            "Invalid ConditionExpression: Incorrect operand type for operator or function; "
            "operator or function: attribute_type, operand type: N");
  EXPECT_EQ(condition_rule_error("attribute_type(a, :badtype)"),
            "Invalid ConditionExpression: Invalid attribute type name found; type: STRING, valid "
            "types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
}

TEST(DdbExpressionConditionRules, FunctionsUsedWhereAValueIsExpected) {
  EXPECT_EQ(condition_rule_error("attribute_exists(a) = :s"),
            "Invalid ConditionExpression: The function is not allowed to be used this way in an "
            "expression; function: attribute_exists");
  EXPECT_EQ(condition_rule_error("a IN (:s, contains(b, :s))"),
            "Invalid ConditionExpression: The function is not allowed to be used this way in an "
            "expression; function: contains");
  // size() is only an operand, never a condition of its own.
  EXPECT_EQ(condition_rule_error("size(a)"),
            "Invalid ConditionExpression: The function is not allowed to be used this way in an "
            "expression; function: size");
  EXPECT_EQ(condition_rule_error("a = :s AND size(a)"),
            "Invalid ConditionExpression: The function is not allowed to be used this way in an "
            "expression; function: size");
}

TEST(DdbExpressionConditionRules, OperandsMustBeDistinct) {
  EXPECT_EQ(condition_rule_error("a.b = a.b"),
            "Invalid ConditionExpression: The first operand must be distinct from the remaining "
            "operands for this operator or function; operator: =, first operand: [a, b]");
  EXPECT_EQ(condition_rule_error("begins_with(a[0], a[0])"),
            "Invalid ConditionExpression: The first operand must be distinct from the remaining "
            "operands for this operator or function; operator: begins_with, first operand: [a, "
            "[0]]");
}

TEST(DdbExpressionConditionRules, BetweenBounds) {
  EXPECT_EQ(condition_rule_error("a BETWEEN :big AND :n"),
            "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater "
            "than or equal to lower bound; lower bound operand: AttributeValue: {N:10}, upper "
            "bound operand: AttributeValue: {N:1}");
  EXPECT_EQ(condition_rule_error("a BETWEEN :n AND :s"),
            "Invalid ConditionExpression: The BETWEEN operator requires same data type for lower "
            "and upper bounds; lower bound operand: AttributeValue: {N:1}, upper bound operand: "
            "AttributeValue: {S:x}");
  EXPECT_EQ(condition_rule_error("a BETWEEN :n AND :n"), "");
}

TEST(DdbExpressionConditionRules, OrderingNeedsStringsNumbersOrBinaries) {
  EXPECT_EQ(condition_rule_error("a < :b"),
            "Invalid ConditionExpression: Incorrect operand type for operator or function; "
            "operator or function: <, operand type: BOOL");
  EXPECT_EQ(condition_rule_error(":null >= a"),
            "Invalid ConditionExpression: Incorrect operand type for operator or function; "
            "operator or function: >=, operand type: NULL");
  EXPECT_EQ(condition_rule_error("a BETWEEN :b AND :n"),
            "Invalid ConditionExpression: Incorrect operand type for operator or function; "
            "operator or function: BETWEEN, operand type: BOOL");
  // Equality takes any type.
  EXPECT_EQ(condition_rule_error("a = :b AND a <> :null"), "");
}

TEST(DdbExpressionConditionRules, PathsTheConditionReads) {
  eddy::services::dynamodb::ExpressionAttributes attributes(parse_json(
      R"({"ExpressionAttributeNames":{"#k":"pk"},"ExpressionAttributeValues":{":s":{"S":"x"}}})"));
  const auto condition = eddy::services::dynamodb::Condition::parse(
      "#k = :s AND (size(a.b) > c[1] OR begins_with(d, :s))", attributes, "FilterExpression");
  using eddy::services::dynamodb::DocumentPath;
  EXPECT_EQ(condition.paths(),
            (std::vector<DocumentPath>{{"pk"}, {"a", "b"}, {"c", std::size_t{1}}, {"d"}}));
}

TEST(DdbExpressionConditionRules, InTakesAtMostOneHundredValues) {
  json values = json::object();
  std::string list;
  for (int i = 0; i < 101; ++i) {
    values[":v" + std::to_string(i)] = {{"N", std::to_string(i)}};
    if (i < 100) list += (i ? ", :v" : ":v") + std::to_string(i);
  }
  const auto request = json{{"ExpressionAttributeValues", values}}.dump();
  EXPECT_EQ(condition_error("a IN (" + list + ")", request), "");
  EXPECT_EQ(condition_error("a IN (" + list + ", :v100)", request),
            "Invalid ConditionExpression: The IN operator is provided with too many operands; "
            "number of operands: 101");
}

TEST(DdbExpressionConditionRules, UndefinedPlaceholders) {
  EXPECT_EQ(condition_rule_error("#a = :s"),
            "Invalid ConditionExpression: An expression attribute name used in the document path "
            "is not defined; attribute name: #a");
  EXPECT_EQ(condition_rule_error("a = :zz"),
            "Invalid ConditionExpression: An expression attribute value used in expression is not "
            "defined; attribute value: :zz");
  EXPECT_EQ(condition_error("a = :zz"),
            "Invalid ConditionExpression: An expression attribute value used in expression is not "
            "defined; attribute value: :zz");
}

TEST(DdbExpressionConditionRules, ProblemsAreReportedInAwsOrder) {
  // A reserved word is reported before an undefined placeholder, an unknown function before both.
  EXPECT_EQ(condition_rule_error("#a = :s AND status = :s"),
            "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: "
            "status");
  EXPECT_EQ(condition_rule_error("status = :zz AND foo(a)"),
            "Invalid ConditionExpression: Invalid function name; function: foo");
}

TEST(DdbExpressionConditionRules, RedundantParentheses) {
  EXPECT_EQ(condition_rule_error("((a = :s))"),
            "Invalid ConditionExpression: The expression has redundant parentheses;");
  EXPECT_EQ(condition_rule_error("(a = :s)"), "");
  EXPECT_EQ(condition_rule_error("((a = :s) AND b = :s)"), "");
}
