#pragma once
// Amazon SNS: topics, subscriptions, filter policies and delivery to SQS, Lambda and HTTP.
#include "services/service.hpp"
#include "services/service_context.hpp"
#include "services/sqs/sqs_service.hpp"

namespace eddy::services::sns {

class SnsService final : public Service {
 public:
  SnsService(const ServiceContext& context, sqs::SqsService& sqs);
  ~SnsService() override;

  const protocol::ServiceDescription& description() const override;
  Awaitable<json> call(const Call& call) override;
  void start() override;

 private:
  ServiceContext context_;
  sqs::SqsService& sqs_;
};

}  // namespace eddy::services::sns
