// What a queue is configured with: GetQueueAttributes, SetQueueAttributes, tags, and the
// permissions AddPermission and RemovePermission keep in the queue's Policy.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>

#include "core/input.hpp"
#include "services/sqs/message_table.hpp"
#include "services/sqs/queue_attributes.hpp"
#include "services/sqs/queue_tags.hpp"
#include "services/sqs/redrive_policy.hpp"
#include "services/sqs/request_params.hpp"
#include "services/sqs/sqs_errors.hpp"
#include "services/sqs/sqs_service.hpp"

namespace eddy::services::sqs {
namespace {

using ordered_json = nlohmann::ordered_json;

bool wanted(const std::vector<std::string>& names, std::string_view name) {
  return std::any_of(names.begin(), names.end(),
                     [&](const std::string& n) { return n == "All" || n == name; });
}

void check_label(const std::string& label) {
  bool ok =
      !label.empty() && label.size() <= 80 && std::all_of(label.begin(), label.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '_';
      });
  if (!ok)
    throw errors::invalid_parameter(label, "Label",
                                    "Can only include alphanumeric characters, hyphens, or "
                                    "underscores. 1 to 80 in length");
}

// The queue's Policy document, or the default one AddPermission starts from.
ordered_json policy_of(const Queue& queue) {
  auto it = queue.attributes.find("Policy");
  if (it != queue.attributes.end()) {
    ordered_json policy = ordered_json::parse(it->get<std::string>(), nullptr, false);
    if (policy.is_object()) {
      if (!policy.contains("Statement")) policy["Statement"] = ordered_json::array();
      if (!policy["Statement"].is_array())
        policy["Statement"] = ordered_json::array({policy["Statement"]});
      return policy;
    }
  }
  return {{"Version", "2008-10-17"},
          {"Id", queue.arn + "/SQSDefaultPolicy"},
          {"Statement", ordered_json::array()}};
}

bool has_statement(const ordered_json& policy, const std::string& sid) {
  return std::any_of(policy["Statement"].begin(), policy["Statement"].end(),
                     [&](const ordered_json& s) { return s.value("Sid", "") == sid; });
}

// A single value stands alone in a policy; several make a list.
ordered_json one_or_many(const std::vector<std::string>& values) {
  if (values.size() == 1) return values.front();
  return ordered_json(values);
}

}  // namespace

json SqsService::GetQueueAttributes(const Call& call) {
  std::vector<std::string> names = params::string_list(call.input, "AttributeNames");
  for (const auto& name : names)
    if (!queue_attributes::is_known_name(name)) throw errors::unknown_attribute(name);

  auto lock = context_.store.lock();
  QueuePtr queue = queue_for(call);
  json out = json::object();
  if (wanted(names, "QueueArn")) out["QueueArn"] = queue->arn;
  if (wanted(names, "ApproximateNumberOfMessages") ||
      wanted(names, "ApproximateNumberOfMessagesNotVisible") ||
      wanted(names, "ApproximateNumberOfMessagesDelayed")) {
    auto counts = message_table::counts(context_.store.db(), *queue, now_ms());
    if (wanted(names, "ApproximateNumberOfMessages"))
      out["ApproximateNumberOfMessages"] = std::to_string(counts.visible);
    if (wanted(names, "ApproximateNumberOfMessagesNotVisible"))
      out["ApproximateNumberOfMessagesNotVisible"] = std::to_string(counts.in_flight);
    if (wanted(names, "ApproximateNumberOfMessagesDelayed"))
      out["ApproximateNumberOfMessagesDelayed"] = std::to_string(counts.delayed);
  }
  if (wanted(names, "CreatedTimestamp"))
    out["CreatedTimestamp"] = std::to_string(queue->created_ms / 1000);
  if (wanted(names, "LastModifiedTimestamp"))
    out["LastModifiedTimestamp"] = std::to_string(queue->modified_ms / 1000);
  for (const auto& [name, value] : queue->attributes.items())
    if (wanted(names, name)) out[name] = value;
  if (out.empty()) return json::object();
  return {{"Attributes", std::move(out)}};
}

Awaitable<json> SqsService::SetQueueAttributes(const Call& call) {
  json given = params::object_member(call.input, "Attributes");
  co_return co_await context_.store.write([&](store::Database& db) -> json {
    QueuePtr queue = queue_for(call);
    json changes = queue_attributes::validate(given, queue->fifo, queue_attributes::Change::set);
    if (auto redrive = changes.find("RedrivePolicy");
        redrive != changes.end() && !redrive->get_ref<const std::string&>().empty()) {
      auto policy = redrive::parse_redrive_policy(*redrive);
      redrive::check_target(*redrive, queue->arn, queue->fifo,
                            catalog_.find_by_arn(policy.dead_letter_target_arn));
    }
    if (changes.empty()) return json::object();
    Queue changed = *queue;
    changed.attributes = queue_attributes::apply(queue->attributes, changes);
    changed.modified_ms = now_ms();
    catalog_.update(db, changed);
    // A new ReceiveMessageWaitTimeSeconds or delay changes what waiting receivers should expect.
    wake_after_commit(queue->wake_key);
    return json::object();
  });
}

