// HTTP/S delivery: the confirmation handshake, notification headers and bodies, retries on the
// emulator's clock as the delivery policy says, and signatures that verify.
#include <gtest/gtest.h>

#include "sns_test_endpoint.hpp"
#include "sns_test_support.hpp"

using namespace eddy;
using namespace eddy::testing;
using namespace std::chrono_literals;

namespace {

json body_of(const TestEndpoint::Request& request) {
  return json::parse(request.body);
}

// Subscribes `endpoint` and confirms with the token the SubscriptionConfirmation carried.
std::string subscribe_confirmed(ManualEmulator& e, const std::string& topic, TestEndpoint& endpoint,
                                json attributes = json::object()) {
  std::size_t before = endpoint.requests().size();
  e.sns("Subscribe", {{"TopicArn", topic},
                      {"Protocol", "http"},
                      {"Endpoint", endpoint.url()},
                      {"Attributes", attributes}});
  EXPECT_TRUE(endpoint.wait_for(before + 1));
  json confirmation = body_of(endpoint.requests().at(before));
  return e.sns("ConfirmSubscription",
               {{"TopicArn", topic}, {"Token", confirmation["Token"]}})["SubscriptionArn"];
}

}  // namespace

TEST(SnsHttpDelivery, ConfirmsThenDeliversNotificationsWithSnsHeaders) {
  ManualEmulator e;
  TestEndpoint endpoint;
  std::string topic = e.sns("CreateTopic", {{"Name", "readings"}})["TopicArn"];

  json subscribed =
      e.sns("Subscribe", {{"TopicArn", topic}, {"Protocol", "http"}, {"Endpoint", endpoint.url()}});
  EXPECT_EQ(subscribed["SubscriptionArn"], "pending confirmation");
  ASSERT_TRUE(endpoint.wait_for(1));
  auto confirmation = endpoint.requests()[0];
  EXPECT_EQ(confirmation.method, "POST");
  EXPECT_EQ(confirmation.target, "/sns");
  EXPECT_EQ(confirmation.header("x-amz-sns-message-type"), "SubscriptionConfirmation");
  EXPECT_EQ(confirmation.header("x-amz-sns-topic-arn"), topic);
  EXPECT_EQ(confirmation.header("x-amz-sns-subscription-arn"), "");
  EXPECT_EQ(confirmation.header("content-type"), "text/plain; charset=UTF-8");
  EXPECT_EQ(confirmation.header("user-agent"), "Amazon Simple Notification Service Agent");
  json body = body_of(confirmation);
  EXPECT_EQ(confirmation.header("x-amz-sns-message-id"), body["MessageId"]);
  EXPECT_EQ(body["Type"], "SubscriptionConfirmation");
  EXPECT_EQ(body["TopicArn"], topic);
  std::string token = body["Token"];
  EXPECT_EQ(body["SubscribeURL"], "http://localhost:4566/?Action=ConfirmSubscription&TopicArn=" +
                                      topic + "&Token=" + token);
  EXPECT_EQ(body["Message"], "You have chosen to subscribe to the topic " + topic +
                                 ".\nTo confirm the subscription, visit the SubscribeURL included "
                                 "in this message.");
  EXPECT_EQ(body["SigningCertURL"],
            "http://localhost:4566/_eddy/sns/SimpleNotificationService.pem");
  EXPECT_TRUE(
      signature_verifies(signing_certificate(e.emu), canonical_string(body), body["Signature"], 1));

  // Pending subscriptions receive nothing.
  e.sns("Publish", {{"TopicArn", topic}, {"Message", "too early"}});
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(endpoint.requests().size(), 1u);

  json confirmed = e.sns("ConfirmSubscription", {{"TopicArn", topic}, {"Token", token}});
  std::string subscription = confirmed["SubscriptionArn"];
  json attributes =
      e.sns("GetSubscriptionAttributes", {{"SubscriptionArn", subscription}})["Attributes"];
  EXPECT_EQ(attributes["PendingConfirmation"], "false");

  json published = e.sns(
      "Publish",
      {{"TopicArn", topic},
       {"Message", "71.5 dB"},
       {"Subject", "noise"},
       {"MessageAttributes", {{"district", {{"DataType", "String"}, {"StringValue", "loop"}}}}}});
  ASSERT_TRUE(endpoint.wait_for(2));
  auto notification = endpoint.requests()[1];
  EXPECT_EQ(notification.header("x-amz-sns-message-type"), "Notification");
  EXPECT_EQ(notification.header("x-amz-sns-message-id"), published["MessageId"]);
  EXPECT_EQ(notification.header("x-amz-sns-subscription-arn"), subscription);
  EXPECT_EQ(notification.header("x-amz-sns-rawdelivery"), "");
  body = body_of(notification);
  EXPECT_EQ(body["Type"], "Notification");
  EXPECT_EQ(body["MessageId"], published["MessageId"]);
  EXPECT_EQ(body["Message"], "71.5 dB");
  EXPECT_EQ(body["Subject"], "noise");
  EXPECT_EQ(body["MessageAttributes"]["district"], (json{{"Type", "String"}, {"Value", "loop"}}));
  EXPECT_EQ(body["UnsubscribeURL"],
            "http://localhost:4566/?Action=Unsubscribe&SubscriptionArn=" + subscription);
  EXPECT_EQ(body["SignatureVersion"], "1");
  EXPECT_TRUE(
      signature_verifies(signing_certificate(e.emu), canonical_string(body), body["Signature"], 1));

  e.sns("SetSubscriptionAttributes", {{"SubscriptionArn", subscription},
                                      {"AttributeName", "RawMessageDelivery"},
                                      {"AttributeValue", "true"}});
  e.sns("Publish", {{"TopicArn", topic}, {"Message", "raw 72 dB"}});
  ASSERT_TRUE(endpoint.wait_for(3));
  EXPECT_EQ(endpoint.requests()[2].body, "raw 72 dB");
  EXPECT_EQ(endpoint.requests()[2].header("x-amz-sns-rawdelivery"), "true");

  // Unsubscribing tells the endpoint.
  e.sns("Unsubscribe", {{"SubscriptionArn", subscription}});
  ASSERT_TRUE(endpoint.wait_for(4));
  EXPECT_EQ(endpoint.requests()[3].header("x-amz-sns-message-type"), "UnsubscribeConfirmation");
  EXPECT_EQ(body_of(endpoint.requests()[3])["Type"], "UnsubscribeConfirmation");
}

