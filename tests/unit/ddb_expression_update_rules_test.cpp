// What AWS rejects in an update expression before it reads the item.
#include "ddb_expression_test_support.hpp"

using namespace ddb_expression_test;

namespace {

const char* kUpdateRulesValues = R"({"ExpressionAttributeValues":{
  ":s":{"S":"x"}, ":n":{"N":"1"}, ":l":{"L":[]}, ":ss":{"SS":["a"]}, ":m":{"M":{}},
  ":b":{"BOOL":true}}})";

std::string update_rule_error(const std::string& expression) {
  return update_error(expression, kUpdateRulesValues);
}

}  // namespace

TEST(DdbExpressionUpdateRules, AcceptsEveryClause) {
  EXPECT_EQ(update_rule_error("SET a = :s, b = c + :n, d = :n - e, f = if_not_exists(f, :n), "
                              "g = list_append(g, :l), h = list_append(:l, if_not_exists(h, :l)) "
                              "REMOVE i, j[1], k.l ADD m :n, n :ss DELETE o :ss"),
            "");
  EXPECT_EQ(update_rule_error("remove a set b = :s"), "");  // any order, any case
  EXPECT_EQ(update_rule_error("SET a = (b + :n)"), "");
}

TEST(DdbExpressionUpdateRules, SyntaxErrors) {
  EXPECT_EQ(update_rule_error("SET a = 1"),
            "Invalid UpdateExpression: Syntax error; token: \"1\", near: \"= 1\"");
  EXPECT_EQ(update_rule_error("a = :s"),
            "Invalid UpdateExpression: Syntax error; token: \"a\", near: \"a =\"");
  EXPECT_EQ(update_rule_error("SET a = :s,"),
            "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \",\"");
  EXPECT_EQ(update_rule_error("SET a = b + c + :n"),
            "Invalid UpdateExpression: Syntax error; token: \"+\", near: \"c + :n\"");
  EXPECT_EQ(update_rule_error("ADD a b"),
            "Invalid UpdateExpression: Syntax error; token: \"b\", near: \"a b\"");
  EXPECT_EQ(update_rule_error("REMOVE a = :s"),
            "Invalid UpdateExpression: Syntax error; token: \"=\", near: \"a = :s\"");
  EXPECT_EQ(update_error(""), "Invalid UpdateExpression: The expression can not be empty;");
}

TEST(DdbExpressionUpdateRules, ClauseGivenTwice) {
  EXPECT_EQ(update_rule_error("SET a = :s SET b = :s"),
            "Invalid UpdateExpression: The \"SET\" section can only be used once in an update "
            "expression;");
  EXPECT_EQ(update_rule_error("REMOVE a ADD b :n REMOVE c"),
            "Invalid UpdateExpression: The \"REMOVE\" section can only be used once in an update "
            "expression;");
}

TEST(DdbExpressionUpdateRules, OverlappingAndConflictingPaths) {
  EXPECT_EQ(update_rule_error("SET a = :s REMOVE a"),
            "Invalid UpdateExpression: Two document paths overlap with each other; must remove or "
            "rewrite one of these paths; path one: [a], path two: [a]");
  EXPECT_EQ(update_rule_error("SET a.b = :s, a = :s"),
            "Invalid UpdateExpression: Two document paths overlap with each other; must remove or "
            "rewrite one of these paths; path one: [a, b], path two: [a]");
  EXPECT_EQ(update_rule_error("SET a.b = :s REMOVE a[0]"),
            "Invalid UpdateExpression: Two document paths conflict with each other; must remove or "
            "rewrite one of these paths; path one: [a, b], path two: [a, [0]]");
  EXPECT_EQ(update_rule_error("SET a[0] = :s, a[1] = :s, a.b[0] = :s"),
            "Invalid UpdateExpression: Two document paths conflict with each other; must remove or "
            "rewrite one of these paths; path one: [a, [0]], path two: [a, b, [0]]");
  EXPECT_EQ(update_rule_error("SET a.b = :s, a.c = :s"), "");
}

