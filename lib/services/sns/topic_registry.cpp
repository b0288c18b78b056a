#include "services/sns/topic_registry.hpp"

#include <algorithm>

namespace eddy::services::sns {

TopicPtr TopicRegistry::topic(const std::string& arn) const {
  std::lock_guard lock(mutex_);
  auto it = topics_.find(arn);
  return it == topics_.end() ? nullptr : it->second;
}

SubscriptionPtr TopicRegistry::subscription(const std::string& arn) const {
  std::lock_guard lock(mutex_);
  auto it = subscriptions_.find(arn);
  return it == subscriptions_.end() ? nullptr : it->second;
}

void TopicRegistry::put_topic(TopicPtr topic) {
  std::lock_guard lock(mutex_);
  for (const auto& subscription : topic->subscriptions)
    subscriptions_[subscription->arn] = subscription;
  topics_[topic->arn] = std::move(topic);
}

void TopicRegistry::remove_topic(const std::string& arn) {
  std::lock_guard lock(mutex_);
  auto it = topics_.find(arn);
  if (it == topics_.end()) return;
  for (const auto& subscription : it->second->subscriptions)
    subscriptions_.erase(subscription->arn);
  topics_.erase(it);
}

void TopicRegistry::put_subscription(SubscriptionPtr subscription) {
  std::lock_guard lock(mutex_);
  auto it = topics_.find(subscription->topic_arn);
  if (it != topics_.end()) {
    auto topic = std::make_shared<Topic>(*it->second);
    auto& list = topic->subscriptions;
    auto existing = std::find_if(list.begin(), list.end(),
                                 [&](const auto& s) { return s->arn == subscription->arn; });
    if (existing != list.end())
      *existing = subscription;
    else
      list.push_back(subscription);
    it->second = std::move(topic);
  }
  subscriptions_[subscription->arn] = std::move(subscription);
}

void TopicRegistry::remove_subscription(const std::string& arn) {
  std::lock_guard lock(mutex_);
  auto sub = subscriptions_.find(arn);
  if (sub == subscriptions_.end()) return;
  auto it = topics_.find(sub->second->topic_arn);
  if (it != topics_.end()) {
    auto topic = std::make_shared<Topic>(*it->second);
    std::erase_if(topic->subscriptions, [&](const auto& s) { return s->arn == arn; });
    it->second = std::move(topic);
  }
  subscriptions_.erase(sub);
}

void TopicRegistry::restore_on_rollback(store::Database& db, const std::string& arn) {
  db.on_rollback([this, arn, before = topic(arn)] {
    remove_topic(arn);
    if (before) put_topic(before);
  });
}

void TopicRegistry::clear() {
  std::lock_guard lock(mutex_);
  topics_.clear();
  subscriptions_.clear();
}

}  // namespace eddy::services::sns