TEST(SnsHttpDelivery, SignatureVersionTwoSignsWithSha256) {
  ManualEmulator e;
  TestEndpoint endpoint;
  std::string topic = e.sns(
      "CreateTopic", {{"Name", "signed"}, {"Attributes", {{"SignatureVersion", "2"}}}})["TopicArn"];
  subscribe_confirmed(e, topic, endpoint);
  e.sns("Publish", {{"TopicArn", topic}, {"Message", "sha256 please"}});
  ASSERT_TRUE(endpoint.wait_for(2));
  json body = body_of(endpoint.requests()[1]);
  EXPECT_EQ(body["SignatureVersion"], "2");
  std::string pem = signing_certificate(e.emu);
  EXPECT_TRUE(signature_verifies(pem, canonical_string(body), body["Signature"], 2));
  EXPECT_FALSE(signature_verifies(pem, canonical_string(body), body["Signature"], 1));
  body["Message"] = "tampered";
  EXPECT_FALSE(signature_verifies(pem, canonical_string(body), body["Signature"], 2));
}

TEST(SnsHttpDelivery, RetriesFollowTheDeliveryPolicyOnTheEmulatorClock) {
  ManualEmulator e;
  TestEndpoint endpoint;
  std::string topic = e.sns("CreateTopic", {{"Name", "flaky"}})["TopicArn"];
  subscribe_confirmed(
      e, topic, endpoint,
      {{"DeliveryPolicy",
        R"({"healthyRetryPolicy":{"minDelayTarget":5,"maxDelayTarget":5,"numRetries":3}})"}});
  endpoint.respond_with({500, 503});
  e.sns("Publish", {{"TopicArn", topic}, {"Message", "eventually"}});
  ASSERT_TRUE(endpoint.wait_for(2));  // the first attempt fails

  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(endpoint.requests().size(), 2u);  // nothing until the clock moves
  e.clock->advance(4s);
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(endpoint.requests().size(), 2u);
  e.clock->advance(1s);
  ASSERT_TRUE(endpoint.wait_for(3));  // second attempt fails too
  e.clock->advance(5s);
  ASSERT_TRUE(endpoint.wait_for(4));  // third attempt succeeds
  EXPECT_EQ(body_of(endpoint.requests()[3])["Message"], "eventually");
  e.clock->advance(1h);
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(endpoint.requests().size(), 4u);  // delivered: no more attempts
}

