#include "services/sqs/queue_catalog.hpp"

#include "core/arn.hpp"
#include "services/sqs/queue_attributes.hpp"
#include "services/sqs/visibility_buckets.hpp"
#include "store/transaction.hpp"

namespace eddy::services::sqs {
namespace {
constexpr std::int64_t kDeletedNameMemoryMs = 60'000;

std::shared_ptr<Queue> make_queue(std::int64_t id, std::string account, std::string region,
                                  std::string name, bool fifo, json attributes, json tags) {
  auto queue = std::make_shared<Queue>();
  queue->id = id;
  queue->arn = make_arn("sqs", region, account, name);
  queue->account = std::move(account);
  queue->region = std::move(region);
  queue->name = std::move(name);
  queue->fifo = fifo;
  queue->attributes = std::move(attributes);
  queue->tags = std::move(tags);
  queue->settings = queue_attributes::settings_of(queue->attributes);
  queue->wake_key = "sqs:" + std::to_string(id);
  return queue;
}
}  // namespace

std::string QueueCatalog::key(std::string_view account, std::string_view region,
                              std::string_view name) {
  std::string out;
  out.reserve(account.size() + region.size() + name.size() + 2);
  out.append(account).push_back('\x1f');
  out.append(region).push_back('\x1f');
  out.append(name);
  return out;
}

void QueueCatalog::put(QueuePtr queue) {
  by_key_[key(queue->account, queue->region, queue->name)] = queue;
  by_arn_[queue->arn] = queue;
  by_id_[queue->id] = std::move(queue);
}

void QueueCatalog::drop(const Queue& queue) {
  by_key_.erase(key(queue.account, queue.region, queue.name));
  by_arn_.erase(queue.arn);
  by_id_.erase(queue.id);
}

void QueueCatalog::cache(store::Database& db, QueuePtr queue) {
  db.on_rollback([this, before = find_by_id(queue->id), after = queue] {
    drop(*after);
    if (before) put(before);
  });
  put(std::move(queue));
}

void QueueCatalog::clear() {
  by_key_.clear();
  by_id_.clear();
  by_arn_.clear();
}

void QueueCatalog::load(store::Database& db) {
  auto q = db.query(
      "SELECT id, account, region, name, fifo, attributes, tags, created_ms, modified_ms, "
      "purged_ms FROM sqs_queues");
  while (q->step()) {
    auto queue = make_queue(q->int64(0), q->string(1), q->string(2), q->string(3), q->int64(4) != 0,
                            json::parse(q->text(5)), json::parse(q->text(6)));
    queue->created_ms = q->int64(7);
    queue->modified_ms = q->int64(8);
    queue->purged_ms = q->optional_int64(9);
    put(std::move(queue));
  }
}

QueuePtr QueueCatalog::find(std::string_view account, std::string_view region,
                            std::string_view name) const {
  auto it = by_key_.find(key(account, region, name));
  return it == by_key_.end() ? nullptr : it->second;
}

QueuePtr QueueCatalog::find_by_arn(std::string_view arn) const {
  auto it = by_arn_.find(std::string(arn));
  return it == by_arn_.end() ? nullptr : it->second;
}

QueuePtr QueueCatalog::find_by_id(std::int64_t id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : it->second;
}

std::vector<QueuePtr> QueueCatalog::list(std::string_view account, std::string_view region,
                                         std::string_view prefix) const {
  std::vector<QueuePtr> out;
  std::string start = key(account, region, prefix);
  for (auto it = by_key_.lower_bound(start); it != by_key_.end(); ++it) {
    if (it->first.compare(0, start.size(), start) != 0) break;
    out.push_back(it->second);
  }
  return out;
}

std::vector<QueuePtr> QueueCatalog::all() const {
  std::vector<QueuePtr> out;
  out.reserve(by_key_.size());
  for (const auto& [key, queue] : by_key_) out.push_back(queue);
  return out;
}

std::vector<QueuePtr> QueueCatalog::sources_of(std::string_view dead_letter_arn) const {
  std::vector<QueuePtr> out;
  for (const auto& [key, queue] : by_key_)
    if (queue->settings.redrive &&
        queue->settings.redrive->dead_letter_target_arn == dead_letter_arn)
      out.push_back(queue);
  return out;
}

QueuePtr QueueCatalog::create(store::Database& db, const std::string& account,
                              const std::string& region, const std::string& name, bool fifo,
                              json attributes, json tags, std::int64_t now_ms) {
  store::Transaction tx(db);
  db.query("DELETE FROM sqs_deleted_queues WHERE account = ? AND region = ? AND name = ?")
      ->bind(1, account)
      .bind(2, region)
      .bind(3, name)
      .run();
  {
    auto q = db.query(
        "INSERT INTO sqs_queues (account, region, name, fifo, attributes, tags, created_ms, "
        "modified_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    q->bind(1, account)
        .bind(2, region)
        .bind(3, name)
        .bind(4, fifo ? 1 : 0)
        .bind(5, attributes.dump())
        .bind(6, tags.dump())
        .bind(7, now_ms)
        .bind(8, now_ms)
        .run();
  }
  auto queue = make_queue(db.last_insert_rowid(), account, region, name, fifo,
                          std::move(attributes), std::move(tags));
  queue->created_ms = now_ms;
  queue->modified_ms = now_ms;
  tx.commit();
  cache(db, queue);
  return queue;
}

QueuePtr QueueCatalog::update(store::Database& db, const Queue& changed) {
  auto q = db.query(
      "UPDATE sqs_queues SET attributes = ?, tags = ?, modified_ms = ?, purged_ms = ? WHERE id = "
      "?");
  q->bind(1, changed.attributes.dump())
      .bind(2, changed.tags.dump())
      .bind(3, changed.modified_ms)
      .bind(4, changed.purged_ms)
      .bind(5, changed.id)
      .run();
  auto queue = std::make_shared<Queue>(changed);
  queue->settings = queue_attributes::settings_of(queue->attributes);
  cache(db, queue);
  return queue;
}

void QueueCatalog::remove(store::Database& db, const Queue& queue, std::int64_t now_ms) {
  store::Transaction tx(db);
  for (const char* sql : {"DELETE FROM sqs_messages WHERE queue_id = ?",
                          "DELETE FROM sqs_fifo_groups WHERE queue_id = ?",
                          "DELETE FROM sqs_fifo_dedup WHERE queue_id = ?",
                          "DELETE FROM sqs_receive_attempts WHERE queue_id = ?",
                          "DELETE FROM sqs_queues WHERE id = ?"})
    db.query(sql)->bind(1, queue.id).run();
  visibility_buckets::remove_all(db, queue.id);
  db.query(
        "INSERT INTO sqs_deleted_queues (account, region, name, deleted_ms) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (account, region, name) DO UPDATE SET deleted_ms = excluded.deleted_ms")
      ->bind(1, queue.account)
      .bind(2, queue.region)
      .bind(3, queue.name)
      .bind(4, now_ms)
      .run();
  tx.commit();
  if (QueuePtr removed = find_by_id(queue.id)) db.on_rollback([this, removed] { put(removed); });
  drop(queue);
}

std::optional<std::int64_t> QueueCatalog::deleted_at(store::Database& db,
                                                     const std::string& account,
                                                     const std::string& region,
                                                     const std::string& name, std::int64_t now_ms) {
  auto q = db.query(
      "SELECT deleted_ms FROM sqs_deleted_queues WHERE account = ? AND region = ? AND name = ?");
  q->bind(1, account).bind(2, region).bind(3, name);
  if (!q->step()) return std::nullopt;
  std::int64_t deleted = q->int64(0);
  if (now_ms - deleted >= kDeletedNameMemoryMs || now_ms < deleted) return std::nullopt;
  return deleted;
}

}  // namespace eddy::services::sqs
