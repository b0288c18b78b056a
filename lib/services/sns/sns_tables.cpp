#include "services/sns/sns_tables.hpp"

#include <unordered_map>

namespace eddy::services::sns::tables {
namespace {

json parse_stored(std::string_view text, json fallback) {
  json parsed = json::parse(text, nullptr, false);
  return parsed.is_discarded() ? fallback : parsed;
}

Subscription read_subscription(store::Statement& row) {
  Subscription s;
  s.id = row.int64(0);
  s.arn = row.string(1);
  s.topic_arn = row.string(2);
  s.account = row.string(3);
  s.region = row.string(4);
  s.owner = row.string(5);
  s.protocol = row.string(6);
  s.endpoint = row.string(7);
  s.attributes = parse_stored(row.text(8), json::object());
  s.pending_confirmation = row.int64(9) != 0;
  s.confirmation_authenticated = row.int64(10) != 0;
  s.token = row.string(11);
  return s;
}

Page page_of(store::Query& q, int size) {
  Page page;
  std::int64_t last = 0;
  while (q->step()) {
    if (static_cast<int>(page.arns.size()) == size) {
      page.next_after = last;
      break;
    }
    last = q->int64(0);
    page.arns.push_back(q->string(1));
  }
  return page;
}

// A page of the ARNs `sql` selects for (account, region), after row id `after`.
Page account_page(store::Database& db, std::string_view sql, const std::string& account,
                  const std::string& region, std::int64_t after, int size) {
  auto q = db.query(sql);
  q->bind(1, account).bind(2, region).bind(3, after).bind(4, size + 1);
  return page_of(q, size);
}

}  // namespace

void insert_topic(store::Database& db, Topic& topic) {
  auto q = db.query(
      "INSERT INTO sns_topics (arn, account, region, name, attributes, tags) "
      "VALUES (?, ?, ?, ?, ?, ?)");
  q->bind(1, topic.arn).bind(2, topic.account).bind(3, topic.region).bind(4, topic.name);
  q->bind(5, topic.attributes.dump()).bind(6, topic.tags.dump()).run();
  topic.id = db.last_insert_rowid();
}

void update_topic(store::Database& db, const Topic& topic) {
  auto q = db.query("UPDATE sns_topics SET attributes = ?, tags = ? WHERE arn = ?");
  q->bind(1, topic.attributes.dump()).bind(2, topic.tags.dump()).bind(3, topic.arn).run();
}

void delete_topic(store::Database& db, const std::string& arn) {
  {
    auto q = db.query(
        "DELETE FROM sns_deliveries WHERE subscription_arn IN "
        "(SELECT arn FROM sns_subscriptions WHERE topic_arn = ?)");
    q->bind(1, arn).run();
  }
  {
    auto q = db.query("DELETE FROM sns_subscriptions WHERE topic_arn = ?");
    q->bind(1, arn).run();
  }
  {
    auto q = db.query("DELETE FROM sns_fifo_deduplication WHERE topic_arn = ?");
    q->bind(1, arn).run();
  }
  auto q = db.query("DELETE FROM sns_topics WHERE arn = ?");
  q->bind(1, arn).run();
}

std::int64_t next_sequence(store::Database& db, const std::string& topic_arn) {
  auto q =
      db.query("UPDATE sns_topics SET sequence = sequence + 1 WHERE arn = ? RETURNING sequence");
  q->bind(1, topic_arn);
  return q->step() ? q->int64(0) : 0;
}

void insert_subscription(store::Database& db, Subscription& s) {
  auto q = db.query(
      "INSERT INTO sns_subscriptions (arn, topic_arn, account, region, owner, protocol, endpoint, "
      "attributes, pending, authenticated, token) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q->bind(1, s.arn).bind(2, s.topic_arn).bind(3, s.account).bind(4, s.region).bind(5, s.owner);
  q->bind(6, s.protocol).bind(7, s.endpoint).bind(8, s.attributes.dump());
  q->bind(9, s.pending_confirmation ? 1 : 0).bind(10, s.confirmation_authenticated ? 1 : 0);
  q->bind(11, s.token).run();
  s.id = db.last_insert_rowid();
}

void update_subscription(store::Database& db, const Subscription& s) {
  auto q = db.query(
      "UPDATE sns_subscriptions SET attributes = ?, pending = ?, authenticated = ?, token = ? "
      "WHERE arn = ?");
  q->bind(1, s.attributes.dump()).bind(2, s.pending_confirmation ? 1 : 0);
  q->bind(3, s.confirmation_authenticated ? 1 : 0).bind(4, s.token).bind(5, s.arn).run();
}

void delete_subscription(store::Database& db, const std::string& arn) {
  {
    auto q = db.query("DELETE FROM sns_deliveries WHERE subscription_arn = ?");
    q->bind(1, arn).run();
  }
  auto q = db.query("DELETE FROM sns_subscriptions WHERE arn = ?");
  q->bind(1, arn).run();
}

std::optional<std::string> subscription_arn_for_token(store::Database& db,
                                                      const std::string& token) {
  auto q = db.query("SELECT arn FROM sns_subscriptions WHERE token = ?");
  q->bind(1, token);
  if (!q->step()) return std::nullopt;
  return q->string(0);
}

std::vector<Topic> load_topics(store::Database& db) {
  std::vector<Topic> topics;
  std::unordered_map<std::string, std::size_t> index;
  {
    auto q = db.query(
        "SELECT id, arn, account, region, name, attributes, tags FROM sns_topics ORDER BY id");
    while (q->step()) {
      Topic t;
      t.id = q->int64(0);
      t.arn = q->string(1);
      t.account = q->string(2);
      t.region = q->string(3);
      t.name = q->string(4);
      t.attributes = parse_stored(q->text(5), json::object());
      t.tags = parse_stored(q->text(6), json::array());
      index[t.arn] = topics.size();
      topics.push_back(std::move(t));
    }
  }
  auto q = db.query(
      "SELECT id, arn, topic_arn, account, region, owner, protocol, endpoint, attributes, pending, "
      "authenticated, token FROM sns_subscriptions ORDER BY id");
  while (q->step()) {
    auto s = std::make_shared<Subscription>(read_subscription(*q));
    auto it = index.find(s->topic_arn);
    if (it != index.end()) topics[it->second].subscriptions.push_back(std::move(s));
  }
  return topics;
}

Page topic_page(store::Database& db, const std::string& account, const std::string& region,
                std::int64_t after, int size) {
  return account_page(db,
                      "SELECT id, arn FROM sns_topics WHERE account = ? AND region = ? AND id > ? "
                      "ORDER BY id LIMIT ?",
                      account, region, after, size);
}

Page subscription_page(store::Database& db, const std::string& account, const std::string& region,
                       std::int64_t after, int size) {
  return account_page(db,
                      "SELECT id, arn FROM sns_subscriptions WHERE account = ? AND region = ? AND "
                      "id > ? ORDER BY id LIMIT ?",
                      account, region, after, size);
}

Page topic_subscription_page(store::Database& db, const std::string& topic_arn, std::int64_t after,
                             int size) {
  auto q = db.query(
      "SELECT id, arn FROM sns_subscriptions WHERE topic_arn = ? AND id > ? ORDER BY id LIMIT ?");
  q->bind(1, topic_arn).bind(2, after).bind(3, size + 1);
  return page_of(q, size);
}

}  // namespace eddy::services::sns::tables
