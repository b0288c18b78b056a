#pragma once
// Every queue's metadata, kept in memory so a send or receive finds its queue without touching
// SQLite, and written through to sqs_queues so it survives restarts. Callers hold the store lock;
// a change is undone in memory when the store write that made it rolls back.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "services/sqs/queue.hpp"
#include "store/database.hpp"

namespace eddy::services::sqs {

class QueueCatalog {
 public:
  void load(store::Database& db);
  void clear();

  QueuePtr find(std::string_view account, std::string_view region, std::string_view name) const;
  QueuePtr find_by_arn(std::string_view arn) const;
  QueuePtr find_by_id(std::int64_t id) const;
  // Queues of (account, region) whose name starts with `prefix`, by name.
  std::vector<QueuePtr> list(std::string_view account, std::string_view region,
                             std::string_view prefix) const;
  std::vector<QueuePtr> all() const;
  // Queues whose RedrivePolicy names `dead_letter_arn`, by name.
  std::vector<QueuePtr> sources_of(std::string_view dead_letter_arn) const;

  QueuePtr create(store::Database& db, const std::string& account, const std::string& region,
                  const std::string& name, bool fifo, json attributes, json tags,
                  std::int64_t now_ms);
  // Writes the queue's changed attributes, tags or purge time and caches the new version.
  QueuePtr update(store::Database& db, const Queue& changed);
  // Deletes the queue and everything in it, remembering its name for QueueDeletedRecently.
  void remove(store::Database& db, const Queue& queue, std::int64_t now_ms);
  // When (account, region, name) was deleted, if within the last minute.
  std::optional<std::int64_t> deleted_at(store::Database& db, const std::string& account,
                                         const std::string& region, const std::string& name,
                                         std::int64_t now_ms);

 private:
  void put(QueuePtr queue);
  void drop(const Queue& queue);
  // put(), undone if the current savepoint or transaction rolls back.
  void cache(store::Database& db, QueuePtr queue);
  static std::string key(std::string_view account, std::string_view region, std::string_view name);

  std::map<std::string, QueuePtr, std::less<>> by_key_;
  std::unordered_map<std::int64_t, QueuePtr> by_id_;
  std::unordered_map<std::string, QueuePtr> by_arn_;
};

}  // namespace eddy::services::sqs