TEST(DdbExpressionUpdateRules, FunctionsInAnUpdate) {
  EXPECT_EQ(update_rule_error("SET a = foo(b)"),
            "Invalid UpdateExpression: Invalid function name; function: foo");
  EXPECT_EQ(update_rule_error("SET a = size(b)"),
            "Invalid UpdateExpression: The function is not allowed in an update expression; "
            "function: size");
  EXPECT_EQ(update_rule_error("SET a = attribute_exists(b)"),
            "Invalid UpdateExpression: The function is not allowed in an update expression; "
            "function: attribute_exists");
  EXPECT_EQ(update_rule_error("SET a = if_not_exists(b)"),
            "Invalid UpdateExpression: Incorrect number of operands for operator or function; "
            "operator or function: if_not_exists, number of operands: 1");
  EXPECT_EQ(update_rule_error("SET a = if_not_exists(:s, b)"),
            "Invalid UpdateExpression: Operator or function requires a document path; operator or "
            "function: if_not_exists");
  EXPECT_EQ(update_rule_error("SET a = list_append(b, :s)"),
            "Invalid UpdateExpression: Incorrect operand type for operator or function; operator "
            "or function: list_append, operand type: S");
}

TEST(DdbExpressionUpdateRules, FunctionArgumentsAreOperands) {
  // + and - only at the top of a SET value, not inside a function's arguments.
  EXPECT_EQ(update_rule_error("SET a = if_not_exists(a, :n + :n)"),
            "Invalid UpdateExpression: Syntax error; token: \"+\", near: \":n + :n\"");
  EXPECT_EQ(update_rule_error("SET a = if_not_exists(a, :n) + :n"), "");
  EXPECT_EQ(update_rule_error("SET a = list_append(list_append(:l, :l), :l)"),
            "Invalid UpdateExpression: The function is not allowed to be used this way in an "
            "expression; function: list_append");
  EXPECT_EQ(update_rule_error("SET a = LIST_APPEND(:l, :l)"),
            "Invalid UpdateExpression: Invalid function name; function: LIST_APPEND");
}

TEST(DdbExpressionUpdateRules, OperandTypes) {
  EXPECT_EQ(update_rule_error("SET a = b + :s"),
            "Invalid UpdateExpression: Incorrect operand type for operator or function; operator "
            "or function: +, operand type: S");
  EXPECT_EQ(update_rule_error("SET a = :l - b"),
            "Invalid UpdateExpression: Incorrect operand type for operator or function; operator "
            "or function: -, operand type: L");
  EXPECT_EQ(update_rule_error("ADD a :s"),
            "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: "
            "ADD, operand type: STRING");
  EXPECT_EQ(update_rule_error("ADD a :m"),
            "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: "
            "ADD, operand type: MAP");
  EXPECT_EQ(update_rule_error("DELETE a :n"),
            "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: "
            "DELETE, operand type: NUMBER");
  EXPECT_EQ(update_rule_error("DELETE a :b"),
            "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: "
            "DELETE, operand type: BOOLEAN");
}

TEST(DdbExpressionUpdateRules, NamesAndPlaceholders) {
  EXPECT_EQ(
      update_rule_error("SET name = :s"),
      "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: name");
  EXPECT_EQ(update_rule_error("SET #a = :s"),
            "Invalid UpdateExpression: An expression attribute name used in the document path is "
            "not defined; attribute name: #a");
  EXPECT_EQ(update_rule_error("SET a = :zz"),
            "Invalid UpdateExpression: An expression attribute value used in expression is not "
            "defined; attribute value: :zz");
  // Reserved words come first, then the clause rule, then placeholders, then overlaps.
  EXPECT_EQ(
      update_rule_error("SET a = :zz SET name = :s"),
      "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: name");
  EXPECT_EQ(update_rule_error("SET a = :zz, a = :s SET b = :s"),
            "Invalid UpdateExpression: The \"SET\" section can only be used once in an update "
            "expression;");
  EXPECT_EQ(update_rule_error("SET a = :zz, a = :s"),
            "Invalid UpdateExpression: An expression attribute value used in expression is not "
            "defined; attribute value: :zz");
}

TEST(DdbExpressionUpdateRules, PathsForKeyChecks) {
  eddy::services::dynamodb::ExpressionAttributes attributes(parse_json(kUpdateRulesValues));
  const auto update =
      eddy::services::dynamodb::Update::parse("SET a.b = :s REMOVE c[2] ADD d :n", attributes);
  using eddy::services::dynamodb::DocumentPath;
  EXPECT_EQ(update.paths(), (std::vector<DocumentPath>{{"a", "b"}, {"c", std::size_t{2}}, {"d"}}));
}
