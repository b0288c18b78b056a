// DynamoDB and DynamoDB Streams both sign as "dynamodb": their X-Amz-Target prefixes, not the
// credential scope, tell them apart.
#include <gtest/gtest.h>

#include "protocol/addressing.hpp"

namespace {

using eddy::protocol::addressed_service;
using eddy::protocol::HttpRequest;
using eddy::protocol::ServiceDescription;
using eddy::protocol::ServiceDirectory;

const ServiceDescription* addressed_with_dynamodb_scope(const ServiceDirectory& directory,
                                                        std::string_view target) {
  HttpRequest head;
  head.method = "POST";
  head.target = "/";
  head.headers = {{"X-Amz-Target", target},
                  {"Authorization",
                   "AWS4-HMAC-SHA256 Credential=AKID/20261130/us-east-1/dynamodb/aws4_request, "
                   "SignedHeaders=host, Signature=0"}};
  return addressed_service(head, directory);
}

TEST(DdbStreamsAddressingTest, TheTargetPrefixWinsOverTheSharedSigningName) {
  ServiceDescription dynamodb{
      .name = "dynamodb", .target_prefix = "DynamoDB_20120810", .json_version = "1.0"};
  ServiceDescription streams{.name = "dynamodbstreams",
                             .target_prefix = "DynamoDBStreams_20120810",
                             .json_version = "1.0"};
  ServiceDirectory directory;
  directory.add(dynamodb);
  directory.add(streams);
  EXPECT_EQ(addressed_with_dynamodb_scope(directory, "DynamoDBStreams_20120810.GetRecords"),
            &streams);
  EXPECT_EQ(addressed_with_dynamodb_scope(directory, "DynamoDB_20120810.GetItem"), &dynamodb);
  EXPECT_EQ(addressed_with_dynamodb_scope(directory, "DynamoDBStreamz_20120810.GetRecords"),
            nullptr);
}

}  // namespace
