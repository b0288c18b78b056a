#include <gtest/gtest.h>

#include "services/sns/delivery_policy.hpp"

using namespace eddy::services::sns;
using std::chrono::seconds;

namespace {
std::vector<long> schedule(const RetryPolicy& policy) {
  std::vector<long> delays;
  for (int retry = 1;; ++retry) {
    auto delay = policy.delay_before_retry(retry);
    if (!delay) return delays;
    delays.push_back(delay->count());
  }
}
}  // namespace

TEST(SnsDeliveryPolicy, AwsDefaultIsThreeRetriesTwentySecondsApart) {
  EXPECT_EQ(schedule(RetryPolicy{}), (std::vector<long>{20, 20, 20}));
  EXPECT_FALSE(RetryPolicy{}.delay_before_retry(0));
}

TEST(SnsDeliveryPolicy, PhasesRunImmediateThenMinimumThenBackoffThenMaximum) {
  RetryPolicy policy;
  policy.min_delay_target = 2;
  policy.max_delay_target = 10;
  policy.num_retries = 10;
  policy.num_no_delay_retries = 2;
  policy.num_min_delay_retries = 2;
  policy.num_max_delay_retries = 2;
  policy.backoff_function = BackoffFunction::linear;
  // Four backoff retries, linear from the minimum to the maximum.
  EXPECT_EQ(schedule(policy), (std::vector<long>{0, 0, 2, 2, 4, 6, 8, 10, 10, 10}));
}

TEST(SnsDeliveryPolicy, EveryBackoffFunctionRisesToTheMaximum) {
  for (auto function : {BackoffFunction::linear, BackoffFunction::arithmetic,
                        BackoffFunction::geometric, BackoffFunction::exponential}) {
    RetryPolicy policy;
    policy.min_delay_target = 1;
    policy.max_delay_target = 60;
    policy.num_retries = 6;
    policy.backoff_function = function;
    auto delays = schedule(policy);
    ASSERT_EQ(delays.size(), 6u);
    EXPECT_EQ(delays.back(), 60);
    for (std::size_t i = 1; i < delays.size(); ++i) EXPECT_GE(delays[i], delays[i - 1]);
    EXPECT_GE(delays.front(), 1);
  }
  // Exponential backoff stays near the minimum longer than linear backoff does.
  RetryPolicy linear{1, 60, 6, 0, 0, 0, BackoffFunction::linear};
  RetryPolicy exponential{1, 60, 6, 0, 0, 0, BackoffFunction::exponential};
  EXPECT_LT(schedule(exponential)[2], schedule(linear)[2]);
}

TEST(SnsDeliveryPolicy, TopicPolicyParsesTheHttpSectionAndDropsNulls) {
  auto policy = TopicDeliveryPolicy::parse(
      R"({"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":5,"maxDelayTarget":6,"numRetries":1},)"
      R"("disableSubscriptionOverrides":false,"defaultRequestPolicy":null}})");
  ASSERT_TRUE(policy.default_healthy_retry_policy);
  EXPECT_EQ(policy.default_healthy_retry_policy->min_delay_target, 5);
  EXPECT_EQ(policy.default_healthy_retry_policy->num_retries, 1);
  EXPECT_EQ(policy.stored,
            R"({"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":5,"maxDelayTarget":6,)"
            R"("numRetries":1},"disableSubscriptionOverrides":false}})");
  auto effective = eddy::json::parse(topic_effective_delivery_policy(&policy));
  EXPECT_EQ(effective["http"]["defaultHealthyRetryPolicy"]["numRetries"], 1);
  EXPECT_EQ(effective["http"]["defaultHealthyRetryPolicy"]["backoffFunction"], "linear");
  EXPECT_EQ(effective["http"]["defaultRequestPolicy"]["headerContentType"],
            "text/plain; charset=UTF-8");
}

TEST(SnsDeliveryPolicy, RejectsWhatAwsRejects) {
  EXPECT_THROW(TopicDeliveryPolicy::parse("{nope"), InvalidDeliveryPolicy);
  EXPECT_THROW(
      TopicDeliveryPolicy::parse(
          R"({"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":30,"maxDelayTarget":20}}})"),
      InvalidDeliveryPolicy);
  EXPECT_THROW(SubscriptionDeliveryPolicy::parse(
                   R"({"healthyRetryPolicy":{"backoffFunction":"quadratic"}})"),
               InvalidDeliveryPolicy);
  EXPECT_THROW(SubscriptionDeliveryPolicy::parse(R"({"healthyRetryPolicy":{"numRetries":101}})"),
               InvalidDeliveryPolicy);
  EXPECT_THROW(SubscriptionDeliveryPolicy::parse(
                   R"({"healthyRetryPolicy":{"numRetries":2,"numNoDelayRetries":3}})"),
               InvalidDeliveryPolicy);
}

TEST(SnsDeliveryPolicy, SubscriptionOverridesTopicUnlessTopicForbidsIt) {
  auto topic = TopicDeliveryPolicy::parse(
      R"({"http":{"defaultHealthyRetryPolicy":{"numRetries":7},"defaultRequestPolicy":{"headerContentType":"application/json"}}})");
  auto own = SubscriptionDeliveryPolicy::parse(
      R"({"healthyRetryPolicy":{"numRetries":1,"minDelayTarget":1,"maxDelayTarget":1},"requestPolicy":{"headerContentType":"text/csv"}})");
  EXPECT_EQ(effective_delivery_policy(nullptr, nullptr).retry.num_retries, 3);
  EXPECT_EQ(effective_delivery_policy(&topic, nullptr).retry.num_retries, 7);
  EXPECT_EQ(effective_delivery_policy(&topic, nullptr).content_type, "application/json");
  EXPECT_EQ(effective_delivery_policy(&topic, &own).retry.num_retries, 1);
  EXPECT_EQ(effective_delivery_policy(&topic, &own).content_type, "text/csv");
  topic.disable_subscription_overrides = true;
  EXPECT_EQ(effective_delivery_policy(&topic, &own).retry.num_retries, 7);

  // GetSubscriptionAttributes shows every member, null when unset.
  auto stored = eddy::json::parse(own.stored);
  EXPECT_TRUE(stored["sicklyRetryPolicy"].is_null());
  EXPECT_EQ(stored["healthyRetryPolicy"]["numMaxDelayRetries"], 0);
  EXPECT_EQ(stored["guaranteed"], false);
}
