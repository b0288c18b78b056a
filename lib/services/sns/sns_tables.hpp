#pragma once
// Reading and writing topics and subscriptions in SQLite. Callers hold the store lock; the writes
// run inside a store write.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "services/sns/sns_model.hpp"
#include "store/database.hpp"

namespace eddy::services::sns::tables {

void insert_topic(store::Database& db, Topic& topic);  // sets topic.id
void update_topic(store::Database& db, const Topic& topic);
// Deletes the topic, its subscriptions and their pending deliveries.
void delete_topic(store::Database& db, const std::string& arn);
// The next sequence number of a FIFO topic.
std::int64_t next_sequence(store::Database& db, const std::string& topic_arn);

void insert_subscription(store::Database& db, Subscription& subscription);  // sets .id
void update_subscription(store::Database& db, const Subscription& subscription);
void delete_subscription(store::Database& db, const std::string& arn);
std::optional<std::string> subscription_arn_for_token(store::Database& db,
                                                      const std::string& token);

// Every topic with its subscriptions, oldest first (start-up).
std::vector<Topic> load_topics(store::Database& db);

// A page of ARNs after row id `after`, in creation order, and the id to continue after.
struct Page {
  std::vector<std::string> arns;
  std::optional<std::int64_t> next_after;
};
Page topic_page(store::Database& db, const std::string& account, const std::string& region,
                std::int64_t after, int size);
Page subscription_page(store::Database& db, const std::string& account, const std::string& region,
                       std::int64_t after, int size);
Page topic_subscription_page(store::Database& db, const std::string& topic_arn, std::int64_t after,
                             int size);

}  // namespace eddy::services::sns::tables
