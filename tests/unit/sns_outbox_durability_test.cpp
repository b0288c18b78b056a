// The delivery outbox survives a restart: a delivery that was waiting for a retry when the
// emulator stopped goes out after it starts again on the same data directory.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "sns_test_endpoint.hpp"
#include "sns_test_support.hpp"

using namespace eddy;
using namespace eddy::testing;
using namespace std::chrono_literals;

TEST(SnsOutbox, PendingDeliveriesResumeAfterRestart) {
  auto dir =
      std::filesystem::temp_directory_path() / ("eddy-sns-outbox-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  TestEndpoint endpoint;
  std::string topic;
  {
    ManualEmulator e(dir.string());
    topic = e.sns("CreateTopic", {{"Name", "durable"}})["TopicArn"];
    e.sns("Subscribe", {{"TopicArn", topic}, {"Protocol", "http"}, {"Endpoint", endpoint.url()}});
    ASSERT_TRUE(endpoint.wait_for(1));
    std::string token = json::parse(endpoint.requests()[0].body)["Token"];
    e.sns("ConfirmSubscription", {{"TopicArn", topic}, {"Token", token}});
    endpoint.respond_with({503});
    e.sns("Publish", {{"TopicArn", topic}, {"Message", "kept across restarts"}});
    ASSERT_TRUE(endpoint.wait_for(2));  // failed; the retry is due in 20 s of emulator time
    std::this_thread::sleep_for(50ms);
  }
  {
    ManualEmulator e(dir.string());
    // The topic, its confirmed subscription and the pending delivery are all still there.
    json attributes = e.sns("GetTopicAttributes", {{"TopicArn", topic}})["Attributes"];
    EXPECT_EQ(attributes["SubscriptionsConfirmed"], "1");
    std::this_thread::sleep_for(100ms);
    EXPECT_EQ(endpoint.requests().size(), 2u);
    e.clock->advance(21s);
    ASSERT_TRUE(endpoint.wait_for(3));
    json body = json::parse(endpoint.requests()[2].body);
    EXPECT_EQ(body["Message"], "kept across restarts");
    // Signed with the key made before the restart, which the served certificate still matches.
    EXPECT_TRUE(signature_verifies(signing_certificate(e.emu), canonical_string(body),
                                   body["Signature"], 1));
  }
  std::filesystem::remove_all(dir);
}
