#include <gtest/gtest.h>

#include "eddy/aws_error.hpp"
#include "services/iam/policy_document.hpp"

using eddy::AwsError;
using namespace eddy::services::iam;

namespace {

// The message of the MalformedPolicyDocument `text` raises, or "" when it passes.
std::string problem(const std::string& text, PolicyKind kind) {
  try {
    check_policy_document(text, kind);
    return "";
  } catch (const AwsError& e) {
    EXPECT_EQ(e.code(), "MalformedPolicyDocument");
    EXPECT_EQ(e.http_status(), 400);
    return e.message();
  }
}

constexpr auto kPermissions = PolicyKind::permissions;
constexpr auto kTrust = PolicyKind::trust;

}  // namespace

TEST(IamPolicyDocument, AcceptsWellFormedPolicies) {
  EXPECT_EQ(problem(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",
      "Action":["s3:GetObject","logs:*"],"Resource":"*","Condition":{"Bool":{"aws:x":"true"}}}]})",
                    kPermissions),
            "");
  // One statement may stand alone, without a list; Version may be left out.
  EXPECT_EQ(problem(R"({"Statement":{"Effect":"Deny","NotAction":"iam:*","NotResource":"*"}})",
                    kPermissions),
            "");
  EXPECT_EQ(problem(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",
      "Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]})",
                    kTrust),
            "");
}

TEST(IamPolicyDocument, ReportsSyntaxAsIamWordsIt) {
  EXPECT_EQ(problem("{", kPermissions), "Syntax errors in policy.");
  EXPECT_EQ(problem("{", kTrust), "This policy contains invalid Json");
  EXPECT_EQ(problem("[]", kPermissions), "Syntax errors in policy.");
  EXPECT_EQ(problem(R"({"Version":"2012-10-17"})", kPermissions), "Syntax errors in policy.");
  EXPECT_EQ(problem(R"({"Version":"2019-01-01","Statement":[]})", kPermissions),
            "Syntax errors in policy.");
  EXPECT_EQ(
      problem(R"({"Statement":[{"Effect":"Maybe","Action":"s3:*","Resource":"*"}]})", kPermissions),
      "Syntax errors in policy.");
  EXPECT_EQ(
      problem(R"({"Statement":[{"Effect":"Allow","Action":7,"Resource":"*"}]})", kPermissions),
      "Syntax errors in policy.");
  EXPECT_EQ(
      problem(R"({"Statement":[{"Effect":"Allow","Verb":"s3:*","Resource":"*"}]})", kPermissions),
      "Syntax errors in policy.");
}

TEST(IamPolicyDocument, ReportsMissingOrMisplacedElements) {
  EXPECT_EQ(problem(R"({"Statement":[{"Effect":"Allow","Resource":"*"}]})", kPermissions),
            "Policy statement must contain actions.");
  EXPECT_EQ(problem(R"({"Statement":[{"Effect":"Allow","Action":"s3:*"}]})", kPermissions),
            "Policy statement must contain resources.");
  EXPECT_EQ(problem(R"({"Statement":[{"Effect":"Allow","Action":"GetObject","Resource":"*"}]})",
                    kPermissions),
            "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
  EXPECT_EQ(problem(R"({"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*",
      "Resource":"*"}]})",
                    kPermissions),
            "Policy document should not specify a principal.");
  EXPECT_EQ(problem(R"({"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]})", kTrust),
            "Missing required field Principal");
  EXPECT_EQ(problem(R"({"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole",
      "Resource":"*"}]})",
                    kTrust),
            "Has prohibited field Resource");
}

TEST(IamPolicyDocument, SizeIgnoresWhitespaceAndOutputIsPercentEncoded) {
  EXPECT_EQ(policy_size("{ \"a\" :\n\t1 }"), 7u);
  EXPECT_EQ(url_encoded(R"({"Version": "2012-10-17", "x": "a+b/c~_.-"})"),
            "%7B%22Version%22%3A%20%222012-10-17%22%2C%20%22x%22%3A%20%22a%2Bb%2Fc~_.-%22%7D");
}
