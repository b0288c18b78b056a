// Enhanced fan-out consumers: registered, described, listed and deregistered. They are ACTIVE at
// once; their subscriptions are SubscribeToShard's (subscribe_to_shard.cpp).
#include <fmt/format.h>

#include <functional>

#include "core/arn.hpp"
#include "services/kinesis/kinesis_errors.hpp"
#include "services/kinesis/kinesis_input.hpp"
#include "services/kinesis/kinesis_limits.hpp"
#include "services/kinesis/kinesis_service.hpp"
#include "services/kinesis/stream_description.hpp"

namespace eddy::services::kinesis {
namespace {

struct Consumer {
  std::string name;
  std::int64_t created_ms = 0;
};

std::string consumer_arn(const Stream& stream, const Consumer& consumer) {
  return fmt::format("{}/consumer/{}:{}", stream.arn(), consumer.name, consumer.created_ms / 1000);
}

json describe_consumer(const Stream& stream, const Consumer& consumer) {
  return {{"ConsumerName", consumer.name},
          {"ConsumerARN", consumer_arn(stream, consumer)},
          {"ConsumerStatus", "ACTIVE"},
          {"ConsumerCreationTimestamp", epoch_seconds(consumer.created_ms)}};
}

std::optional<Consumer> find_consumer(store::Database& db, std::int64_t stream_id,
                                      const std::string& name) {
  auto q = db.query("SELECT created_ms FROM kinesis_consumers WHERE stream_id = ? AND name = ?");
  q->bind(1, stream_id).bind(2, name);
  if (!q->step()) return std::nullopt;
  return Consumer{name, q->int64(0)};
}

AwsError consumer_not_found(std::string_view consumer, std::string_view account) {
  return errors::resource_not_found(
      fmt::format("Consumer {}, account {} not found.", consumer, account));
}

}  // namespace

Awaitable<json> KinesisService::RegisterStreamConsumer(const Call& call) {
  InputCheck check(call.input);
  check.required("StreamARN").required("ConsumerName").stream_arn("StreamARN").name("ConsumerName");
  check.done();
  std::string name = *check.string("ConsumerName");
  co_return co_await context_.store.write([&](store::Database& db) {
    Stream stream = stream_at_arn(db, call, *check.string("StreamARN"));
    if (find_consumer(db, stream.id, name))
      throw errors::resource_in_use(
          fmt::format("Consumer {} under stream {} already exists for account {}.", name,
                      stream.name, stream.account));
    auto q = db.query("SELECT COUNT(*) FROM kinesis_consumers WHERE stream_id = ?");
    q->bind(1, stream.id);
    q->step();
    if (q->int64(0) >= kMaxConsumersPerStream)
      throw errors::limit_exceeded(
          fmt::format("Consumer limit of {} reached for stream {} under account {}.",
                      kMaxConsumersPerStream, stream.name, stream.account));
    Consumer consumer{name, now_ms()};
    db.query("INSERT INTO kinesis_consumers (stream_id, name, created_ms) VALUES (?, ?, ?)")
        ->bind(1, stream.id)
        .bind(2, name)
        .bind(3, consumer.created_ms)
        .run();
    return json{{"Consumer", describe_consumer(stream, consumer)}};
  });
}

// The stream and consumer a request names: ConsumerARN, or StreamARN and ConsumerName.
static std::pair<Stream, Consumer> named_consumer(
    store::Database& db, const Call& call,
    const std::function<Stream(const std::string&)>& stream_at) {
  InputCheck check(call.input);
  check.stream_arn("StreamARN").name("ConsumerName").length("ConsumerARN", 1, 2048);
  check.done();
  std::string stream_arn, name;
  if (auto arn = check.string("ConsumerARN")) {
    auto at = arn->find("/consumer/");
    auto colon = arn->rfind(':');
    if (at == std::string::npos || colon == std::string::npos || colon < at)
      throw consumer_not_found(*arn, call.account);
    stream_arn = arn->substr(0, at);
    name = arn->substr(at + 10, colon - at - 10);
  } else {
    auto given_arn = check.string("StreamARN");
    auto given_name = check.string("ConsumerName");
    if (!given_arn || !given_name)
      throw errors::invalid_argument(
          "Either ConsumerARN or both ConsumerName and StreamARN must be provided.");
    stream_arn = *given_arn;
    name = *given_name;
  }
  Stream stream = stream_at(stream_arn);
  auto consumer = find_consumer(db, stream.id, name);
  if (!consumer) throw consumer_not_found(name, stream.account);
  return {std::move(stream), std::move(*consumer)};
}

Awaitable<json> KinesisService::DeregisterStreamConsumer(const Call& call) {
  co_await context_.store.write([&](store::Database& db) {
    auto [stream, consumer] = named_consumer(
        db, call, [&](const std::string& arn) { return stream_at_arn(db, call, arn); });
    db.query("DELETE FROM kinesis_consumers WHERE stream_id = ? AND name = ?")
        ->bind(1, stream.id)
        .bind(2, consumer.name)
        .run();
    wake_subscribers_after_commit(db, stream.id);
  });
  co_return json::object();
}

json KinesisService::DescribeStreamConsumer(const Call& call) {
  auto lock = context_.store.lock();
  auto& db = context_.store.db();
  auto [stream, consumer] = named_consumer(
      db, call, [&](const std::string& arn) { return stream_at_arn(db, call, arn); });
  json out = describe_consumer(stream, consumer);
  out["StreamARN"] = stream.arn();
  return {{"ConsumerDescription", std::move(out)}};
}

json KinesisService::ListStreamConsumers(const Call& call) {
  InputCheck check(call.input);
  check.required("StreamARN")
      .stream_arn("StreamARN")
      .range("MaxResults", 1, 10000)
      .length("NextToken", 1, 1048576);
  check.done();
  auto limit = check.integer("MaxResults").value_or(100);
  std::string after;
  if (auto token = check.string("NextToken")) {
    if (!token->starts_with("consumer:"))
      throw errors::invalid_argument(fmt::format("Invalid NextToken: {}", *token));
    after = token->substr(9);
  }
  auto lock = context_.store.lock();
  auto& db = context_.store.db();
  Stream stream = stream_at_arn(db, call, *check.string("StreamARN"));
  auto q = db.query(
      "SELECT name, created_ms FROM kinesis_consumers WHERE stream_id = ? AND name > ? "
      "ORDER BY name LIMIT ?");
  q->bind(1, stream.id).bind(2, after).bind(3, limit + 1);
  json consumers = json::array();
  std::string last;
  bool more = false;
  while (q->step()) {
    if (static_cast<std::int64_t>(consumers.size()) == limit) {
      more = true;
      break;
    }
    last = q->string(0);
    consumers.push_back(describe_consumer(stream, Consumer{last, q->int64(1)}));
  }
  json out = {{"Consumers", std::move(consumers)}};
  if (more) out["NextToken"] = "consumer:" + last;
  return out;
}

}  // namespace eddy::services::kinesis
