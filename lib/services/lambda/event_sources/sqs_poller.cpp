#include "services/lambda/event_sources/sqs_poller.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <set>

#include "eddy/log.hpp"
#include "services/lambda/event_sources/event_filter.hpp"
#include "services/lambda/event_sources/event_records.hpp"
#include "services/lambda/event_sources/function_invocation.hpp"
#include "services/lambda/event_sources/mapping_settings.hpp"

namespace eddy::services::lambda::event_sources {
namespace {

constexpr std::int64_t kLongPollSeconds = 20;
constexpr std::int64_t kMaxReceive = 10;
// How long a worker waits before trying a queue that could not be read (deleted, say) again.
constexpr auto kUnreadableQueuePause = std::chrono::seconds(10);

sqs::ReceiveRequest receive_request(std::int64_t wanted, std::int64_t wait_seconds) {
  return {.max_messages = static_cast<std::size_t>(std::min(wanted, kMaxReceive)),
          .wait_seconds = wait_seconds,
          .attribute_names = {"All"},
          .message_attribute_names = {"All"}};
}

// The receipt handles of messages the function's answer did not report as failed; nullopt when
// the answer is not a valid batchItemFailures report, which fails the whole batch as AWS does.
std::optional<std::vector<std::string>> handles_not_reported(
    const std::string& payload, const std::vector<sqs::ReceivedMessage>& batch) {
  json answer = json::parse(payload, nullptr, false);
  std::vector<std::string> handles;
  if (answer.is_discarded() || !answer.is_object() || !answer.contains("batchItemFailures") ||
      answer["batchItemFailures"].is_null()) {
    for (const auto& message : batch) handles.push_back(message.receipt_handle);
    return handles;
  }
  const json& failures = answer["batchItemFailures"];
  if (!failures.is_array()) return std::nullopt;
  std::set<std::string> failed;
  for (const json& failure : failures) {
    auto id = failure.is_object() ? failure.find("itemIdentifier") : failure.end();
    if (id == failure.end() || !id->is_string() || id->get_ref<const std::string&>().empty())
      return std::nullopt;
    bool known = std::any_of(batch.begin(), batch.end(),
                             [&](const auto& message) { return message.message_id == *id; });
    if (!known) return std::nullopt;
    failed.insert(id->get<std::string>());
  }
  for (const auto& message : batch)
    if (!failed.contains(message.message_id)) handles.push_back(message.receipt_handle);
  return handles;
}

// A batch: up to BatchSize messages, gathered for at most the batching window once the first
// arrives. Empty when the poller stopped or the queue had nothing within a long poll.
Awaitable<std::vector<sqs::ReceivedMessage>> gather_batch(PollerEnvironment& env,
                                                          PollerControl& control) {
  const Mapping& mapping = control.mapping;
  auto batch_size = mapping.settings["BatchSize"].get<std::int64_t>();
  auto window =
      std::chrono::seconds(mapping.settings["MaximumBatchingWindowInSeconds"].get<std::int64_t>());
  auto batch = co_await env.apis.sqs.receive(mapping.event_source_arn,
                                             receive_request(batch_size, kLongPollSeconds));
  if (batch.empty() || window.count() == 0) co_return batch;
  TimePoint deadline = env.context.clock.now() + window;
  while (static_cast<std::int64_t>(batch.size()) < batch_size &&
         !poller_should_stop(env, control)) {
    auto remaining = deadline - env.context.clock.now();
    if (remaining <= TimePoint::duration::zero()) break;
    auto wait = std::chrono::ceil<std::chrono::seconds>(remaining).count();
    auto more = co_await env.apis.sqs.receive(
        mapping.event_source_arn,
        receive_request(batch_size - static_cast<std::int64_t>(batch.size()),
                        std::min(wait, kLongPollSeconds)));
    batch.insert(batch.end(), std::make_move_iterator(more.begin()),
                 std::make_move_iterator(more.end()));
  }
  co_return batch;
}

// Messages a stopped poller had received go back to the queue at once.
Awaitable<void> release(PollerEnvironment& env, const std::string& queue_arn,
                        const std::vector<sqs::ReceivedMessage>& batch) {
  for (const auto& message : batch) {
    try {
      co_await env.apis.sqs.change_visibility(queue_arn, message.receipt_handle, 0);
    } catch (const AwsError&) {
      // The queue went, or the handle is stale: nothing to give back.
    }
  }
}

Awaitable<void> delete_handles(PollerEnvironment& env, const std::string& queue_arn,
                               std::vector<std::string> handles) {
  if (handles.empty()) co_return;
  co_await env.apis.sqs.delete_messages(queue_arn, std::move(handles));
}

Awaitable<void> poll_once(PollerEnvironment& env, PollerControl& control,
                          const EventFilter& filter) {
  const Mapping& mapping = control.mapping;
  auto batch = co_await gather_batch(env, control);
  if (batch.empty()) co_return;
  if (poller_should_stop(env, control)) {
    co_await release(env, mapping.event_source_arn, batch);
    co_return;
  }
  RecordOrigin origin{.event_source_arn = mapping.event_source_arn, .region = mapping.region};
  std::vector<sqs::ReceivedMessage> matching;
  std::vector<std::string> filtered_out;
  json records = json::array();
  for (auto& message : batch) {
    json record = sqs_event_record(message, origin);
    if (filter.matches(filterable_view(record))) {
      records.push_back(std::move(record));
      matching.push_back(std::move(message));
    } else {
      filtered_out.push_back(message.receipt_handle);
    }
  }
  // AWS deletes the messages no filter matches: they never reach the function.
  co_await delete_handles(env, mapping.event_source_arn, std::move(filtered_out));
  if (matching.empty()) co_return;

  auto outcome = co_await invoke_with_batch(env, control, records);
  if (!outcome) {
    co_await release(env, mapping.event_source_arn, matching);
    co_return;
  }
  if (!outcome->succeeded) co_return;  // the visibility timeout brings them back
  bool reports_failures = reports_batch_item_failures(mapping.settings);
  std::vector<std::string> done;
  if (reports_failures) {
    auto not_reported = handles_not_reported(outcome->result.payload, matching);
    if (!not_reported) co_return;
    done = std::move(*not_reported);
  } else {
    for (const auto& message : matching) done.push_back(message.receipt_handle);
  }
  co_await delete_handles(env, mapping.event_source_arn, std::move(done));
}

}  // namespace

Awaitable<void> run_sqs_poller(std::shared_ptr<PollerEnvironment> env,
                               std::shared_ptr<PollerControl> control) {
  EventFilter filter =
      EventFilter::compile(control->mapping.settings.value("FilterCriteria", json()));
  while (!poller_should_stop(*env, *control)) {
    bool unreadable = false;
    try {
      co_await poll_once(*env, *control, filter);
    } catch (const AwsError& error) {
      log::write(log::Level::warn, fmt::format("event-source mapping {} cannot read its queue: {}",
                                               control->mapping.uuid, error.message()));
      unreadable = true;
    }
    if (unreadable)
      co_await sleep_until(*env, *control, env->context.clock.now() + kUnreadableQueuePause);
  }
}

}  // namespace eddy::services::lambda::event_sources
