#include "services/iam/aws_managed_policies.hpp"

#include <cstdint>

namespace eddy::services::iam {
namespace {

constexpr std::string_view kArnPrefix = "arn:aws:iam::aws:policy";

// Dates are when AWS published each policy and last changed it, to the day where known.
constexpr AwsManagedPolicy kPolicies[] = {
    {"AdministratorAccess", "/", "Provides full access to AWS services and resources.",
     "2015-02-06T18:39:46Z", "2015-02-06T18:39:46Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})"},
    {"PowerUserAccess", "/",
     "Provides full access to AWS services and resources, but does not allow management of Users "
     "and groups.",
     "2015-02-06T18:39:47Z", "2023-07-06T22:04:00Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":["iam:*","organizations:*","account:*"],"Resource":"*"},{"Effect":"Allow","Action":["iam:CreateServiceLinkedRole","iam:DeleteServiceLinkedRole","iam:ListRoles","organizations:DescribeOrganization","account:ListRegions","account:GetAccountInformation"],"Resource":"*"}]})"},
    {"ReadOnlyAccess", "/", "Provides read-only access to AWS services and resources.",
     "2015-02-06T18:39:48Z", "2024-01-01T00:00:00Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["cloudwatch:Describe*","cloudwatch:Get*","cloudwatch:List*","dynamodb:BatchGetItem","dynamodb:Describe*","dynamodb:Get*","dynamodb:List*","dynamodb:Query","dynamodb:Scan","iam:Get*","iam:List*","kinesis:Describe*","kinesis:Get*","kinesis:List*","lambda:Get*","lambda:List*","logs:Describe*","logs:Get*","logs:FilterLogEvents","s3:Get*","s3:List*","sns:Get*","sns:List*","sqs:Get*","sqs:List*","sqs:ReceiveMessage","sts:GetCallerIdentity"],"Resource":"*"}]})"},
    {"IAMFullAccess", "/", "Provides full access to IAM via the AWS Management Console.",
     "2015-02-06T18:40:38Z", "2019-06-21T19:40:00Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:*","organizations:DescribeAccount","organizations:DescribeOrganization","organizations:DescribeOrganizationalUnit","organizations:DescribePolicy","organizations:ListChildren","organizations:ListParents","organizations:ListPoliciesForTarget","organizations:ListRoots","organizations:ListPolicies","organizations:ListTargetsForPolicy"],"Resource":"*"}]})"},
    {"IAMReadOnlyAccess", "/", "Provides read only access to IAM via the AWS Management Console.",
     "2015-02-06T18:40:39Z", "2018-01-25T19:11:27Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:GenerateCredentialReport","iam:GenerateServiceLastAccessedDetails","iam:Get*","iam:List*","iam:SimulateCustomPolicy","iam:SimulatePrincipalPolicy"],"Resource":"*"}]})"},
    {"AmazonS3FullAccess", "/",
     "Provides full access to all buckets via the AWS Management Console.", "2015-02-06T18:40:58Z",
     "2021-09-27T20:16:37Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","s3-object-lambda:*"],"Resource":"*"}]})"},
    {"AmazonS3ReadOnlyAccess", "/",
     "Provides read only access to all buckets via the AWS Management Console.",
     "2015-02-06T18:40:59Z", "2023-08-10T21:31:39Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","s3:List*","s3:Describe*","s3-object-lambda:Get*","s3-object-lambda:List*"],"Resource":"*"}]})"},
    {"AmazonSQSFullAccess", "/",
     "Provides full access to Amazon SQS via the AWS Management Console.", "2015-02-06T18:41:07Z",
     "2015-02-06T18:41:07Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sqs:*"],"Resource":"*"}]})"},
    {"AmazonSQSReadOnlyAccess", "/",
     "Provides read only access to Amazon SQS via the AWS Management Console.",
     "2015-02-06T18:41:08Z", "2023-05-19T00:00:00Z", R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sqs:GetQueueAttributes","sqs:GetQueueUrl","sqs:ListDeadLetterSourceQueues","sqs:ListQueues","sqs:ListMessageMoveTasks","sqs:ListQueueTags"],"Resource":"*"}]})"},
    {"AmazonSNSFullAccess", "/",
     "Provides full access to Amazon SNS via the AWS Management Console.", "2015-02-06T18:41:05Z",
     "2015-02-06T18:41:05Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sns:*"],"Resource":"*"}]})"},
    {"AmazonSNSReadOnlyAccess", "/",
     "Provides read only access to Amazon SNS via the AWS Management Console.",
     "2015-02-06T18:41:06Z", "2015-02-06T18:41:06Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sns:GetTopicAttributes","sns:List*"],"Resource":"*"}]})"},
    {"AmazonDynamoDBFullAccess", "/",
     "Provides full access to Amazon DynamoDB via the AWS Management Console.",
     "2015-02-06T18:40:11Z", "2019-05-08T21:20:00Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:*","dax:*","application-autoscaling:*","cloudwatch:DeleteAlarms","cloudwatch:DescribeAlarms","cloudwatch:PutMetricAlarm","kinesis:DescribeStream","kinesis:ListStreams","kinesis:PutRecords","iam:GetRole","iam:ListRoles","lambda:CreateEventSourceMapping","lambda:DeleteEventSourceMapping","lambda:GetFunctionConfiguration","lambda:ListEventSourceMappings","lambda:ListFunctions"],"Resource":"*"}]})"},
    {"AmazonDynamoDBReadOnlyAccess", "/",
     "Provides read only access to Amazon DynamoDB via the AWS Management Console.",
     "2015-02-06T18:40:12Z", "2019-05-08T21:15:48Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:BatchGetItem","dynamodb:Describe*","dynamodb:List*","dynamodb:GetItem","dynamodb:Query","dynamodb:Scan","dynamodb:PartiQLSelect"],"Resource":"*"}]})"},
    {"AmazonKinesisFullAccess", "/",
     "Provides full access to all streams via the AWS Management Console.", "2015-02-06T18:40:49Z",
     "2015-02-06T18:40:49Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kinesis:*","Resource":"*"}]})"},
    {"AmazonKinesisReadOnlyAccess", "/",
     "Provides read only access to all streams via the AWS Management Console.",
     "2015-02-06T18:40:50Z", "2015-02-06T18:40:50Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["kinesis:Get*","kinesis:List*","kinesis:Describe*"],"Resource":"*"}]})"},
    {"CloudWatchLogsFullAccess", "/", "Provides full access to CloudWatch Logs",
     "2015-02-06T18:40:36Z", "2023-12-05T00:00:00Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:*","cloudwatch:GenerateQuery"],"Resource":"*"}]})"},
    {"CloudWatchLogsReadOnlyAccess", "/", "Provides read only access to CloudWatch Logs",
     "2015-02-06T18:40:37Z", "2023-12-05T00:00:00Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:Describe*","logs:Get*","logs:List*","logs:StartQuery","logs:StopQuery","logs:TestMetricFilter","logs:FilterLogEvents","logs:StartLiveTail","logs:StopLiveTail","cloudwatch:GenerateQuery"],"Resource":"*"}]})"},
    {"CloudWatchFullAccess", "/", "Provides full access to CloudWatch.", "2015-02-06T18:40:00Z",
     "2019-01-31T00:00:00Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["autoscaling:Describe*","cloudwatch:*","logs:*","sns:*","iam:GetPolicy","iam:GetPolicyVersion","iam:GetRole"],"Resource":"*"}]})"},
    {"AWSLambda_FullAccess", "/",
     "Grants full access to AWS Lambda service, AWS Lambda console features, and other related "
     "AWS services.",
     "2020-11-23T21:08:00Z", "2022-05-17T00:00:00Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["cloudformation:DescribeStacks","cloudformation:ListStackResources","cloudwatch:ListMetrics","cloudwatch:GetMetricData","ec2:DescribeSecurityGroups","ec2:DescribeSubnets","ec2:DescribeVpcs","kms:ListAliases","iam:GetPolicy","iam:GetPolicyVersion","iam:GetRole","iam:GetRolePolicy","iam:ListAttachedRolePolicies","iam:ListRolePolicies","iam:ListRoles","lambda:*","logs:DescribeLogGroups","states:DescribeStateMachine","states:ListStateMachines","tag:GetResources","xray:GetTraceSummaries","xray:BatchGetTraces"],"Resource":"*"},{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringEquals":{"iam:PassedToService":"lambda.amazonaws.com"}}},{"Effect":"Allow","Action":["logs:DescribeLogStreams","logs:GetLogEvents","logs:FilterLogEvents"],"Resource":"arn:aws:logs:*:*:log-group:/aws/lambda/*"}]})"},
    {"AWSLambda_ReadOnlyAccess", "/",
     "Grants read-only access to AWS Lambda service, AWS Lambda console features, and other "
     "related AWS services.",
     "2020-11-23T21:08:00Z", "2022-05-17T00:00:00Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["cloudformation:DescribeStacks","cloudformation:ListStackResources","cloudwatch:GetMetricData","cloudwatch:ListMetrics","iam:GetPolicy","iam:GetPolicyVersion","iam:GetRole","iam:GetRolePolicy","iam:ListAttachedRolePolicies","iam:ListRolePolicies","iam:ListRoles","lambda:Get*","lambda:List*","logs:DescribeLogGroups","tag:GetResources"],"Resource":"*"}]})"},
    {"AWSLambdaExecute", "/", "Provides Put, Get access to S3 and full access to CloudWatch Logs.",
     "2015-02-06T18:40:46Z", "2015-02-06T18:40:46Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:*"],"Resource":"arn:aws:logs:*:*:*"},{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::*"}]})"},
    {"AWSLambdaInvocation-DynamoDB", "/", "Provides read access to DynamoDB Streams.",
     "2015-02-06T18:40:47Z", "2015-02-06T18:40:47Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["lambda:InvokeFunction"],"Resource":"*"},{"Effect":"Allow","Action":["dynamodb:DescribeStream","dynamodb:GetRecords","dynamodb:GetShardIterator","dynamodb:ListStreams"],"Resource":"*"}]})"},
    {"AWSLambdaBasicExecutionRole", "/service-role/",
     "Provides write permissions to CloudWatch Logs.", "2015-04-09T15:03:43Z",
     "2015-04-09T15:03:43Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]})"},
    {"AWSLambdaSQSQueueExecutionRole", "/service-role/",
     "Provides receive message, delete message, and read attribute access to SQS queues, and "
     "write permissions to CloudWatch logs.",
     "2018-06-14T21:50:45Z", "2018-06-14T21:50:45Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sqs:ReceiveMessage","sqs:DeleteMessage","sqs:GetQueueAttributes","logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]})"},
    {"AWSLambdaKinesisExecutionRole", "/service-role/",
     "Provides list and read access to Kinesis streams and write permissions to CloudWatch Logs.",
     "2015-04-09T15:14:16Z", "2022-06-08T00:00:00Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["kinesis:DescribeStream","kinesis:DescribeStreamSummary","kinesis:GetRecords","kinesis:GetShardIterator","kinesis:ListShards","kinesis:ListStreams","kinesis:SubscribeToShard","logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]})"},
    {"AWSLambdaDynamoDBExecutionRole", "/service-role/",
     "Provides list and read access to DynamoDB streams and write permissions to CloudWatch Logs.",
     "2015-04-09T15:09:29Z", "2015-04-09T15:09:29Z", R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:DescribeStream","dynamodb:GetRecords","dynamodb:GetShardIterator","dynamodb:ListStreams","logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]})"},
    {"AWSLambdaRole", "/service-role/", "Default policy for AWS Lambda service role.",
     "2015-02-06T18:41:28Z", "2015-02-06T18:41:28Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["lambda:InvokeFunction"],"Resource":["*"]}]})"},
    {"AWSLambdaVPCAccessExecutionRole", "/service-role/",
     "Provides minimum permissions for a Lambda function to execute while accessing a resource "
     "within a VPC - create, describe, delete network interfaces and write permissions to "
     "CloudWatch Logs. ",
     "2016-02-11T23:15:26Z", "2024-01-05T00:00:00Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents","ec2:CreateNetworkInterface","ec2:DescribeNetworkInterfaces","ec2:DescribeSubnets","ec2:DeleteNetworkInterface","ec2:AssignPrivateIpAddresses","ec2:UnassignPrivateIpAddresses"],"Resource":"*"}]})"},
    {"AWSXRayDaemonWriteAccess", "/",
     "Allow the AWS X-Ray Daemon to relay raw trace segments data to the service's API and "
     "retrieve sampling data (rules, targets, etc.) to be used by the X-Ray SDK.",
     "2018-08-28T23:00:33Z", "2018-08-28T23:00:33Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["xray:PutTraceSegments","xray:PutTelemetryRecords","xray:GetSamplingRules","xray:GetSamplingTargets","xray:GetSamplingStatisticSummaries"],"Resource":["*"]}]})"},
    {"AmazonAPIGatewayInvokeFullAccess", "/",
     "Provides full access to invoke APIs in Amazon API Gateway.", "2015-07-09T18:17:37Z",
     "2015-07-09T18:17:37Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["execute-api:Invoke","execute-api:ManageConnections"],"Resource":"arn:aws:execute-api:*:*:*"}]})"},
    {"AmazonAPIGatewayPushToCloudWatchLogs", "/service-role/",
     "Allows API Gateway to push logs to user's account.", "2015-11-11T23:41:46Z",
     "2015-11-11T23:41:46Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:DescribeLogGroups","logs:DescribeLogStreams","logs:PutLogEvents","logs:GetLogEvents","logs:FilterLogEvents"],"Resource":"*"}]})"},
    {"AmazonKinesisFirehoseFullAccess", "/",
     "Provides full access to all Amazon Kinesis Firehose Delivery Streams.",
     "2015-10-07T18:45:26Z", "2015-10-07T18:45:26Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["firehose:*"],"Resource":"*"}]})"},
};

}  // namespace

