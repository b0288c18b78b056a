// aws-sdk-cpp pointed at Eddy: one noise reading through SQS, SNS, DynamoDB, Kinesis and Lambda.
// Every client is an ordinary SDK client; only its configuration differs from one used against
// AWS: an endpoint override and dummy credentials. Everything created is deleted at the end.
//
//   sdk_example [ENDPOINT]    (default: $AWS_ENDPOINT_URL, else http://127.0.0.1:4566)
#include <aws/core/Aws.h>
#include <aws/core/auth/AWSCredentials.h>
#include <aws/core/client/ClientConfiguration.h>
#include <aws/core/utils/Array.h>
#include <aws/core/utils/memory/stl/AWSStringStream.h>
#include <aws/dynamodb/DynamoDBClient.h>
#include <aws/dynamodb/model/CreateTableRequest.h>
#include <aws/dynamodb/model/DeleteTableRequest.h>
#include <aws/dynamodb/model/DescribeTableRequest.h>
#include <aws/dynamodb/model/GetItemRequest.h>
#include <aws/dynamodb/model/PutItemRequest.h>
#include <aws/kinesis/KinesisClient.h>
#include <aws/kinesis/model/CreateStreamRequest.h>
#include <aws/kinesis/model/DeleteStreamRequest.h>
#include <aws/kinesis/model/DescribeStreamSummaryRequest.h>
#include <aws/kinesis/model/GetRecordsRequest.h>
#include <aws/kinesis/model/GetShardIteratorRequest.h>
#include <aws/kinesis/model/PutRecordRequest.h>
#include <aws/lambda/LambdaClient.h>
#include <aws/lambda/model/CreateFunctionRequest.h>
#include <aws/lambda/model/DeleteFunctionRequest.h>
#include <aws/lambda/model/GetFunctionRequest.h>
#include <aws/lambda/model/InvokeRequest.h>
#include <aws/sns/SNSClient.h>
#include <aws/sns/model/CreateTopicRequest.h>
#include <aws/sns/model/DeleteTopicRequest.h>
#include <aws/sns/model/PublishRequest.h>
#include <aws/sns/model/SubscribeRequest.h>
#include <aws/sqs/SQSClient.h>
#include <aws/sqs/model/CreateQueueRequest.h>
#include <aws/sqs/model/DeleteQueueRequest.h>
#include <aws/sqs/model/GetQueueAttributesRequest.h>
#include <aws/sqs/model/ReceiveMessageRequest.h>
#include <aws/sqs/model/SendMessageRequest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace ddb = Aws::DynamoDB::Model;
namespace kinesis = Aws::Kinesis::Model;
namespace lambda = Aws::Lambda::Model;
namespace sns = Aws::SNS::Model;
namespace sqs = Aws::SQS::Model;

// Aws::String is std::string unless the SDK was built with its own memory management.
std::string text(const Aws::String& value) {
  return std::string(value.c_str(), value.size());
}

// The SDK reports failures as outcomes; this example stops at the first one.
template <class Outcome>
auto result_of(Outcome&& outcome, const std::string& operation) {
  if (!outcome.IsSuccess())
    throw std::runtime_error(operation + " failed: " + text(outcome.GetError().GetExceptionName()) +
                             ": " + text(outcome.GetError().GetMessage()));
  return outcome.GetResultWithOwnership();
}

// Every client, configured alike: created before the clean-up and destroyed after it.
struct Clients {
  Clients(const Aws::Auth::AWSCredentials& credentials,
          const Aws::Client::ClientConfiguration& config)
      : queues(credentials, config),
        topics(credentials, config),
        tables(credentials, config),
        streams(credentials, config),
        functions(credentials, config) {}
  Aws::SQS::SQSClient queues;
  Aws::SNS::SNSClient topics;
  Aws::DynamoDB::DynamoDBClient tables;
  Aws::Kinesis::KinesisClient streams;
  Aws::Lambda::LambdaClient functions;
};

