#pragma once
// Every topic and subscription, in memory: publishing reads them here (with compiled filter
// policies) instead of from SQLite. Writers change the store first and, once their transaction has
// committed and while they still hold the store lock, swap the new values in here.
#include <mutex>
#include <string>
#include <unordered_map>

#include "services/sns/sns_model.hpp"

namespace eddy::services::sns {

class TopicRegistry {
 public:
  TopicPtr topic(const std::string& arn) const;
  SubscriptionPtr subscription(const std::string& arn) const;

  // Adds or replaces a topic; its subscriptions are the ones `topic` lists.
  void put_topic(TopicPtr topic);
  // Removes a topic and its subscriptions.
  void remove_topic(const std::string& arn);
  // Adds or replaces a subscription in its topic.
  void put_subscription(SubscriptionPtr subscription);
  void remove_subscription(const std::string& arn);
  void clear();

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::string, TopicPtr> topics_;
  std::unordered_map<std::string, SubscriptionPtr> subscriptions_;
};

}  // namespace eddy::services::sns
