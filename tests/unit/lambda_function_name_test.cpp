// How requests name functions: names, partial and full ARNs, qualifiers, and AWS's refusals.
#include <gtest/gtest.h>

#include "eddy/aws_error.hpp"
#include "services/lambda/function_name.hpp"

using namespace eddy;
using eddy::services::lambda::parse_function_name;

namespace {

std::string error_code_of(const std::function<void()>& call) {
  try {
    call();
  } catch (const AwsError& e) {
    return e.code() + ": " + e.message();
  }
  return "no error";
}

}  // namespace

TEST(LambdaFunctionName, NamesAndArnsOfEveryFormNameTheSameFunction) {
  for (const char* text : {"ingest", "123456789012:function:ingest",
                           "arn:aws:lambda:us-east-1:123456789012:function:ingest"}) {
    auto ref = parse_function_name(text, "123456789012", "us-east-1");
    EXPECT_EQ(ref.name, "ingest") << text;
    EXPECT_FALSE(ref.qualifier) << text;
    EXPECT_EQ(ref.arn(), "arn:aws:lambda:us-east-1:123456789012:function:ingest");
  }
}

TEST(LambdaFunctionName, AQualifierComesFromTheNameOrTheParameter) {
  auto from_name = parse_function_name("ingest:live", std::nullopt, "1", "us-east-1");
  EXPECT_EQ(from_name.qualifier, "live");
  EXPECT_EQ(from_name.qualified_arn(), "arn:aws:lambda:us-east-1:1:function:ingest:live");
  auto latest = parse_function_name("arn:aws:lambda:us-east-1:123456789012:function:ingest:$LATEST",
                                    "123456789012", "us-east-1");
  EXPECT_EQ(latest.qualifier, "$LATEST");
  auto from_parameter = parse_function_name("ingest", std::string("3"), "1", "us-east-1");
  EXPECT_EQ(from_parameter.qualifier, "3");
  auto matching = parse_function_name("ingest:3", std::string("3"), "1", "us-east-1");
  EXPECT_EQ(matching.qualifier, "3");
  EXPECT_EQ(
      error_code_of([] { parse_function_name("ingest:3", std::string("4"), "1", "us-east-1"); }),
      "InvalidParameterValueException: The derived qualifier from the function name does "
      "not match the specified qualifier.");
}

TEST(LambdaFunctionName, ValuesOutsideTheModelsPatternAreValidationErrors) {
  EXPECT_TRUE(error_code_of([] { parse_function_name("bad name", "1", "us-east-1"); })
                  .starts_with("ValidationException: 1 validation error detected: Value 'bad "
                               "name' at 'functionName' failed to satisfy constraint: Member must "
                               "satisfy regular expression pattern: "));
  EXPECT_TRUE(error_code_of([] {
                parse_function_name("", "1", "us-east-1");
              }).starts_with("ValidationException"));
  EXPECT_TRUE(error_code_of([] {
                parse_function_name(std::string(300, 'a'), "1", "us-east-1");
              }).starts_with("ValidationException"));
  EXPECT_TRUE(error_code_of([] {
                parse_function_name("f", std::string("a b"), "1", "us-east-1");
              }).starts_with("ValidationException"));
}

TEST(LambdaFunctionName, AnArnOfAnotherRegionIsNotReachable) {
  EXPECT_EQ(error_code_of([] {
              parse_function_name("arn:aws:lambda:eu-west-1:123456789012:function:f",
                                  "123456789012", "us-east-1");
            }),
            "ResourceNotFoundException: Functions from 'eu-west-1' are not reachable in this "
            "region ('us-east-1')");
}
