// SubscribeToShard (enhanced fan-out): a registered consumer's subscription to one shard, answered
// as an event stream of SubscribeToShardEvents over HTTP/2. It sends what the shard holds from
// the starting position, then waits, holding no thread, for PutRecord's wake-ups, sending an
// empty event at least every 5 seconds; it ends after 5 minutes on the emulator's clock, at the
// end of a closed shard (with its ChildShards), or when the client goes away.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "core/arn.hpp"
#include "services/kinesis/kinesis_api.hpp"
#include "services/kinesis/kinesis_errors.hpp"
#include "services/kinesis/kinesis_input.hpp"
#include "services/kinesis/kinesis_limits.hpp"
#include "services/kinesis/kinesis_service.hpp"
#include "services/kinesis/record_table.hpp"
#include "services/kinesis/shard_reading.hpp"
#include "services/shards/sequence_number.hpp"
#include "services/shards/shard_id.hpp"

namespace eddy::services::kinesis {
namespace {

constexpr auto kSubscriptionLifetime = std::chrono::minutes(5);
constexpr auto kHeartbeatInterval = std::chrono::seconds(5);

// The consumer a ConsumerARN names: its stream's ARN, its name and its creation second.
struct ConsumerArnParts {
  std::string stream_arn;
  std::string name;
  std::int64_t created_secs = 0;
};

std::optional<ConsumerArnParts> parse_consumer_arn(const std::string& arn) {
  auto at = arn.find("/consumer/");
  auto colon = arn.rfind(':');
  if (at == std::string::npos || colon == std::string::npos || colon < at + 10) return std::nullopt;
  std::string seconds = arn.substr(colon + 1);
  if (seconds.empty() || seconds.size() > 12 ||
      !std::all_of(seconds.begin(), seconds.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  return ConsumerArnParts{arn.substr(0, at), arn.substr(at + 10, colon - at - 10),
                          std::stoll(seconds)};
}

bool consumer_registered(store::Database& db, std::int64_t stream_id, const std::string& name,
                         std::int64_t created_secs) {
  auto q = db.query("SELECT created_ms FROM kinesis_consumers WHERE stream_id = ? AND name = ?");
  q->bind(1, stream_id).bind(2, name);
  return q->step() && q->int64(0) / 1000 == created_secs;
}

AwsError subscribed_consumer_not_found(std::string_view arn, std::string_view account) {
  return errors::resource_not_found(
      fmt::format("Consumer {}, account {} not found.", arn, account));
}

// StartingPosition's members, checked as the model constrains them.
struct StartingPosition {
  std::string type;
  std::optional<std::string> sequence_number;
  std::optional<double> timestamp;
};

std::optional<StartingPosition> read_starting_position(const json& input, InputCheck& check) {
  auto found = input.find("StartingPosition");
  if (found == input.end() || found->is_null()) return std::nullopt;
  if (!found->is_object())
    throw errors::serialization("Start of structure or map found where not expected.");
  InputCheck members(*found);
  StartingPosition position;
  auto type = members.string("Type");
  position.sequence_number = members.string("SequenceNumber");
  position.timestamp = members.timestamp("Timestamp");
  if (!type) {
    check.fail(
        "Value null at 'startingPosition.type' failed to satisfy constraint: Member must not be "
        "null");
    return std::nullopt;
  }
  static constexpr std::string_view kTypes[] = {"AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER",
                                                "TRIM_HORIZON", "LATEST", "AT_TIMESTAMP"};
  if (std::find(std::begin(kTypes), std::end(kTypes), *type) == std::end(kTypes))
    check.fail(
        InputCheck::failure(*type, "startingPosition.type",
                            fmt::format("satisfy enum value set: [{}]", fmt::join(kTypes, ", "))));
  if (position.sequence_number && !is_decimal_pattern(*position.sequence_number, 128))
    check.fail(InputCheck::failure(*position.sequence_number, "startingPosition.sequenceNumber",
                                   "satisfy regular expression pattern: 0|([1-9]\\d{0,128})"));
  position.type = *type;
  return position;
}

// The counter of the first record a subscription starting at `start` sends.
std::int64_t subscription_start_counter(store::Database& db, const Stream& stream,
                                        const Shard& shard, const StartingPosition& start,
                                        std::int64_t now) {
  const std::string& type = start.type;
  bool by_sequence = type == "AT_SEQUENCE_NUMBER" || type == "AFTER_SEQUENCE_NUMBER";
  std::int64_t past_end = shard.open() ? stream.next_counter : *shard.ending_counter + 1;
  if (by_sequence) {
    if (!start.sequence_number)
      throw errors::invalid_argument(
          fmt::format("Must specify SequenceNumber for StartingPosition of type {}.", type));
    auto parsed = shards::parse_sequence_number(*start.sequence_number);
    if (!parsed || parsed->shard_index != shard.index ||
        parsed->origin_secs != stream.created_ms / 1000 || parsed->counter >= stream.next_counter)
      throw errors::invalid_argument(fmt::format(
          "StartingSequenceNumber {} used in SubscribeToShard on shard {} in stream {} under "
          "account {} is invalid.",
          *start.sequence_number, shard.id(), stream.name, stream.account));
    return type == "AT_SEQUENCE_NUMBER" ? parsed->counter : parsed->counter + 1;
  }
  if (type == "TRIM_HORIZON") return shard.starting_counter;
  if (type == "LATEST") return past_end;
  if (!start.timestamp)
    throw errors::invalid_argument(
        "Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current "
        "request has no timestamp parameter.");
  auto at_ms = static_cast<std::int64_t>(std::llround(*start.timestamp * 1000));
  if (at_ms > now)
    throw errors::invalid_argument(fmt::format(
        "The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. "
        "timestampInMillis: {}, currentTimestampInMillis: {}",
        at_ms, now));
  return record_table::first_arrived_at(db, shard.records_slot, at_ms).value_or(past_end);
}

// One look at the shard for a subscription: the event to send, or why it must end.
struct SubscriptionStep {
  std::optional<AwsError> failure;
  json event;
  bool has_records = false;
  bool more = false;       // records past this event's wait in the shard
  bool shard_end = false;  // the last event: the shard is closed and read to its end
  std::int64_t next_position = 0;
};

}  // namespace

void KinesisService::wake_subscribers_after_commit(store::Database& db, std::int64_t stream_id) {
  db.after_commit([&notifier = context_.notifier, key = stream_records_wake_key(stream_id)] {
    notifier.notify(key);
  });
}

Awaitable<json> KinesisService::SubscribeToShard(const Call& call) {
  InputCheck check(call.input);
  check.required("ConsumerARN")
      .required("ShardId")
      .required("StartingPosition")
      .length("ConsumerARN", 1, 2048)
      .name("ShardId");
  auto start = read_starting_position(call.input, check);
  check.done();
  std::string consumer_arn = *check.string("ConsumerARN");
  std::string shard_text = *check.string("ShardId");

  ShardSubscription subscription;
  {
    auto lock = context_.store.lock();
    auto& db = context_.store.db();
    auto consumer = parse_consumer_arn(consumer_arn);
    if (!consumer) throw subscribed_consumer_not_found(consumer_arn, call.account);
    Stream stream = stream_at_arn(db, call, consumer->stream_arn);
    if (!consumer_registered(db, stream.id, consumer->name, consumer->created_secs))
      throw subscribed_consumer_not_found(consumer_arn, stream.account);
    auto index = shards::parse_shard_id(shard_text);
    auto shard = index ? stream_table::shard(db, stream.id, *index) : std::nullopt;
    if (!shard)
      throw errors::resource_not_found(
          fmt::format("Shard {} in stream {} under account {} does not exist", shard_text,
                      stream.name, stream.account));
    subscription.position = subscription_start_counter(db, stream, *shard, *start, now_ms());
    subscription.stream_id = stream.id;
    subscription.shard_index = shard->index;
    subscription.consumer_name = consumer->name;
    subscription.consumer_created_secs = consumer->created_secs;
    subscription.in_use_message =
        fmt::format("Another active subscription exists for this consumer: {}:{}:{}:{}",
                    stream.account, stream.name, shard->id(), consumer->name);
  }
  if (!call.events)
    throw errors::invalid_argument(
        "SubscribeToShard answers with an event stream, which needs HTTP/2: send the request "
        "over HTTP/2.");
  auto claim = subscriptions_->claim(consumer_arn + "|" + shard_text, now_ms());
  if (!claim) throw errors::resource_in_use(subscription.in_use_message);
  subscription.claim = std::move(*claim);
  subscription.ends_at = context_.clock.now() + kSubscriptionLifetime;
  // A subscription this one took over ends at its next look.
  context_.notifier.notify(stream_records_wake_key(subscription.stream_id));
  asio::co_spawn(asio::make_strand(context_.io),
                 run_subscription(std::move(subscription), call.events), asio::detached);
  co_return json::object();
}

Awaitable<void> KinesisService::run_subscription(ShardSubscription subscription,
                                                 std::shared_ptr<protocol::EventStream> events) {
  const std::string wake_key = stream_records_wake_key(subscription.stream_id);
  TimePoint heartbeat_due = context_.clock.now();  // the first event goes at once
  auto subscriptions = subscriptions_;
  while (true) {
    // Taken before looking, so a record put after the look still ends the wait.
    auto ticket = context_.notifier.ticket(wake_key);
    SubscriptionStep step;
    {
      auto lock = context_.store.lock();
      auto& db = context_.store.db();
      std::int64_t now = now_ms();
      auto stream = stream_table::find_by_id(db, subscription.stream_id);
      auto shard =
          stream ? stream_table::shard(db, stream->id, subscription.shard_index) : std::nullopt;
      // Gone first: a reset forgets the claim along with the stream.
      if (!shard || !consumer_registered(db, stream->id, subscription.consumer_name,
                                         subscription.consumer_created_secs)) {
        step.failure = errors::resource_not_found(fmt::format(
            "Consumer {}, or its stream, no longer exists.", subscription.consumer_name));
      } else if (!subscriptions->holds(subscription.claim)) {
        step.failure = errors::resource_in_use(subscription.in_use_message);
      } else {
        auto batch = record_table::read(db, shard->records_slot, subscription.position,
                                        stream->retention_cutoff_ms(now), kMaxGetRecordsLimit,
                                        kMaxGetRecordsBytes);
        json records = json::array();
        for (const StoredRecord& record : batch.records)
          records.push_back(record_json(*stream, shard->index, record));
        std::int64_t behind = 0;
        if (batch.more && !batch.records.empty())
          behind = std::max<std::int64_t>(0, now - batch.records.back().arrival_ms);
        step.has_records = !batch.records.empty();
        step.more = batch.more;
        step.next_position =
            step.has_records ? batch.records.back().counter + 1 : subscription.position;
        step.event = {{"Records", std::move(records)}, {"MillisBehindLatest", behind}};
        if (!shard->open() && !batch.more) {
          // The end of a closed shard: no continuation; the consumer moves on to the children.
          step.shard_end = true;
          step.event["ChildShards"] = child_shards_of(*shard, stream_table::shards(db, stream->id));
        } else {
          // Resuming AFTER_SEQUENCE_NUMBER this reads on from the next record, delivered or not.
          // Counter 0 is never a record's, so it stands for "before the first".
          std::int64_t last = std::max<std::int64_t>(step.next_position - 1, 0);
          std::int64_t arrival_ms = step.has_records ? batch.records.back().arrival_ms : now;
          step.event["ContinuationSequenceNumber"] =
              shards::format_sequence_number({.origin_secs = stream->created_ms / 1000,
                                              .shard_index = shard->index,
                                              .counter = last,
                                              .arrival_secs = arrival_ms / 1000});
        }
      }
    }
    if (step.failure) {
      events->fail(std::move(*step.failure));
      break;
    }
    if (step.has_records || step.shard_end || context_.clock.now() >= heartbeat_due) {
      bool open = co_await events->send("SubscribeToShardEvent", std::move(step.event));
      if (!open) break;
      subscription.position = step.next_position;
      heartbeat_due = context_.clock.now() + kHeartbeatInterval;
      if (step.shard_end) {
        events->finish();
        break;
      }
    }
    if (context_.clock.now() >= subscription.ends_at || context_.notifier.stopping()) {
      events->finish();
      break;
    }
    if (step.more) continue;
    co_await context_.notifier.wait(wake_key, std::min(heartbeat_due, subscription.ends_at),
                                    ticket);
  }
  subscriptions->release(subscription.claim);
}

}  // namespace eddy::services::kinesis
