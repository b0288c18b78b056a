#include <gtest/gtest.h>

#include "protocol/addressing.hpp"

using namespace eddy::protocol;

namespace {

class AddressingTest : public ::testing::Test {
 protected:
  AddressingTest() {
    directory.add(sqs);
    directory.add(sns);
    directory.add(lambda);
  }

  const ServiceDescription* addressed(
      std::string_view method, std::string_view target,
      std::vector<std::pair<std::string_view, std::string_view>> headers = {}) {
    HttpRequest head;
    head.method = method;
    head.target = target;
    head.headers = std::move(headers);
    return addressed_service(head, directory);
  }

  static constexpr std::string_view kSnsScope =
      "AWS4-HMAC-SHA256 Credential=AKID/20261126/us-east-1/sns/aws4_request, SignedHeaders=host, "
      "Signature=0";

  ServiceDescription sqs{.name = "sqs",
                         .target_prefix = "AmazonSQS",
                         .xml_namespace = "http://queue.amazonaws.com/doc/2012-11-05/",
                         .query_resource_path = QueryResourcePath{
                             .pattern = "/{AccountId}/{QueueName}", .member = "QueueUrl"}};
  ServiceDescription sns{.name = "sns",
                         .xml_namespace = "http://sns.amazonaws.com/doc/2010-03-31/"};
  ServiceDescription lambda{
      .name = "lambda",
      .rest_routes = {{"POST", "/2015-03-31/functions/{FunctionName}/invocations", "Invoke"}}};
  ServiceDirectory directory;
};

TEST_F(AddressingTest, TheTargetPrefixNamesTheService) {
  EXPECT_EQ(addressed("POST", "/", {{"X-Amz-Target", "AmazonSQS.SendMessage"}}), &sqs);
  EXPECT_EQ(addressed("POST", "/", {{"X-Amz-Target", "Nobody_2020.Op"}}), nullptr);
  EXPECT_EQ(addressed("POST", "/", {{"X-Amz-Target", "NoDot"}}), nullptr);
}

TEST_F(AddressingTest, TheCredentialScopeNamesTheService) {
  EXPECT_EQ(addressed("POST", "/", {{"Authorization", kSnsScope}}), &sns);
  EXPECT_EQ(addressed("GET",
                      "/?Action=Publish&X-Amz-Credential=AKID%2F20261126%2Fus-east-1%2Fsqs%2F"
                      "aws4_request"),
            &sqs);
}

TEST_F(AddressingTest, RestRoutesAndQueueUrlsNameTheService) {
  EXPECT_EQ(addressed("POST", "/2015-03-31/functions/f/invocations"), &lambda);
  EXPECT_EQ(addressed("POST", "/123456789012/orders"), &sqs);
  EXPECT_EQ(addressed("POST", "/123456789012/orders/more"), nullptr);
}

TEST_F(AddressingTest, TheHostsFirstLabelCanNameAQueryService) {
  EXPECT_EQ(addressed("POST", "/", {{"Host", "sns.us-east-1.localhost:4566"}}), &sns);
  EXPECT_EQ(addressed("POST", "/", {{"Host", "127.0.0.1:4566"}}), nullptr);
}

TEST_F(AddressingTest, AnUnsignedFormSaysNothingInItsHead) {
  EXPECT_EQ(addressed("POST", "/", {{"Content-Type", "application/x-www-form-urlencoded"}}),
            nullptr);
}

}  // namespace