// Polls `ready` once a second for up to a minute: resources are created asynchronously in AWS.
void wait_until(const std::string& what, const std::function<bool()>& ready) {
  for (int attempt = 0; attempt < 60; ++attempt) {
    if (ready()) return;
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  throw std::runtime_error(what + " did not become ready");
}

// Deletes what was created, newest first, whether or not the run got to the end.
class Cleanup {
 public:
  void add(std::function<void()> step) { steps_.push_back(std::move(step)); }
  ~Cleanup() {
    for (auto step = steps_.rbegin(); step != steps_.rend(); ++step) (*step)();
  }

 private:
  std::vector<std::function<void()>> steps_;
};

// CryptoBuffer is a ByteBuffer: it fits both the blobs Kinesis takes and Lambda's ZipFile.
Aws::Utils::CryptoBuffer bytes_of(const Aws::String& data) {
  return Aws::Utils::CryptoBuffer(reinterpret_cast<const unsigned char*>(data.data()), data.size());
}

const Aws::String kReading = R"({"sensor_id": "loop-01", "db": 72.4})";

void sqs_and_sns(Clients& clients, Cleanup& cleanup) {
  auto& queues = clients.queues;
  auto& topics = clients.topics;

  auto url = result_of(queues.CreateQueue(sqs::CreateQueueRequest().WithQueueName("sdk-readings")),
                       "CreateQueue")
                 .GetQueueUrl();
  cleanup.add([&queues, url] { queues.DeleteQueue(sqs::DeleteQueueRequest().WithQueueUrl(url)); });
  auto attributes =
      result_of(queues.GetQueueAttributes(
                    sqs::GetQueueAttributesRequest().WithQueueUrl(url).AddAttributeNames(
                        sqs::QueueAttributeName::QueueArn)),
                "GetQueueAttributes")
          .GetAttributes();
  auto queue_arn = attributes.at(sqs::QueueAttributeName::QueueArn);

  // A topic delivering raw messages to the queue, then one reading published to it.
  auto topic_arn = result_of(topics.CreateTopic(sns::CreateTopicRequest().WithName("sdk-readings")),
                             "CreateTopic")
                       .GetTopicArn();
  cleanup.add([&topics, topic_arn] {
    topics.DeleteTopic(sns::DeleteTopicRequest().WithTopicArn(topic_arn));
  });
  result_of(topics.Subscribe(sns::SubscribeRequest()
                                 .WithTopicArn(topic_arn)
                                 .WithProtocol("sqs")
                                 .WithEndpoint(queue_arn)
                                 .AddAttributes("RawMessageDelivery", "true")),
            "Subscribe");
  result_of(topics.Publish(sns::PublishRequest().WithTopicArn(topic_arn).WithMessage(kReading)),
            "Publish");

  auto received = result_of(queues.ReceiveMessage(sqs::ReceiveMessageRequest()
                                                      .WithQueueUrl(url)
                                                      .WithMaxNumberOfMessages(1)
                                                      .WithWaitTimeSeconds(5)),
                            "ReceiveMessage");
  if (received.GetMessages().empty()) throw std::runtime_error("SNS delivered nothing to SQS");
  std::cout << "SNS -> SQS: " << received.GetMessages()[0].GetBody() << "\n";
}

void dynamodb(Clients& clients, Cleanup& cleanup) {
  auto& tables = clients.tables;
  result_of(tables.CreateTable(
                ddb::CreateTableRequest()
                    .WithTableName("sdk-readings")
                    .WithBillingMode(ddb::BillingMode::PAY_PER_REQUEST)
                    .AddKeySchema(ddb::KeySchemaElement()
                                      .WithAttributeName("sensor_id")
                                      .WithKeyType(ddb::KeyType::HASH))
                    .AddAttributeDefinitions(ddb::AttributeDefinition()
                                                 .WithAttributeName("sensor_id")
                                                 .WithAttributeType(ddb::ScalarAttributeType::S))),
            "CreateTable");
  cleanup.add(
      [&tables] { tables.DeleteTable(ddb::DeleteTableRequest().WithTableName("sdk-readings")); });
  wait_until("table sdk-readings", [&tables] {
    auto described =
        tables.DescribeTable(ddb::DescribeTableRequest().WithTableName("sdk-readings"));
    return described.IsSuccess() &&
           described.GetResult().GetTable().GetTableStatus() == ddb::TableStatus::ACTIVE;
  });

  result_of(tables.PutItem(ddb::PutItemRequest()
                               .WithTableName("sdk-readings")
                               .AddItem("sensor_id", ddb::AttributeValue().SetS("loop-01"))
                               .AddItem("db", ddb::AttributeValue().SetN("72.4"))),
            "PutItem");
  auto item =
      result_of(tables.GetItem(ddb::GetItemRequest()
                                   .WithTableName("sdk-readings")
                                   .WithConsistentRead(true)
                                   .AddKey("sensor_id", ddb::AttributeValue().SetS("loop-01"))),
                "GetItem")
          .GetItem();
  std::cout << "DynamoDB: loop-01 read " << item.at("db").GetN() << " dB\n";
}

void kinesis_stream(Clients& clients, Cleanup& cleanup) {
  auto& streams = clients.streams;
  result_of(streams.CreateStream(
                kinesis::CreateStreamRequest().WithStreamName("sdk-readings").WithShardCount(1)),
            "CreateStream");
  cleanup.add([&streams] {
    streams.DeleteStream(kinesis::DeleteStreamRequest().WithStreamName("sdk-readings"));
  });
  wait_until("stream sdk-readings", [&streams] {
    auto summary = streams.DescribeStreamSummary(
        kinesis::DescribeStreamSummaryRequest().WithStreamName("sdk-readings"));
    return summary.IsSuccess() &&
           summary.GetResult().GetStreamDescriptionSummary().GetStreamStatus() ==
               kinesis::StreamStatus::ACTIVE;
  });

  auto put = result_of(streams.PutRecord(kinesis::PutRecordRequest()
                                             .WithStreamName("sdk-readings")
                                             .WithPartitionKey("loop-01")
                                             .WithData(bytes_of(kReading))),
                       "PutRecord");
  auto iterator =
      result_of(streams.GetShardIterator(
                    kinesis::GetShardIteratorRequest()
                        .WithStreamName("sdk-readings")
                        .WithShardId(put.GetShardId())
                        .WithShardIteratorType(kinesis::ShardIteratorType::TRIM_HORIZON)),
                "GetShardIterator")
          .GetShardIterator();
  auto records =
      result_of(streams.GetRecords(kinesis::GetRecordsRequest().WithShardIterator(iterator)),
                "GetRecords")
          .GetRecords();
  if (records.empty()) throw std::runtime_error("the stream returned no record");
  const auto& data = records[0].GetData();
  std::cout << "Kinesis: "
            << std::string(reinterpret_cast<const char*>(data.GetUnderlyingData()),
                           data.GetLength())
            << "\n";
}

void lambda_function(Clients& clients, Cleanup& cleanup) {
  auto& functions = clients.functions;
  // CMake zips noise_level.py at build time (see CMakeLists.txt).
  std::ifstream zip(EDDY_SDK_EXAMPLE_FUNCTION_ZIP, std::ios::binary);
  if (!zip) throw std::runtime_error("cannot read " EDDY_SDK_EXAMPLE_FUNCTION_ZIP);
  Aws::String package{std::istreambuf_iterator<char>(zip), std::istreambuf_iterator<char>()};

  result_of(functions.CreateFunction(
                lambda::CreateFunctionRequest()
                    .WithFunctionName("sdk-noise-level")
                    .WithRuntime(lambda::Runtime::python3_12)
                    .WithRole("arn:aws:iam::000000000000:role/sdk-example")
                    .WithHandler("noise_level.handler")
                    .WithCode(lambda::FunctionCode().WithZipFile(bytes_of(package)))),
            "CreateFunction");
  cleanup.add([&functions] {
    functions.DeleteFunction(lambda::DeleteFunctionRequest().WithFunctionName("sdk-noise-level"));
  });
  wait_until("function sdk-noise-level", [&functions] {
    auto function =
        functions.GetFunction(lambda::GetFunctionRequest().WithFunctionName("sdk-noise-level"));
    return function.IsSuccess() &&
           function.GetResult().GetConfiguration().GetState() == lambda::State::Active;
  });

  lambda::InvokeRequest invoke;
  invoke.WithFunctionName("sdk-noise-level");
  auto payload = Aws::MakeShared<Aws::StringStream>("sdk_example");
  *payload << kReading;
  invoke.SetBody(payload);
  invoke.SetContentType("application/json");
  auto invoked = result_of(functions.Invoke(invoke), "Invoke");
  std::string response{std::istreambuf_iterator<char>(invoked.GetPayload()),
                       std::istreambuf_iterator<char>()};
  if (!invoked.GetFunctionError().empty())
    throw std::runtime_error("the function failed: " + response);
  std::cout << "Lambda: " << response << "\n";
}

Aws::String endpoint_from(int argc, char** argv) {
  if (argc > 1) return argv[1];
  if (const char* configured = std::getenv("AWS_ENDPOINT_URL")) return configured;
  return "http://127.0.0.1:4566";
}

}  // namespace

int main(int argc, char** argv) {
  Aws::SDKOptions options;
  Aws::InitAPI(options);
  int status = 0;
  {
    // Eddy accepts any credentials; the SDK signs every request, so it needs some.
    Aws::Auth::AWSCredentials credentials("test", "test");
    Aws::Client::ClientConfiguration config;
    config.region = "us-east-1";
    config.endpointOverride = endpoint_from(argc, argv);
    Clients clients(credentials, config);
    try {
      Cleanup cleanup;
      sqs_and_sns(clients, cleanup);
      dynamodb(clients, cleanup);
      kinesis_stream(clients, cleanup);
      lambda_function(clients, cleanup);
    } catch (const std::exception& error) {
      std::cerr << error.what() << "\n";
      status = 1;
    }
  }
  Aws::ShutdownAPI(options);
  return status;
}
