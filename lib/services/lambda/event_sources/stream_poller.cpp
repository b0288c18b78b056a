#include "services/lambda/event_sources/stream_poller.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <functional>
#include <map>

#include "services/lambda/event_sources/event_filter.hpp"
#include "services/lambda/event_sources/failure_destination.hpp"
#include "services/lambda/event_sources/function_invocation.hpp"
#include "services/lambda/event_sources/mapping_settings.hpp"
#include "services/lambda/event_sources/stream_source.hpp"
#include "services/lambda/event_sources/tumbling_window.hpp"

namespace eddy::services::lambda::event_sources {
namespace {

constexpr auto kIdleWait = std::chrono::hours(1);
constexpr auto kMaxRetryBackoff = std::chrono::seconds(30);

json slice(const json& records, std::size_t from, std::size_t to) {
  json out = json::array();
  for (std::size_t i = from; i < to; ++i) out.push_back(records[i]);
  return out;
}

// Where the function's batchItemFailures report says to resume: the index of the record with the
// lowest reported sequence number, records.size() when none failed, nullopt when the report is
// not valid (the whole batch then failed).
std::optional<std::size_t> first_reported_failure(const std::string& payload, const json& records) {
  json answer = json::parse(payload, nullptr, false);
  if (answer.is_discarded() || !answer.is_object() || !answer.contains("batchItemFailures") ||
      answer["batchItemFailures"].is_null())
    return records.size();
  const json& failures = answer["batchItemFailures"];
  if (!failures.is_array()) return std::nullopt;
  std::size_t first = records.size();
  for (const json& failure : failures) {
    auto id = failure.is_object() ? failure.find("itemIdentifier") : failure.end();
    if (id == failure.end() || !id->is_string()) return std::nullopt;
    std::size_t i = 0;
    while (i < records.size() && record_sequence_number(records[i]) != *id) ++i;
    if (i == records.size()) return std::nullopt;
    first = std::min(first, i);
  }
  return first;
}

// What ParallelizationFactor keeps in order: a Kinesis record's partition key, a DynamoDB stream
// record's item key (AWS orders DynamoDB records per item).
std::string ordering_key(const json& record) {
  if (auto kinesis = record.find("kinesis"); kinesis != record.end())
    return kinesis->value("partitionKey", "");
  if (auto dynamodb = record.find("dynamodb"); dynamodb != record.end())
    return dynamodb->value("Keys", json::object()).dump();
  return {};
}

// The lanes of one shard's records delivered at once, and what the poller waits for.
struct ParallelLanes {
  int running = 0;
  bool all_delivered = true;
  std::exception_ptr error;
  std::string done_key;  // notified as each lane ends
};

class ShardDelivery {
 public:
  // With `window`, each event carries the window and its state, and each success takes the state
  // the function answered.
  ShardDelivery(PollerEnvironment& env, PollerControl& control, const StreamSource& source,
                std::string shard_id, TumblingWindow* window = nullptr)
      : env_(env),
        control_(control),
        source_(source),
        shard_id_(std::move(shard_id)),
        window_(window) {}

  // Delivers `records` until they succeed or are given up on. False when the poller stopped.
  Awaitable<bool> deliver(json records) {
    const json& settings = control_.mapping.settings;
    auto max_retries = settings.value("MaximumRetryAttempts", -1);
    auto max_age = settings.value("MaximumRecordAgeInSeconds", -1);
    bool bisect = settings.value("BisectBatchOnFunctionError", false);
    bool reports = reports_batch_item_failures(settings);
    int attempts = 0;
    std::optional<BatchOutcome> last_outcome;
    while (!records.empty()) {
      // Records older than MaximumRecordAgeInSeconds are given up on before the function sees
      // them again.
      std::int64_t oldest_ms = record_arrival_ms(records.front());
      if (max_age != -1 && env_.context.clock.now_ms() - oldest_ms > max_age * 1000) {
        co_await discard(records, "RecordAgeExceeded", attempts, last_outcome);
        co_return true;
      }
      json window_fields = window_ ? window_event_fields(*window_, shard_id_,
                                                         control_.mapping.event_source_arn, false)
                                   : json::object();
      auto outcome = co_await invoke_with_batch(env_, control_, records, window_fields);
      if (!outcome) co_return false;
      last_outcome = outcome;
      ++attempts;
      if (outcome->succeeded && window_)
        window_->state = state_of_response(outcome->result.payload, window_->state);
      if (outcome->succeeded) {
        std::optional<std::size_t> failed_from = records.size();
        if (reports) failed_from = first_reported_failure(outcome->result.payload, records);
        if (failed_from && *failed_from == records.size()) {
          co_await record_processing_result(env_, control_, "OK");
          co_return true;
        }
        // The records before the first failure are done; retry from it.
        if (failed_from) records = slice(records, *failed_from, records.size());
      }
      co_await record_processing_result(env_, control_, "PROBLEM: Function call failed");
      if (bisect && records.size() > 1) {
        // Named halves: GCC 12 mishandles temporaries inside co_await expressions.
        std::size_t half = records.size() / 2;
        json first_half = slice(records, 0, half);
        json second_half = slice(records, half, records.size());
        bool delivered = co_await deliver(std::move(first_half));
        if (!delivered) co_return false;
        delivered = co_await deliver(std::move(second_half));
        co_return delivered;
      }
      if (max_retries != -1 && attempts > max_retries) {
        co_await discard(records, "RetryAttemptsExhausted", attempts, last_outcome);
        co_return true;
      }
      auto backoff = std::min<std::chrono::milliseconds>(
          std::chrono::seconds(1 << std::min(attempts - 1, 5)), kMaxRetryBackoff);
      co_await sleep_until(env_, control_, env_.context.clock.now() + backoff);
      if (poller_should_stop(env_, control_)) co_return false;
    }
    co_return true;
  }

