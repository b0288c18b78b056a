// Lambda subscriptions: the SNS event handed to the Lambda service's invoker, deliveries waiting
// until an invoker is available, and retries of failed invocations on the emulator's clock.
#include <gtest/gtest.h>

#include <mutex>

#include "services/sns/lambda_invoker.hpp"
#include "services/sns/sns_service.hpp"
#include "sns_test_support.hpp"

using namespace eddy;
using namespace eddy::testing;
using namespace std::chrono_literals;
using services::sns::LambdaInvocationResult;

namespace {

// Stands in for the Lambda service: records invocations, answers as told.
class FakeInvoker : public services::sns::LambdaInvoker {
 public:
  struct Invocation {
    std::string function_arn;
    json event;
  };

  bool available() const override { return available_; }
  Awaitable<LambdaInvocationResult> invoke(std::string function_arn, std::string payload) override {
    std::lock_guard lock(mutex_);
    invocations_.push_back({function_arn, json::parse(payload)});
    LambdaInvocationResult result;
    result.delivered = failures_ == 0;
    if (failures_ > 0) {
      --failures_;
      result.error_code = "ServiceException";
      result.error_message = "the function failed";
    }
    co_return result;
  }

  std::vector<Invocation> invocations() const {
    std::lock_guard lock(mutex_);
    return invocations_;
  }
  std::size_t count() const { return invocations().size(); }
  void fail_next(int times) { failures_ = times; }
  std::atomic<bool> available_{true};

 private:
  mutable std::mutex mutex_;
  std::vector<Invocation> invocations_;
  int failures_ = 0;
};

const std::string kFunction = "arn:aws:lambda:us-east-1:000000000000:function:ingest";

}  // namespace

TEST(SnsLambdaDelivery, DeliversTheSnsEventShapeWithAVerifiableSignature) {
  ManualEmulator e;
  auto invoker = std::make_shared<FakeInvoker>();
  e.emu.core().service<services::sns::SnsService>().set_lambda_invoker(invoker);
  std::string topic = e.sns("CreateTopic", {{"Name", "to-lambda"}})["TopicArn"];
  json subscribed =
      e.sns("Subscribe", {{"TopicArn", topic}, {"Protocol", "lambda"}, {"Endpoint", kFunction}});
  std::string subscription = subscribed["SubscriptionArn"];
  EXPECT_NE(subscription, "pending confirmation");

  json published = e.sns(
      "Publish", {{"TopicArn", topic},
                  {"Message", "hello lambda"},
                  {"MessageAttributes", {{"n", {{"DataType", "Number"}, {"StringValue", "3"}}}}}});
  ASSERT_TRUE(eventually([&] { return invoker->count() == 1; }));
  auto invocation = invoker->invocations()[0];
  EXPECT_EQ(invocation.function_arn, kFunction);
  const json& record = invocation.event["Records"][0];
  EXPECT_EQ(invocation.event["Records"].size(), 1u);
  EXPECT_EQ(record["EventSource"], "aws:sns");
  EXPECT_EQ(record["EventVersion"], "1.0");
  EXPECT_EQ(record["EventSubscriptionArn"], subscription);
  const json& sns = record["Sns"];
  EXPECT_EQ(sns["Type"], "Notification");
  EXPECT_EQ(sns["MessageId"], published["MessageId"]);
  EXPECT_EQ(sns["TopicArn"], topic);
  EXPECT_TRUE(sns["Subject"].is_null());
  EXPECT_EQ(sns["Message"], "hello lambda");
  EXPECT_EQ(sns["MessageAttributes"]["n"], (json{{"Type", "Number"}, {"Value", "3"}}));
  EXPECT_EQ(sns["SignatureVersion"], "1");
  EXPECT_EQ(sns["SigningCertUrl"], "http://localhost:4566/_eddy/sns/SimpleNotificationService.pem");
  EXPECT_EQ(sns["UnsubscribeUrl"],
            "http://localhost:4566/?Action=Unsubscribe&SubscriptionArn=" + subscription);
  EXPECT_EQ(sns["Timestamp"].get<std::string>().size(), 24u);  // 2026-11-26T23:00:17.123Z
  json envelope = sns;  // the canonical string uses the same members as an envelope
  envelope.erase("Subject");
  EXPECT_TRUE(signature_verifies(signing_certificate(e.emu), canonical_string(envelope),
                                 sns["Signature"], 1));
}

TEST(SnsLambdaDelivery, WaitsInTheOutboxUntilLambdaIsAvailable) {
  ManualEmulator e;
  // The emulator's own Lambda service registers itself at start: stand in an unavailable one.
  auto invoker = std::make_shared<FakeInvoker>();
  invoker->available_ = false;
  e.emu.core().service<services::sns::SnsService>().set_lambda_invoker(invoker);
  std::string topic = e.sns("CreateTopic", {{"Name", "early"}})["TopicArn"];
  e.sns("Subscribe", {{"TopicArn", topic}, {"Protocol", "lambda"}, {"Endpoint", kFunction}});
  e.sns("Publish", {{"TopicArn", topic}, {"Message", "before lambda existed"}});
  e.sns("Publish", {{"TopicArn", topic}, {"Message", "still before"}});
  e.clock->advance(10s);
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(invoker->count(), 0u);

  invoker->available_ = true;
  e.emu.core().service<services::sns::SnsService>().set_lambda_invoker(invoker);
  ASSERT_TRUE(eventually([&] { return invoker->count() == 2; }));
  std::set<std::string> messages;
  for (const auto& invocation : invoker->invocations())
    messages.insert(invocation.event["Records"][0]["Sns"]["Message"]);
  EXPECT_EQ(messages, (std::set<std::string>{"before lambda existed", "still before"}));
}

TEST(SnsLambdaDelivery, RetriesFailedInvocationsAsAwsDoesForManagedEndpoints) {
  ManualEmulator e;
  auto invoker = std::make_shared<FakeInvoker>();
  e.emu.core().service<services::sns::SnsService>().set_lambda_invoker(invoker);
  std::string topic = e.sns("CreateTopic", {{"Name", "retry"}})["TopicArn"];
  e.sns("Subscribe", {{"TopicArn", topic}, {"Protocol", "lambda"}, {"Endpoint", kFunction}});
  // Three immediate retries, then two a second apart.
  invoker->fail_next(5);
  e.sns("Publish", {{"TopicArn", topic}, {"Message", "persistent"}});
  ASSERT_TRUE(eventually([&] { return invoker->count() == 4; }));
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(invoker->count(), 4u);
  e.clock->advance(1s);
  ASSERT_TRUE(eventually([&] { return invoker->count() == 5; }));
  e.clock->advance(1s);
  ASSERT_TRUE(eventually([&] { return invoker->count() == 6; }));
  e.clock->advance(1h);
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(invoker->count(), 6u);  // the sixth attempt succeeded
}
