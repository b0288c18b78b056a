#include "services/sns/sns_service.hpp"

namespace eddy::services::sns {

SnsService::SnsService(const ServiceContext& context, sqs::SqsService& sqs)
    : context_(context), sqs_(sqs) {}
SnsService::~SnsService() = default;

const protocol::ServiceDescription& SnsService::description() const {
  static const protocol::ServiceDescription description{
      .name = "sns",
      .error_namespace = "com.amazonaws.sns#",
      .xml_namespace = "http://sns.amazonaws.com/doc/2010-03-31/",
      .operations = {"ListTopics"},
  };
  return description;
}

Awaitable<json> SnsService::call(const Call&) {
  co_return json{{"Topics", json::array()}};
}

void SnsService::start() {}

}  // namespace eddy::services::sns