 private:
  // Describes the batch to the OnFailure destination; the poller then moves past it.
  Awaitable<void> discard(const json& records, std::string condition, int attempts,
                          std::optional<BatchOutcome> last_outcome) {
    DiscardedBatch discarded{.condition = std::move(condition),
                             .invoke_count = attempts,
                             .records = &records,
                             .shard_id = shard_id_,
                             .batch_info_key = source_.batch_info_key(),
                             .last_outcome = std::move(last_outcome)};
    co_await send_to_on_failure_destination(env_, control_.mapping, discarded);
  }

  PollerEnvironment& env_;
  PollerControl& control_;
  const StreamSource& source_;
  std::string shard_id_;
  TumblingWindow* window_;
};

class StreamPoller {
 public:
  StreamPoller(PollerEnvironment& env, PollerControl& control, std::unique_ptr<StreamSource> source)
      : env_(env),
        control_(control),
        source_(std::move(source)),
        filter_(EventFilter::compile(control.mapping.settings.value("FilterCriteria", json()))) {
    auto lock = env_.context.store.lock();
    for (auto& checkpoint :
         mapping_table::checkpoints(env_.context.store.db(), control_.mapping.uuid))
      checkpoints_[checkpoint.shard_id] = checkpoint;
  }

  Awaitable<void> run() {
    while (!poller_should_stop(env_, control_)) {
      auto ticket = env_.context.notifier.ticket(control_.wake_key);
      TimePoint next_look = env_.context.clock.now() + kIdleWait;
      bool progressed = co_await poll_shards(next_look);
      if (!progressed) co_await env_.context.notifier.wait(control_.wake_key, next_look, ticket);
    }
  }

 private:
  // One batch from each shard that can be read. True when any shard moved on.
  Awaitable<bool> poll_shards(TimePoint& next_look) {
    auto shards = source_->shards();
    if (!shards) co_return false;  // the stream went: wait for it, or for a stop
    co_await adopt_new_shards(*shards);
    bool progressed = false;
    for (const SourceShard& shard : *shards) {
      if (poller_should_stop(env_, control_)) co_return false;
      auto it = checkpoints_.find(shard.shard_id);
      if (it == checkpoints_.end() || it->second.finished || !parents_finished(shard)) continue;
      Checkpoint& checkpoint = it->second;
      auto batch_size = control_.mapping.settings["BatchSize"].get<int>();
      int factor = control_.mapping.settings.value("ParallelizationFactor", 1);
      int window_seconds = control_.mapping.settings.value("TumblingWindowInSeconds", 0);
      // With ParallelizationFactor N, up to N batches of the shard are in flight at once.
      ShardBatch batch = source_->read(shard.shard_id, checkpoint.position, batch_size * factor);
      if (batch.records.empty()) {
        // A tumbling window ends only once the shard was read past its end, so a record that
        // arrived just before the end still joins its state, however late the poller reads it.
        if (checkpoint.window) {
          bool running = co_await end_window_if_due(checkpoint, batch.read_at, next_look);
          if (!running) co_return false;
          if (!checkpoint.window) co_await save(checkpoint);
        }
        // A closed shard is finished once read to its end and its last window has ended.
        if (batch.finished && !checkpoint.window) {
          checkpoint.finished = true;
          co_await save(checkpoint);
          progressed = true;
        }
        continue;
      }
      if (!window_passed(shard.shard_id, batch, batch_size, next_look)) continue;
      json matching = json::array();
      for (const json& record : batch.records)
        if (filter_.matches(filterable_view(record))) matching.push_back(record);
      if (!matching.empty()) {
        bool delivered = false;
        if (window_seconds > 0)
          delivered = co_await deliver_in_windows(checkpoint, std::move(matching), batch_size,
                                                  window_seconds);
        else if (factor > 1)
          delivered =
              co_await deliver_in_lanes(shard.shard_id, std::move(matching), batch_size, factor);
        else
          delivered = co_await deliver_lane(shard.shard_id, std::move(matching), batch_size);
        if (!delivered) co_return false;
      }
      window_started_.erase(shard.shard_id);
      checkpoint.position = batch.next_position;
      checkpoint.finished = batch.finished;
      co_await save(checkpoint);
      progressed = true;
    }
    co_return progressed;
  }

