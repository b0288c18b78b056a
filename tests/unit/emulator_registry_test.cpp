// The service registry: the emulator's one list of services, and what walks it (find, reset,
// health, destruction order).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "eddy/emulator.hpp"
#include "emulator/emulator_core.hpp"
#include "emulator/service_registry.hpp"
#include "services/sqs/sqs_service.hpp"

using namespace eddy;

namespace {

class RecordingService final : public services::Service {
 public:
  RecordingService(std::string_view name, std::vector<std::string>& destroyed)
      : destroyed_(destroyed) {
    description_.name = name;
  }
  ~RecordingService() override { destroyed_.push_back(std::string(description_.name)); }
  const protocol::ServiceDescription& description() const override { return description_; }
  Awaitable<json> call(const services::Call&) override { co_return json::object(); }
  void reset(store::Database&) override {}

 private:
  protocol::ServiceDescription description_;
  std::vector<std::string>& destroyed_;
};

}  // namespace

TEST(ServiceRegistry, FindsByNameAndTypeAndDestroysInReverseOrder) {
  std::vector<std::string> destroyed;
  {
    ServiceRegistry registry;
    auto& first = registry.add<RecordingService>("first", destroyed);
    registry.add<RecordingService>("second", destroyed);
    EXPECT_EQ(registry.find("first"), &first);
    EXPECT_EQ(registry.find("absent"), nullptr);
    EXPECT_EQ(registry.find<RecordingService>(), &first);
    EXPECT_EQ(registry.find<services::sqs::SqsService>(), nullptr);
    EXPECT_EQ(registry.all().size(), 2u);
  }
  // A later service may hold references to an earlier one: it goes first.
  EXPECT_EQ(destroyed, (std::vector<std::string>{"second", "first"}));
}

TEST(ServiceRegistry, TheEmulatorRegistersEveryServiceOnceAndReportsItsHealth) {
  Emulator emu;
  json services = json::parse(emu.core().health())["services"];
  for (const char* name : {"sqs", "sns", "iam", "sts", "dynamodb", "kinesis"}) {
    EXPECT_NE(emu.core().service(name), nullptr) << name;
    EXPECT_EQ(services[name], "running") << name;
  }
  EXPECT_EQ(emu.core().services().all().size(), services.size());
}

TEST(ServiceRegistry, ResetEmptiesEveryServiceInEveryAccountAndRegion) {
  Emulator emu;
  CallOptions elsewhere{.account = "123456789012", .region = "eu-west-1"};
  emu.call("sqs", "CreateQueue", {{"QueueName", "kept-until-reset"}});
  emu.call("sqs", "CreateQueue", {{"QueueName", "other"}}, elsewhere);
  emu.call("sns", "CreateTopic", {{"Name", "t"}});
  emu.call("kinesis", "CreateStream", {{"StreamName", "s"}, {"ShardCount", 1}});
  emu.call("iam", "CreateRole",
           {{"RoleName", "LabRole"},
            {"AssumeRolePolicyDocument",
             R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":)"
             R"({"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]})"}});

  emu.reset();

  EXPECT_TRUE(emu.call("sqs", "ListQueues").value("QueueUrls", json::array()).empty());
  EXPECT_TRUE(emu.call("sqs", "ListQueues", json::object(), elsewhere)
                  .value("QueueUrls", json::array())
                  .empty());
  EXPECT_TRUE(emu.call("sns", "ListTopics")["Topics"].empty());
  EXPECT_TRUE(emu.call("kinesis", "ListStreams")["StreamNames"].empty());
  EXPECT_THROW(emu.call("iam", "GetRole", {{"RoleName", "LabRole"}}), AwsError);
  // Names are free again at once.
  EXPECT_NO_THROW(emu.call("sqs", "CreateQueue", {{"QueueName", "kept-until-reset"}}));
}