std::string AwsManagedPolicy::arn() const {
  return std::string(kArnPrefix) + std::string(path) + std::string(name);
}

std::string AwsManagedPolicy::policy_id() const {
  // Two FNV-1a hashes of the name (85 bits are needed), five bits per character of IAM's id
  // alphabet.
  static constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  auto fnv1a = [this](std::uint64_t seed) {
    std::uint64_t hash = seed;
    for (char c : name) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    return hash;
  };
  std::uint64_t bits[] = {fnv1a(14695981039346656037ULL), fnv1a(0x9E3779B97F4A7C15ULL)};
  std::string id = "ANPA";
  for (int i = 0; i < 17; ++i) {
    std::uint64_t& source = bits[i < 12 ? 0 : 1];
    id += kAlphabet[source & 31];
    source >>= 5;
  }
  return id;
}

ManagedPolicy AwsManagedPolicy::as_managed_policy() const {
  return ManagedPolicy{
      .policy_id = policy_id(),
      .account = "aws",
      .name = std::string(name),
      .path = std::string(path),
      .arn = arn(),
      .description = std::string(description),
      .create_date = std::string(create_date),
      .update_date = std::string(update_date),
      .document = std::string(document),
  };
}

std::span<const AwsManagedPolicy> aws_managed_policies() {
  return kPolicies;
}

const AwsManagedPolicy* find_aws_managed_policy(std::string_view arn) {
  for (const auto& policy : kPolicies)
    if (policy.arn() == arn) return &policy;
  return nullptr;
}

}  // namespace eddy::services::iam