  // Delivers `records` in batches of at most `batch_size`, one after another. False when the
  // poller stopped.
  Awaitable<bool> deliver_lane(const std::string& shard_id, json records, int batch_size) {
    auto size = static_cast<std::size_t>(batch_size);
    for (std::size_t from = 0; from < records.size(); from += size) {
      ShardDelivery delivery(env_, control_, *source_, shard_id);
      json batch = slice(records, from, std::min(from + size, records.size()));
      bool delivered = co_await delivery.deliver(std::move(batch));
      if (!delivered) co_return false;
    }
    co_return true;
  }

  // TumblingWindowInSeconds: each run of records of one window is delivered with the window's
  // state; a record of a later window first ends the open one with its final invocation.
  Awaitable<bool> deliver_in_windows(Checkpoint& checkpoint, json records, int batch_size,
                                     int window_seconds) {
    const std::string& shard_id = checkpoint.shard_id;
    std::size_t from = 0;
    while (from < records.size()) {
      TumblingWindow window = window_of(record_arrival_ms(records[from]), window_seconds);
      std::size_t to = from;
      while (to < records.size() &&
             window_of(record_arrival_ms(records[to]), window_seconds).start == window.start)
        ++to;
      if (checkpoint.window && checkpoint.window->start != window.start) {
        bool ended = co_await end_window(checkpoint);
        if (!ended) co_return false;
      }
      if (!checkpoint.window) checkpoint.window = window;
      auto size = static_cast<std::size_t>(batch_size);
      for (std::size_t batch_from = from; batch_from < to; batch_from += size) {
        ShardDelivery delivery(env_, control_, *source_, shard_id, &*checkpoint.window);
        json batch = slice(records, batch_from, std::min(batch_from + size, to));
        bool delivered = co_await delivery.deliver(std::move(batch));
        if (!delivered) co_return false;
      }
      from = to;
    }
    co_return true;
  }

  // Ends the shard's open window when the shard, read to its end at `read_at`, holds nothing
  // more of it; else asks to look again at its end. False when the poller stopped.
  Awaitable<bool> end_window_if_due(Checkpoint& checkpoint, TimePoint read_at,
                                    TimePoint& next_look) {
    if (read_at < checkpoint.window->end) {
      next_look = std::min(next_look, checkpoint.window->end);
      co_return true;
    }
    co_return co_await end_window(checkpoint);
  }

  // The window's final invocation: no records, its state, isFinalInvokeForWindow. A failure is
  // retried as a batch's would be, throttles waited out.
  Awaitable<bool> end_window(Checkpoint& checkpoint) {
    json fields = window_event_fields(*checkpoint.window, checkpoint.shard_id,
                                      control_.mapping.event_source_arn, true);
    int max_retries = control_.mapping.settings.value("MaximumRetryAttempts", -1);
    for (int attempts = 1;; ++attempts) {
      auto outcome = co_await invoke_with_batch(env_, control_, json::array(), fields);
      if (!outcome) co_return false;
      if (outcome->succeeded || (max_retries != -1 && attempts > max_retries)) break;
      co_await record_processing_result(env_, control_, "PROBLEM: Function call failed");
      auto backoff = std::min<std::chrono::milliseconds>(
          std::chrono::seconds(1 << std::min(attempts - 1, 5)), kMaxRetryBackoff);
      co_await sleep_until(env_, control_, env_.context.clock.now() + backoff);
      if (poller_should_stop(env_, control_)) co_return false;
    }
    checkpoint.window.reset();
    co_return true;
  }