Awaitable<json> SqsService::TagQueue(const Call& call) {
  json tags = params::object_member(call.input, "Tags");
  if (tags.empty()) throw errors::missing_parameter("Tags");
  queue_tags::check(tags);
  co_return co_await context_.store.write([&](store::Database& db) -> json {
    QueuePtr queue = queue_for(call);
    Queue changed = *queue;
    for (const auto& [key, value] : tags.items()) changed.tags[key] = value;
    queue_tags::check(changed.tags, queue->name);
    catalog_.update(db, changed);
    return json::object();
  });
}

Awaitable<json> SqsService::UntagQueue(const Call& call) {
  std::vector<std::string> keys = params::string_list(call.input, "TagKeys");
  if (keys.empty()) throw errors::missing_parameter("TagKeys");
  co_return co_await context_.store.write([&](store::Database& db) -> json {
    QueuePtr queue = queue_for(call);
    Queue changed = *queue;
    for (const auto& key : keys) changed.tags.erase(key);
    catalog_.update(db, changed);
    return json::object();
  });
}

json SqsService::ListQueueTags(const Call& call) {
  auto lock = context_.store.lock();
  QueuePtr queue = queue_for(call);
  if (queue->tags.empty()) return json::object();
  return {{"Tags", queue->tags}};
}

Awaitable<json> SqsService::AddPermission(const Call& call) {
  static constexpr std::array<std::string_view, 9> kActions{"*",
                                                            "SendMessage",
                                                            "ReceiveMessage",
                                                            "DeleteMessage",
                                                            "ChangeMessageVisibility",
                                                            "GetQueueAttributes",
                                                            "GetQueueUrl",
                                                            "ListDeadLetterSourceQueues",
                                                            "PurgeQueue"};
  std::string label = params::required_string(call.input, "Label");
  std::vector<std::string> accounts = params::string_list(call.input, "AWSAccountIds");
  std::vector<std::string> actions = params::string_list(call.input, "Actions");
  if (accounts.empty()) throw errors::missing_parameter("AWSAccountIds");
  if (actions.empty()) throw errors::missing_parameter("Actions");
  check_label(label);
  if (actions.size() > 7)
    throw errors::over_limit(
        fmt::format("{} Actions were found, maximum allowed is 7.", actions.size()));
  for (const auto& action : actions)
    if (std::find(kActions.begin(), kActions.end(), action) == kActions.end())
      throw errors::invalid_parameter("SQS:" + action, "ActionName",
                                      "Only the queue owner is allowed to invoke this action.");

  co_return co_await context_.store.write([&](store::Database& db) -> json {
    QueuePtr queue = queue_for(call);
    ordered_json policy = policy_of(*queue);
    if (has_statement(policy, label))
      throw errors::invalid_parameter(label, "Label", "Already exists.");
    std::vector<std::string> principals, qualified_actions;
    for (const auto& account : accounts) principals.push_back("arn:aws:iam::" + account + ":root");
    for (const auto& action : actions) qualified_actions.push_back("SQS:" + action);
    ordered_json statement;
    statement["Sid"] = label;
    statement["Effect"] = "Allow";
    statement["Principal"] = {{"AWS", one_or_many(principals)}};
    statement["Action"] = one_or_many(qualified_actions);
    statement["Resource"] = queue->arn;
    policy["Statement"].push_back(std::move(statement));

    Queue changed = *queue;
    changed.attributes["Policy"] = policy.dump();
    changed.modified_ms = now_ms();
    catalog_.update(db, changed);
    return json::object();
  });
}

Awaitable<json> SqsService::RemovePermission(const Call& call) {
  std::string label = params::required_string(call.input, "Label");
  co_return co_await context_.store.write([&](store::Database& db) -> json {
    QueuePtr queue = queue_for(call);
    ordered_json policy = policy_of(*queue);
    if (!has_statement(policy, label))
      throw errors::invalid_parameter(label, "Label", "can't find label.");
    auto& statements = policy["Statement"];
    statements.erase(
        std::remove_if(statements.begin(), statements.end(),
                       [&](const ordered_json& s) { return s.value("Sid", "") == label; }),
        statements.end());
    Queue changed = *queue;
    if (statements.empty())
      changed.attributes.erase("Policy");
    else
      changed.attributes["Policy"] = policy.dump();
    changed.modified_ms = now_ms();
    catalog_.update(db, changed);
    return json::object();
  });
}

}  // namespace eddy::services::sqs
