// The tokenizer, the reserved words and AWS's wording of syntax errors.
#include "ddb_expression_test_support.hpp"
#include "services/dynamodb/expressions/reserved_words.hpp"
#include "services/dynamodb/expressions/tokenizer.hpp"

using namespace ddb_expression_test;
using namespace eddy::services::dynamodb;

namespace {

const char* kSyntaxValues = R"({"ExpressionAttributeValues":{":v":{"S":"x"},":w":{"S":"y"}}})";

}  // namespace

TEST(DdbExpressionSyntax, TokenizerKeepsWhiteSpaceAndSplitsOperators) {
  const auto tokens = tokenize("a.b[12] <>:v AND #n>=size(c)");
  std::vector<std::string> texts;
  for (const auto& token : tokens) texts.push_back(token.text);
  EXPECT_EQ(texts, (std::vector<std::string>{"a", ".", "b", "[", "12", "]", " ", "<>", ":v", " ",
                                             "AND", " ", "#n", ">=", "size", "(", "c", ")"}));
  EXPECT_EQ(tokens[8].kind, TokenKind::value_placeholder);
  EXPECT_EQ(tokens[12].kind, TokenKind::name_placeholder);
  EXPECT_EQ(tokens[4].kind, TokenKind::number);
  EXPECT_TRUE(is_keyword(tokens[10], "AND"));
  EXPECT_TRUE(is_keyword(tokenize("and")[0], "AND"));
  EXPECT_EQ(tokenize("a!")[1].kind, TokenKind::unknown);
}

TEST(DdbExpressionSyntax, ReservedWordListIsAwsFullList) {
  EXPECT_EQ(reserved_word_count(), 573u);
  EXPECT_TRUE(is_reserved_word("status"));
  EXPECT_TRUE(is_reserved_word("Name"));
  EXPECT_TRUE(is_reserved_word("ZONE"));
  EXPECT_FALSE(is_reserved_word("color"));
  EXPECT_FALSE(is_reserved_word("attribute_exists"));
}

TEST(DdbExpressionSyntax, ReservedWordAsAttributeNameIsRejected) {
  EXPECT_EQ(condition_error("status = :v", kSyntaxValues + std::string()),
            "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: "
            "status");
  EXPECT_EQ(condition_error("a.Size = :v", kSyntaxValues),
            "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: "
            "Size");
  // Through a placeholder the same name is fine.
  EXPECT_EQ(condition_error("#s = :v",
                            R"({"ExpressionAttributeNames":{"#s":"status"},
                                "ExpressionAttributeValues":{":v":{"S":"x"}}})"),
            "");
}

TEST(DdbExpressionSyntax, SyntaxErrorQuotesTokenAndNearText) {
  EXPECT_EQ(condition_error("a = ", kSyntaxValues),
            "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"= \"");
  EXPECT_EQ(condition_error("a = :v :w", kSyntaxValues),
            "Invalid ConditionExpression: Syntax error; token: \":w\", near: \":v :w\"");
  EXPECT_EQ(condition_error("foo-bar = :v", kSyntaxValues),
            "Invalid ConditionExpression: Syntax error; token: \"-\", near: \"foo-bar\"");
  EXPECT_EQ(condition_error("a = :v AND", kSyntaxValues),
            "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"AND\"");
  EXPECT_EQ(condition_error("a == :v", kSyntaxValues),
            "Invalid ConditionExpression: Syntax error; token: \"=\", near: \"== :v\"");
  EXPECT_EQ(condition_error("a", kSyntaxValues),
            "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"a\"");
  EXPECT_EQ(condition_error("a[x] = :v", kSyntaxValues),
            "Invalid ConditionExpression: Syntax error; token: \"x\", near: \"[x]\"");
  EXPECT_EQ(condition_error("a = :v OR (b = :w", kSyntaxValues),
            "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \":w\"");
  EXPECT_EQ(condition_error("a ! :v", kSyntaxValues),
            "Invalid ConditionExpression: Syntax error; token: \"!\", near: \"a ! :v\"");
}