  // ParallelizationFactor: the records are split by the hash of their ordering key into `factor`
  // lanes delivered at once, so one key's records stay in order while the shard has up to
  // `factor` batches in flight. The checkpoint moves once every lane is done.
  Awaitable<bool> deliver_in_lanes(const std::string& shard_id, json records, int batch_size,
                                   int factor) {
    std::vector<json> lanes(static_cast<std::size_t>(factor), json::array());
    for (json& record : records)
      lanes[std::hash<std::string>{}(ordering_key(record)) % lanes.size()].push_back(
          std::move(record));
    auto state = std::make_shared<ParallelLanes>();
    state->done_key = control_.wake_key + "/lanes/" + shard_id;
    // The lanes run on the poller's strand: they interleave only while an invocation is awaited.
    auto executor = co_await asio::this_coro::executor;
    for (json& lane : lanes) {
      if (lane.empty()) continue;
      ++state->running;
      asio::co_spawn(executor, run_lane(state, shard_id, std::move(lane), batch_size),
                     asio::detached);
    }
    auto& notifier = env_.context.notifier;
    for (;;) {
      auto ticket = notifier.ticket(state->done_key);
      if (state->running == 0) break;
      // A stopping notifier answers every wait at once: waiting on would spin, and the lanes,
      // stopping too, may never end.
      if (notifier.stopping()) co_return false;
      co_await notifier.wait(state->done_key, env_.context.clock.now() + kIdleWait, ticket);
    }
    if (state->error) std::rethrow_exception(state->error);
    co_return state->all_delivered;
  }

  Awaitable<void> run_lane(std::shared_ptr<ParallelLanes> state, std::string shard_id, json lane,
                           int batch_size) {
    try {
      bool delivered = co_await deliver_lane(shard_id, std::move(lane), batch_size);
      if (!delivered) state->all_delivered = false;
    } catch (...) {
      state->error = std::current_exception();
    }
    --state->running;
    env_.context.notifier.notify(state->done_key);
  }

  // MaximumBatchingWindowInSeconds: a batch short of BatchSize waits for more until the window
  // since its first record was seen has passed.
  bool window_passed(const std::string& shard_id, const ShardBatch& batch, int batch_size,
                     TimePoint& next_look) {
    auto window = std::chrono::seconds(
        control_.mapping.settings["MaximumBatchingWindowInSeconds"].get<int>());
    if (window.count() == 0 || static_cast<int>(batch.records.size()) >= batch_size ||
        batch.finished)
      return true;
    TimePoint now = env_.context.clock.now();
    auto [it, added] = window_started_.emplace(shard_id, now);
    TimePoint due = it->second + window;
    if (now >= due) return true;
    next_look = std::min(next_look, due);
    return false;
  }

  // A child shard waits until every parent the mapping reads is read to its end.
  bool parents_finished(const SourceShard& shard) const {
    return std::all_of(shard.parents.begin(), shard.parents.end(), [&](const std::string& parent) {
      auto it = checkpoints_.find(parent);
      return it == checkpoints_.end() || it->second.finished;
    });
  }

  // Shards that appeared after the mapping began (a split or merge) start at their beginning,
  // once every parent the mapping reads is finished.
  Awaitable<void> adopt_new_shards(const std::vector<SourceShard>& shards) {
    for (const SourceShard& shard : shards) {
      if (checkpoints_.contains(shard.shard_id)) continue;
      if (!parents_finished(shard)) continue;
      Checkpoint checkpoint{
          .shard_id = shard.shard_id,
          .position = source_->position(shard.shard_id, StartingPosition::trim_horizon, 0)};
      checkpoints_[shard.shard_id] = checkpoint;
      co_await save(checkpoint);
    }
  }

  Awaitable<void> save(const Checkpoint& checkpoint) {
    co_await env_.context.store.write([&](store::Database& db) {
      // A mapping deleted meanwhile keeps no checkpoints.
      if (mapping_table::find(db, control_.mapping.uuid))
        mapping_table::save_checkpoint(db, control_.mapping.uuid, checkpoint);
    });
  }

  PollerEnvironment& env_;
  PollerControl& control_;
  std::unique_ptr<StreamSource> source_;
  EventFilter filter_;
  std::map<std::string, Checkpoint> checkpoints_;
  std::map<std::string, TimePoint> window_started_;
};

}  // namespace

Awaitable<void> run_stream_poller(std::shared_ptr<PollerEnvironment> env,
                                  std::shared_ptr<PollerControl> control,
                                  std::unique_ptr<StreamSource> source) {
  StreamPoller poller(*env, *control, std::move(source));
  co_await poller.run();
}

}  // namespace eddy::services::lambda::event_sources
