#include "services/sqs/sqs_service.hpp"

namespace eddy::services::sqs {
namespace {
json list_queues(const Call&) {
  return {{"QueueUrls", json::array()}};
}
}  // namespace

SqsService::SqsService(const ServiceContext& context) : context_(context) {}
SqsService::~SqsService() = default;

const protocol::ServiceDescription& SqsService::description() const {
  static const protocol::ServiceDescription description{
      .name = "sqs",
      .target_prefix = "AmazonSQS",
      .error_namespace = "com.amazonaws.sqs#",
      .query_compatible = true,
      .xml_namespace = "http://queue.amazonaws.com/doc/2012-11-05/",
      .xml_output = {{"", "QueueUrls", protocol::XmlShape::flattened_list, "QueueUrl"}},
      .operations = {"ListQueues"},
  };
  return description;
}

Awaitable<json> SqsService::call(const Call& call) {
  co_return list_queues(call);
}

void SqsService::start() {}

EnqueueResult SqsService::enqueue(const std::string&, const OutgoingMessage&) {
  throw AwsError("QueueDoesNotExist", "The specified queue does not exist.");
}

}  // namespace eddy::services::sqs