TEST(DdbExpressionSyntax, AwsRecordedSyntaxErrors) {
  // Messages DynamoDB returned, as quoted in public bug reports and test suites.
  EXPECT_EQ(
      update_error("SET  REMOVE #Options", R"({"ExpressionAttributeNames":{"#Options":"o"}})"),
      "Invalid UpdateExpression: Syntax error; token: \"REMOVE\", near: \"SET  REMOVE "
      "#Options\"");
  EXPECT_EQ(condition_error("attribute_exists(car_id) AND NOT #has_air_conditioner",
                            R"({"ExpressionAttributeNames":{"#has_air_conditioner":"h"}})"),
            "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: "
            "\"#has_air_conditioner\"");
  // Names may not start with an underscore or a digit.
  EXPECT_EQ(update_error("SET _123 = :v", kSyntaxValues),
            "Invalid UpdateExpression: Syntax error; token: \"_\", near: \"SET _123\"");
  EXPECT_EQ(update_error("SET a = _f(b)", kSyntaxValues),
            "Invalid UpdateExpression: Syntax error; token: \"_\", near: \"= _f\"");
}

TEST(DdbExpressionSyntax, KeywordCannotNameAnAttribute) {
  EXPECT_EQ(condition_error("attribute_exists(and)"),
            "Invalid ConditionExpression: Syntax error; token: \"and\", near: \"(and)\"");
}

TEST(DdbExpressionSyntax, SyntaxErrorWinsOverOtherProblems) {
  // status is reserved and #x undefined, but the expression does not parse at all.
  EXPECT_EQ(condition_error("status = #x ="),
            "Invalid ConditionExpression: Syntax error; token: \"=\", near: \"#x =\"");
}

TEST(DdbExpressionSyntax, EmptyExpression) {
  EXPECT_EQ(condition_error(""), "Invalid ConditionExpression: The expression can not be empty;");
  EXPECT_EQ(condition_error("", "{}", "FilterExpression"),
            "Invalid FilterExpression: The expression can not be empty;");
}

TEST(DdbExpressionSyntax, KeywordsAreCaseInsensitive) {
  const char* request =
      R"({"ExpressionAttributeValues":{":a":{"N":"1"},":b":{"N":"5"},":c":{"N":"3"}}})";
  EXPECT_EQ(condition_error("x between :a and :b or not x in (:c)", request), "");
  EXPECT_TRUE(
      condition_matches("x between :a and :b or not x in (:c)", request, R"({"x":{"N":"3"}})"));
}

TEST(DdbExpressionSyntax, ExpressionSizeLimit) {
  // 4096 bytes as sent pass; one more is refused.
  const std::string padding(4096 - std::string("a = :v").size(), ' ');
  EXPECT_EQ(condition_error("a = :v" + padding, kSyntaxValues), "");
  EXPECT_EQ(condition_error("a = :v " + padding, kSyntaxValues, "FilterExpression"),
            "Invalid FilterExpression: Expression size has exceeded the maximum allowed size; "
            "expression size: 4097");
  EXPECT_EQ(update_error("SET a = :v " + padding, kSyntaxValues),
            "Invalid UpdateExpression: Expression size has exceeded the maximum allowed size;");
}

TEST(DdbExpressionSyntax, OperatorLimit) {
  // Each comparison and each AND counts: n comparisons joined by AND are 2n - 1 operators.
  const auto conjunction = [](int comparisons) {
    std::string text = "a = :v";
    for (int i = 1; i < comparisons; ++i) text += " AND a = :v";
    return text;
  };
  EXPECT_EQ(condition_error(conjunction(150), kSyntaxValues), "");  // 299
  EXPECT_EQ(condition_error(conjunction(151), kSyntaxValues, "FilterExpression"),
            "Invalid FilterExpression: The expression contains too many operators; operator "
            "count: 301");
}
