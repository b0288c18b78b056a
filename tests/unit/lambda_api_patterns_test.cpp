// Lambda's hand-written pattern checks agree with the API model's regular expressions (as
// std::regex reads them, which the server used before) on many generated values.
#include <gtest/gtest.h>

#include <random>
#include <regex>

#include "eddy/aws_error.hpp"
#include "services/lambda/api_patterns.hpp"
#include "services/lambda/function_name.hpp"

using namespace eddy;
namespace patterns = eddy::services::lambda::api_patterns;

namespace {

// Texts built from `pieces` joined by `separator`: the pieces the patterns care about, so most
// texts come near a match, with stray characters that break one.
std::vector<std::string> generated_texts(const std::vector<std::string>& pieces,
                                         const std::string& separator, int count) {
  std::mt19937 random(12);
  std::vector<std::string> texts;
  for (const auto& piece : pieces) texts.push_back(piece);
  for (int i = 0; i < count; ++i) {
    std::string text;
    int parts = 1 + static_cast<int>(random() % 8);
    for (int part = 0; part < parts; ++part) {
      if (part) text += separator;
      text += pieces[random() % pieces.size()];
    }
    texts.push_back(text);
  }
  return texts;
}

const std::vector<std::string> kCharacterPieces = {
    "a",     "Z",     "0",       "7",      "-",    "_",   ".",      "/",
    "$",     "*",     " ",       "\t",     "@",    "+",   "=",      ",",
    "x9",    "",      "lambda:", "lambda", "arn:", "aws", ":iam::", "123456789012",
    ":role", "role/", "é"};

void expect_agrees(const char* pattern, bool (*check)(std::string_view)) {
  std::regex regex(pattern);
  for (const auto& text : generated_texts(kCharacterPieces, "", 20000))
    EXPECT_EQ(check(text), std::regex_match(text, regex)) << pattern << " on '" << text << "'";
}

}  // namespace

TEST(LambdaApiPatterns, SimpleChecksMatchTheModelsRegularExpressions) {
  expect_agrees(R"(\d{12})", patterns::is_account_id);
  expect_agrees(R"(arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+)",
                patterns::is_role_arn);
  expect_agrees(R"([^\s]+)", patterns::is_handler);
  expect_agrees("[a-zA-Z]([a-zA-Z0-9_])+", patterns::is_environment_key);
  expect_agrees("(lambda:[*]|lambda:[a-zA-Z]+|[*])", patterns::is_permission_action);
  expect_agrees("([a-zA-Z0-9-_.]+)", patterns::is_statement_id);
  expect_agrees("(?!^[0-9]+$)([a-zA-Z0-9-_]+)", patterns::is_alias_name);
}

TEST(LambdaApiPatterns, FunctionNamesPartAsTheModelsRegularExpressionCapturesThem) {
  std::regex regex(
      R"((arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_\.]+)(:(\$LATEST(\.PUBLISHED)?|[a-zA-Z0-9-_]+))?)");
  std::vector<std::string> pieces = {"arn",
                                     "aws",
                                     "aws-cn",
                                     "awsx1",
                                     "lambda",
                                     "us-east-1",
                                     "eu-west-1",
                                     "us-gov-west-1",
                                     "us-iso-east-1",
                                     "us-isob-east-1",
                                     "us-east-12",
                                     "123456789012",
                                     "12345",
                                     "function",
                                     "f",
                                     "my-fn.v2",
                                     "$LATEST",
                                     "$LATEST.PUBLISHED",
                                     "live",
                                     "",
                                     "a b",
                                     "x_y",
                                     "7"};
  for (const auto& text : generated_texts(pieces, ":", 20000)) {
    std::smatch match;
    bool matched = std::regex_match(text, match, regex);
    std::string expected;
    if (!matched) {
      expected = "ValidationException";
    } else if (match[3].matched && match[3].str() != "us-east-1:") {
      expected = "ResourceNotFoundException";
    } else {
      expected = match[10].str() + (match[12].matched ? "|" + match[12].str() : "");
    }
    std::string found;
    try {
      auto ref = services::lambda::parse_function_name(text, "123456789012", "us-east-1", 100000);
      found = ref.name + (ref.qualifier ? "|" + *ref.qualifier : "");
    } catch (const AwsError& e) {
      found = e.code();
    }
    EXPECT_EQ(found, expected) << "'" << text << "'";
  }
}
