// Queue lifecycle: CreateQueue, GetQueueUrl, ListQueues, DeleteQueue, PurgeQueue and
// ListDeadLetterSourceQueues.
#include <algorithm>

#include "core/arn.hpp"
#include "core/base64.hpp"
#include "core/input.hpp"
#include "protocol/preserialized_json.hpp"
#include "services/sqs/answer_text.hpp"
#include "services/sqs/message_table.hpp"
#include "services/sqs/queue_attributes.hpp"
#include "services/sqs/queue_tags.hpp"
#include "services/sqs/redrive_policy.hpp"
#include "services/sqs/request_params.hpp"
#include "services/sqs/sqs_errors.hpp"
#include "services/sqs/sqs_service.hpp"
#include "services/sqs/text_requests.hpp"

namespace eddy::services::sqs {
namespace {

constexpr std::int64_t kPurgeIntervalMs = 60'000;

// One page of queue URLs, in name order. The token is the last name of the previous page.
json page_of_urls(const std::vector<QueuePtr>& queues, const Call& call, std::string_view member,
                  bool always_present) {
  auto max_results = params::optional_integer(call.input, "MaxResults", 1, 1000,
                                              "MaxResults must be an integer between 1 and 1000.");
  std::string after;
  if (auto token = params::optional_string(call.input, "NextToken"); token && !token->empty()) {
    auto decoded = base64::decode(*token);
    if (!decoded) throw errors::invalid_parameter_value("Invalid NextToken value.");
    after = *decoded;
  }
  json urls = json::array();
  json out = json::object();
  std::size_t limit = static_cast<std::size_t>(max_results.value_or(1000));
  for (const auto& queue : queues) {
    if (!after.empty() && queue->name <= after) continue;
    if (urls.size() == limit) {
      // Only a caller who asked for pages gets a token; others get the first 1000.
      if (max_results) out["NextToken"] = base64::encode(after);
      break;
    }
    urls.push_back(queue->url(call.host));
    after = queue->name;
  }
  if (!urls.empty() || always_present) out[std::string(member)] = std::move(urls);
  return out;
}

}  // namespace

Awaitable<json> SqsService::CreateQueue(const Call& call) {
  std::string name = params::required_string(call.input, "QueueName");
  json given = params::object_member(call.input, "Attributes");
  bool fifo = false;
  if (auto it = given.find("FifoQueue"); it != given.end()) {
    auto flag = eddy::input::boolean(*it);
    if (!flag) throw errors::invalid_attribute_value("FifoQueue");
    fifo = *flag;
  }
  queue_attributes::check_queue_name(name, fifo);
  json changes = queue_attributes::validate(given, fifo, queue_attributes::Change::create);
  // JSON clients send CreateQueue's tags as "tags"; query clients send Tag.N, read as "Tags".
  json tags = params::object_member(call.input, call.input.contains("tags") ? "tags" : "Tags");
  queue_tags::check(tags);

  co_return co_await context_.store.write([&](store::Database& db) -> json {
    std::int64_t now = now_ms();
    if (QueuePtr existing = catalog_.find(call.account, call.region, name)) {
      for (const auto& [attribute, value] : changes.items())
        if (queue_attributes::current_value(existing->attributes, attribute) != value)
          throw errors::queue_name_exists(attribute);
      return {{"QueueUrl", existing->url(call.host)}};
    }
    if (catalog_.deleted_at(db, call.account, call.region, name, now))
      throw errors::queue_deleted_recently();
    std::string arn = make_arn("sqs", call.region, call.account, name);
    if (auto redrive = changes.find("RedrivePolicy");
        redrive != changes.end() && !redrive->get_ref<const std::string&>().empty()) {
      auto policy = redrive::parse_redrive_policy(*redrive);
      redrive::check_target(*redrive, arn, fifo,
                            catalog_.find_by_arn(policy.dead_letter_target_arn));
    }
    json attributes = queue_attributes::apply(queue_attributes::defaults(fifo), changes);
    QueuePtr queue = catalog_.create(db, call.account, call.region, name, fifo,
                                     std::move(attributes), std::move(tags), now);
    return {{"QueueUrl", queue->url(call.host)}};
  });
}

json SqsService::GetQueueUrl(const Call& call) {
  TextOrJson<GetQueueUrlText> given(call, read_get_queue_url_text);
  std::string name, owner;
  if (given.text) {
    name = std::move(given.text->queue_name);
    owner = std::move(given.text->owner).value_or(call.account);
  } else {
    name = params::required_string(given.input(), "QueueName");
    owner = params::optional_string(given.input(), "QueueOwnerAWSAccountId").value_or(call.account);
  }
  auto lock = context_.store.lock();
  QueuePtr queue = catalog_.find(owner.empty() ? call.account : owner, call.region, name);
  if (!queue) throw errors::queue_does_not_exist();
  std::string url = queue->url(call.host);
  if (call.answers_json_text) return protocol::preserialized_json(queue_url_answer_text(url));
  return {{"QueueUrl", std::move(url)}};
}

json SqsService::ListQueues(const Call& call) {
  std::string prefix = params::optional_string(call.input, "QueueNamePrefix").value_or("");
  std::vector<QueuePtr> queues;
  {
    auto lock = context_.store.lock();
    queues = catalog_.list(call.account, call.region, prefix);
  }
  return page_of_urls(queues, call, "QueueUrls", false);
}

Awaitable<json> SqsService::DeleteQueue(const Call& call) {
  co_return co_await context_.store.write([&](store::Database& db) -> json {
    QueuePtr queue = queue_for(call);
    catalog_.remove(db, *queue, now_ms());
    db.query(
          "UPDATE sqs_move_tasks SET status = 'FAILED', failure_reason = "
          "'AWS.SimpleQueueService.NonExistentQueue' WHERE status = 'RUNNING' AND "
          "(source_arn = ? OR destination_arn = ?)")
        ->bind(1, queue->arn)
        .bind(2, queue->arn)
        .run();
    // Long polls on the queue end.
    wake_after_commit(queue->wake_key);
    return json::object();
  });
}

Awaitable<json> SqsService::PurgeQueue(const Call& call) {
  co_return co_await context_.store.write([&](store::Database& db) -> json {
    QueuePtr queue = queue_for(call);
    std::int64_t now = now_ms();
    if (queue->purged_ms && now - *queue->purged_ms < kPurgeIntervalMs)
      throw errors::purge_in_progress(queue->name);
    message_table::purge(db, queue->id);
    Queue changed = *queue;
    changed.purged_ms = now;
    catalog_.update(db, changed);
    return json::object();
  });
}

json SqsService::ListDeadLetterSourceQueues(const Call& call) {
  std::vector<QueuePtr> sources;
  {
    auto lock = context_.store.lock();
    QueuePtr queue = queue_for(call);
    sources = catalog_.sources_of(queue->arn);
  }
  std::sort(sources.begin(), sources.end(),
            [](const QueuePtr& a, const QueuePtr& b) { return a->name < b->name; });
  return page_of_urls(sources, call, "queueUrls", true);
}

}  // namespace eddy::services::sqs
