// Every service Eddy serves, registered once, in dependency order: a service may take references
// to the ones registered before it (SNS delivers to SQS, STS looks roles up in IAM), and they are
// prepared in this order, each request waiting only for its own service and those before it.
#include "emulator/service_registry.hpp"
#include "services/dynamodb/dynamodb_service.hpp"
#include "services/dynamodbstreams/dynamodbstreams_service.hpp"
#include "services/iam/iam_service.hpp"
#include "services/kinesis/kinesis_service.hpp"
#include "services/lambda/lambda_service.hpp"
#include "services/sns/sns_service.hpp"
#include "services/sqs/sqs_service.hpp"
#include "services/sts/sts_service.hpp"

namespace eddy {

void register_services(ServiceRegistry& registry, const services::ServiceContext& context,
                       const LambdaHandlers& lambda_handlers) {
  auto& sqs = registry.add<services::sqs::SqsService>(context);
  auto& sns = registry.add<services::sns::SnsService>(context, sqs);
  auto& iam = registry.add<services::iam::IamService>(context);
  registry.add<services::sts::StsService>(context, iam);
  // Before DynamoDB, whose item writes append records to its tables.
  auto& dynamodb_streams = registry.add<services::dynamodbstreams::DynamoDbStreamsService>(context);
  registry.add<services::dynamodb::DynamoDbService>(context);
  auto& kinesis = registry.add<services::kinesis::KinesisService>(context);
  // After the services it delivers to and reads from: SQS, SNS, DynamoDB Streams, Kinesis.
  registry.add<services::lambda::LambdaService>(context, lambda_handlers, sqs, sns, kinesis.api(),
                                                dynamodb_streams.api());
}

}  // namespace eddy
