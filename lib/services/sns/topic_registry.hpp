#pragma once
// Every topic and subscription, in memory: publishing reads them here (with compiled filter
// policies) instead of from SQLite. Writers change the store and swap the new values in here in the
// same store write, with restore_on_rollback() first, so an undone write is undone here too.
#include <mutex>
#include <string>
#include <unordered_map>

#include "services/sns/sns_model.hpp"
#include "store/database.hpp"

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
  // Puts topic `arn` back as it is now, with its subscriptions (or away, if it does not exist
  // now), should the savepoint or transaction open in `db` roll back.
  void restore_on_rollback(store::Database& db, const std::string& arn);

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::string, TopicPtr> topics_;
  std::unordered_map<std::string, SubscriptionPtr> subscriptions_;
};

}  // namespace eddy::services::sns