TEST(SnsHttpDelivery, GivesUpAfterTheLastRetryAndOnClientErrors) {
  ManualEmulator e;
  TestEndpoint endpoint;
  std::string topic = e.sns("CreateTopic", {{"Name", "failing"}})["TopicArn"];
  subscribe_confirmed(
      e, topic, endpoint,
      {{"DeliveryPolicy",
        R"({"healthyRetryPolicy":{"minDelayTarget":1,"maxDelayTarget":1,"numRetries":1}})"}});
  endpoint.respond_with({500, 500, 500, 500});
  e.sns("Publish", {{"TopicArn", topic}, {"Message", "doomed"}});
  ASSERT_TRUE(endpoint.wait_for(2));
  e.clock->advance(1s);
  ASSERT_TRUE(endpoint.wait_for(3));  // the one retry
  e.clock->advance(1h);
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(endpoint.requests().size(), 3u);

  // A 4xx answer is the endpoint refusing the message: SNS does not retry it.
  endpoint.respond_with({404});
  e.sns("Publish", {{"TopicArn", topic}, {"Message", "refused"}});
  ASSERT_TRUE(endpoint.wait_for(4));
  e.clock->advance(1h);
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(endpoint.requests().size(), 4u);
}

TEST(SnsHttpDelivery, ContentTypeComesFromTheEffectiveDeliveryPolicy) {
  ManualEmulator e;
  TestEndpoint endpoint;
  std::string topic =
      e.sns("CreateTopic",
            {{"Name", "typed"},
             {"Attributes",
              {{"DeliveryPolicy",
                R"({"http":{"defaultRequestPolicy":{"headerContentType":"application/json"}}})"}}}})
          ["TopicArn"];
  std::string subscription = subscribe_confirmed(e, topic, endpoint);
  e.sns("Publish", {{"TopicArn", topic}, {"Message", "{}"}});
  ASSERT_TRUE(endpoint.wait_for(2));
  EXPECT_EQ(endpoint.requests()[0].header("content-type"), "text/plain; charset=UTF-8");
  EXPECT_EQ(endpoint.requests()[1].header("content-type"), "application/json");

  e.sns("SetSubscriptionAttributes",
        {{"SubscriptionArn", subscription},
         {"AttributeName", "DeliveryPolicy"},
         {"AttributeValue", R"({"requestPolicy":{"headerContentType":"text/csv"}})"}});
  json attributes =
      e.sns("GetSubscriptionAttributes", {{"SubscriptionArn", subscription}})["Attributes"];
  EXPECT_EQ(json::parse(attributes["EffectiveDeliveryPolicy"]
                            .get<std::string>())["requestPolicy"]["headerContentType"],
            "text/csv");
  e.sns("Publish", {{"TopicArn", topic}, {"Message", "a,b"}});
  ASSERT_TRUE(endpoint.wait_for(3));
  EXPECT_EQ(endpoint.requests()[2].header("content-type"), "text/csv");
}
